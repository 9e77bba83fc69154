/**
 * SIGTERM to the real server (server/main.ts as a child process, on Redis + PostgreSQL of
 * the test's own): /readyz turns 503 (draining) at once, the connected phones are told
 * `server:leaving`, a claim that was under way when the signal came completes and is
 * acknowledged (and is stored: a new server reads it back), and the process exits 0.
 *
 * The claim is held under way by freezing Redis (SIGSTOP) with a long storage deadline, so
 * the signal certainly arrives while it waits; thawing Redis lets it finish.
 *
 * And with Redis killed or frozen, or PostgreSQL stopped, when the signal comes: the process
 * still exits (every close is bounded; a frozen Redis used to hold it for ever).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ServerLeaving } from '../../src/lib/protocol/schemas.ts';
import { startPostgres } from '../helpers/postgres.ts';
import { readDemoLinks, startServerProcess } from '../helpers/process.ts';
import { startRedis } from '../helpers/redis.ts';
import { connect, joinMember } from '../helpers/server.ts';

// Patience for a loaded machine; nothing here is a timing requirement.
const patiently = { timeout: 20_000, interval: 100 };

const dataDir = mkdtempSync(join(tmpdir(), 'tablee-shutdown-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('SIGTERM', () => {
	it('drains: not ready, clients told to leave, the claim under way acknowledged, exit 0', async () => {
		const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
		const env = {
			REDIS_URL: redis.url,
			DATABASE_URL: postgres.url,
			REDIS_PREFIX: 'shutdown',
			TABLEE_STORAGE_DEADLINE_MS: '120000',
			TABLEE_DRAIN_MS: '60000'
		};
		const server = await startServerProcess(dataDir, env);
		const links = readDemoLinks(dataDir);
		const joined = await Promise.all(['Awa', 'Bruno'].map((name) => joinMember(server.url, links.code, name)));
		const phones = await Promise.all(
			joined.map((j) => connect(server.url, { role: 'member', mealId: links.mealId, token: j.token }))
		);
		const notices: ServerLeaving[][] = phones.map(() => []);
		phones.forEach((phone, i) => phone.socket.on('server:leaving', (info) => notices[i]!.push(info)));
		const task = [...phones[0]!.state.tasks.values()].find((t) => t.slots >= 2)!;

		redis.freeze();
		const claim = phones[0]!.send('task:claim', { taskId: task.id });
		await vi.waitFor(async () => {
			const metrics = await (await fetch(`${server.url}/metrics`)).text();
			expect(metrics).toMatch(/^tablee_commands_in_flight 1$/m);
		}, patiently);

		server.child.kill('SIGTERM');
		await vi.waitFor(async () => {
			const ready = await fetch(`${server.url}/readyz`);
			expect(ready.status).toBe(503);
			expect(await ready.json()).toMatchObject({ ok: false, draining: true });
		}, patiently);
		await vi.waitFor(() => expect(notices.map((n) => n.length)).toEqual([1, 1]), patiently);
		expect(notices[0]![0]!.reconnectWithinMs).toBeGreaterThan(0);
		// Still serving what it holds: liveness stays up while it drains.
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

		redis.thaw();
		expect(await claim).toEqual({ ok: true });
		expect(await server.exited).toEqual({ code: 0, signal: null });
		expect(server.output()).toMatch(/draining/);
		for (const phone of phones) phone.close();

		// Stored, not only acknowledged: the next server reads it back.
		const next = await startServerProcess(dataDir, env);
		const again = await connect(next.url, { role: 'member', mealId: links.mealId, token: joined[1]!.token });
		expect(again.state.tasks.get(task.id)!.claims.map((c) => c.memberId)).toEqual([joined[0]!.memberId]);
		again.close();
		expect(await next.kill('SIGTERM')).toEqual({ code: 0, signal: null });
	}, 120_000);
});

describe('SIGTERM with storage away', () => {
	// A supervisor stopping an instance because Redis or PostgreSQL failed must see it go:
	// nothing it would hand back can be stored anyway, and its phones reconnect elsewhere.
	for (const away of ['Redis killed', 'Redis frozen', 'PostgreSQL stopped'] as const) {
		it(`still exits when ${away}`, async () => {
			const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
			const dir = mkdtempSync(join(tmpdir(), 'tablee-shutdown-away-'));
			const env = {
				REDIS_URL: redis.url,
				DATABASE_URL: postgres.url,
				REDIS_PREFIX: 'away',
				TABLEE_DRAIN_MS: '2000'
			};
			try {
				const server = await startServerProcess(dir, env);
				const links = readDemoLinks(dir);
				const joined = await joinMember(server.url, links.code, 'Awa');
				// A phone holds the meal: its session reads the log (a blocked XREAD) when the signal comes.
				const phone = await connect(server.url, { role: 'member', mealId: links.mealId, token: joined.token });
				if (away === 'Redis killed') await redis.kill();
				else if (away === 'Redis frozen') redis.freeze();
				else await postgres.stop();
				server.child.kill('SIGTERM');
				const exit = await server.exited;
				expect(exit.signal).toBeNull();
				expect([0, 1]).toContain(exit.code);
				expect(server.output()).toMatch(/draining/);
				phone.close();
			} finally {
				redis.thaw();
				rmSync(dir, { recursive: true, force: true });
			}
		}, 120_000);
	}
});
