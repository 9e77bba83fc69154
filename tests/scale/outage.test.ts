/**
 * Redis or PostgreSQL away under a running server (server/main.ts as a child process, a
 * redis-server and a PostgreSQL of the test's own): /readyz answers 503 naming the part,
 * writes are refused with `saving_paused` (answered, not left to the phone's timeout),
 * what is loaded keeps being read, and everything comes back by itself — with every
 * acknowledged claim kept and every phone on the same board.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { BoardConnection } from '../../src/lib/client/connection.ts';
import { ar } from '../../src/lib/i18n/ar.ts';
import { en } from '../../src/lib/i18n/en.ts';
import { fr } from '../../src/lib/i18n/fr.ts';
import { startPostgres } from '../helpers/postgres.ts';
import { readDemoLinks, startServerProcess, type ChildServer } from '../helpers/process.ts';
import { startRedis } from '../helpers/redis.ts';
import { missingClaims } from '../helpers/instances.ts';
import { connect, joinMember } from '../helpers/server.ts';

// Patience for a loaded machine; nothing here is a timing requirement.
const patiently = { timeout: 20_000, interval: 100 };

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function readyz(server: ChildServer) {
	const res = await fetch(`${server.url}/readyz`);
	return { status: res.status, body: (await res.json()) as { down?: string[]; parts?: Record<string, string> } };
}

/** Claims of every task, as one phone sees them: taskId → member ids, sorted. */
function claimsOf(phone: BoardConnection): Record<string, string[]> {
	return Object.fromEntries([...phone.state.tasks.values()].map((t) => [t.id, t.claims.map((c) => c.memberId).sort()]));
}

async function scaledServer() {
	const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
	const dataDir = mkdtempSync(join(tmpdir(), 'tablee-outage-'));
	dirs.push(dataDir);
	const server = await startServerProcess(dataDir, {
		REDIS_URL: redis.url,
		DATABASE_URL: postgres.url,
		REDIS_PREFIX: 'outage'
	});
	const links = readDemoLinks(dataDir);
	return { postgres, redis, server, links };
}

describe('Redis away', () => {
	it('refuses writes with saving_paused while Redis is frozen or down, serves reads, and recovers by itself', async () => {
		const { redis, server, links } = await scaledServer();
		const joined = await Promise.all(
			['Awa', 'Bruno', 'Chloé', 'Driss'].map((name) => joinMember(server.url, links.code, name))
		);
		const phones = await Promise.all(
			joined.map((j) => connect(server.url, { role: 'member', mealId: links.mealId, token: j.token }))
		);
		const tasks = [...phones[0]!.state.tasks.values()].filter((t) => t.slots >= 2);
		const acknowledged: { taskId: string; memberId: string }[] = [];
		const claim = async (i: number, taskId: string) => {
			const ack = await phones[i]!.send('task:claim', { taskId });
			if (ack.ok) acknowledged.push({ taskId, memberId: joined[i]!.memberId });
			return ack;
		};
		expect(await claim(0, tasks[0]!.id)).toEqual({ ok: true });
		const ready = await readyz(server);
		expect(ready).toMatchObject({ status: 200, body: { parts: { redis: 'ok', postgres: 'ok' } } });

		// Frozen: Redis holds the connections and answers nothing.
		redis.freeze();
		const frozen = await claim(1, tasks[0]!.id);
		// Answered by the server within its deadline, not by the phone's own timeout (`unavailable`).
		expect(frozen).toMatchObject({ ok: false, code: 'saving_paused' });
		expect(await claim(2, tasks[1]!.id)).toMatchObject({ ok: false, code: 'saving_paused' });
		const notReady = await readyz(server);
		expect(notReady.status).toBe(503);
		expect(notReady.body.down).toEqual(['redis']);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		// Reads: a phone that connects now gets the loaded board, the acknowledged claim in it.
		const reader = await connect(server.url, { role: 'member', mealId: links.mealId, token: joined[3]!.token });
		expect(claimsOf(reader)[tasks[0]!.id]).toEqual([joined[0]!.memberId]);

		redis.thaw();
		await vi.waitFor(async () => expect((await readyz(server)).status).toBe(200), patiently);
		// The frozen claim may have landed once Redis ran again: the board says which, and
		// claiming again is either a success or "already yours".
		await vi.waitFor(async () => {
			const again = await claim(1, tasks[0]!.id);
			expect(again.ok || (!again.ok && again.code === 'already_claimed')).toBe(true);
		}, patiently);
		if (!acknowledged.some((a) => a.memberId === joined[1]!.memberId))
			acknowledged.push({ taskId: tasks[0]!.id, memberId: joined[1]!.memberId });
		expect(await claim(2, tasks[1]!.id)).toEqual({ ok: true });

		// Down: killed, then restarted on its own AOF.
		await redis.kill('SIGKILL');
		expect(await claim(3, tasks[1]!.id)).toMatchObject({ ok: false, code: 'saving_paused' });
		const down = await readyz(server);
		expect(down.status).toBe(503);
		expect(down.body.down).toEqual(['redis']);
		await redis.start();
		await vi.waitFor(async () => expect((await readyz(server)).status).toBe(200), patiently);
		await vi.waitFor(async () => expect(await claim(3, tasks[1]!.id)).toEqual({ ok: true }), patiently);

		// Every acknowledged claim is on every phone, and all phones show the same board.
		for (const phone of [...phones, reader]) {
			await vi.waitFor(() => expect(missingClaims(phone, acknowledged)).toEqual([]), patiently);
			expect(claimsOf(phone)).toEqual(claimsOf(phones[0]!));
		}
		// What the phone reads while saving is paused says that it retries, in every language.
		expect(en['error.saving_paused']).toMatch(/keeps retrying/);
		expect(fr['error.saving_paused']).toMatch(/réessaie/);
		expect(ar['error.saving_paused']).toBeTruthy();
		for (const phone of [...phones, reader]) phone.close();
		expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
	}, 120_000);
});

