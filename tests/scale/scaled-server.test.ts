/**
 * The real server (server/main.ts as a child process) with REDIS_URL and DATABASE_URL:
 * it migrates PostgreSQL, seeds the demo there, keeps the board in Redis, and after a
 * SIGKILL and a restart every acknowledged claim and member is still there. Several
 * instances serving one meal: multi-instance.test.ts and instance-crash.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDemoLinks, startServerProcess } from '../helpers/process.ts';
import { startPostgres } from '../helpers/postgres.ts';
import { startRedis } from '../helpers/redis.ts';
import { connect, joinMember } from '../helpers/server.ts';

describe('the server on Redis + PostgreSQL', () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'tablee-scaled-'));
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('keeps every acknowledged claim and member across a SIGKILL and restart', async () => {
		const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
		const env = { REDIS_URL: redis.url, DATABASE_URL: postgres.url, REDIS_PREFIX: 'scaled' };
		const first = await startServerProcess(dataDir, env);
		const health = await (await fetch(`${first.url}/api/health`)).json();
		expect(health).toMatchObject({ ok: true, store: 'redis+postgres' });

		const links = readDemoLinks(dataDir);
		const joined = await Promise.all(['Awa', 'Bruno', 'Chloé'].map((name) => joinMember(first.url, links.code, name)));
		const phones = await Promise.all(
			joined.map((j) => connect(first.url, { role: 'member', mealId: links.mealId, token: j.token }))
		);
		const task = [...phones[0]!.state.tasks.values()].find((t) => t.slots >= 3)!;
		const acks = await Promise.all(phones.map((p) => p.send('task:claim', { taskId: task.id })));
		expect(acks.every((a) => a.ok)).toBe(true);
		// Every trip to Redis and PostgreSQL is counted, by engine and operation; the real
		// server also reports the process's own numbers.
		const metrics = await (await fetch(`${first.url}/metrics`)).text();
		expect(metrics).toMatch(/^tablee_storage_round_trips_total\{engine="redis",operation="append"\} [1-9]/m);
		expect(metrics).toMatch(/^tablee_storage_round_trips_total\{engine="postgres",operation="query"\} [1-9]/m);
		expect(metrics).toMatch(/^tablee_process_resident_memory_bytes [1-9]/m);
		await first.kill('SIGKILL');

		const second = await startServerProcess(dataDir, env);
		// Nothing seeded twice: the demo meal and its code are the ones PostgreSQL kept.
		expect(readDemoLinks(dataDir)).toEqual(links);
		const again = await connect(second.url, { role: 'member', mealId: links.mealId, token: joined[1]!.token });
		const claims = again.state.tasks
			.get(task.id)!
			.claims.map((c) => c.memberId)
			.sort();
		expect(claims).toEqual(joined.map((j) => j.memberId).sort());
		await second.kill('SIGTERM');
	});
});