describe('PostgreSQL away', () => {
	it('refuses record writes with saving_paused, keeps the board (in Redis) saving, and recovers by itself', async () => {
		const { postgres, server, links } = await scaledServer();
		const joined = await Promise.all(['Awa', 'Bruno'].map((name) => joinMember(server.url, links.code, name)));
		const phones = await Promise.all(
			joined.map((j) => connect(server.url, { role: 'member', mealId: links.mealId, token: j.token }))
		);
		const master = await connect(server.url, { role: 'master', mealId: links.mealId, key: links.masterKey });
		const task = [...phones[0]!.state.tasks.values()].find((t) => t.slots >= 2)!;

		await postgres.stop();
		const notReady = await readyz(server);
		expect(notReady.status).toBe(503);
		expect(notReady.body.down).toEqual(['postgres']);
		// A join is a record: refused, nothing half-saved.
		const join = await fetch(`${server.url}/api/join/${links.code}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Paul' })
		});
		expect(join.status).toBe(503);
		expect(await join.json()).toMatchObject({ code: 'saving_paused' });
		// A command that writes a record (a kitchen-screen link) is answered saving_paused.
		expect(await master.send('screen:link', {})).toMatchObject({ ok: false, code: 'saving_paused' });
		// The board lives in Redis: claims are still saved and reach everyone.
		expect(await phones[0]!.send('task:claim', { taskId: task.id })).toEqual({ ok: true });
		await vi.waitFor(
			() => expect(phones[1]!.state.tasks.get(task.id)!.claims.map((c) => c.memberId)).toContain(joined[0]!.memberId),
			patiently
		);

		await postgres.start();
		await vi.waitFor(async () => expect((await readyz(server)).status).toBe(200), patiently);
		await vi.waitFor(async () => expect(await master.send('screen:link', {})).toMatchObject({ ok: true }), patiently);
		expect((await joinMember(server.url, links.code, 'Paul')).memberId).toBeTruthy();
		expect(await phones[1]!.send('task:claim', { taskId: task.id })).toEqual({ ok: true });
		for (const phone of [...phones, master]) phone.close();
		expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
	}, 120_000);
});
