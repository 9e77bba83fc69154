/**
 * An instance that dies without closing (SIGKILL), as real processes (server/main.ts) on
 * one private Redis and PostgreSQL: its members leave everyone's presence once its lease
 * ends, told by an instance still running, and a member whose phone was on it comes back
 * through the other instance with their claim, counted once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readDemoLinks, startServerProcess } from '../helpers/process.ts';
import { startPostgres } from '../helpers/postgres.ts';
import { startRedis } from '../helpers/redis.ts';
import { connect, joinMember } from '../helpers/server.ts';

/** vi.waitFor with room for a machine loaded by other test runs (a bound, not an expectation). */
const waitFor = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 15_000 });

describe('an instance SIGKILLed', () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'tablee-crash-'));
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('drops out of presence when its lease ends, and its member resumes on the other instance', async () => {
		const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
		const env = {
			REDIS_URL: redis.url,
			DATABASE_URL: postgres.url,
			REDIS_PREFIX: 'crash',
			TABLEE_INSTANCE_LEASE_MS: '1500'
		};
		// The second finds the demo the first seeded (links.json in the shared directory).
		const survivor = await startServerProcess(dataDir, env);
		const doomed = await startServerProcess(dataDir, env);
		const links = readDemoLinks(dataDir);
		const console = await connect(survivor.url, { role: 'master', mealId: links.mealId, key: links.masterKey });
		const awa = await joinMember(survivor.url, links.code, 'Awa');
		const bruno = await joinMember(doomed.url, links.code, 'Bruno');
		await connect(survivor.url, { role: 'member', mealId: links.mealId, token: awa.token });
		const brunoPhone = await connect(doomed.url, { role: 'member', mealId: links.mealId, token: bruno.token });
		await waitFor(() => expect(console.online).toEqual([awa.memberId, bruno.memberId].sort()));
		const task = [...brunoPhone.state.tasks.values()].find((t) => t.slots >= 2)!;
		expect(await brunoPhone.send('task:claim', { taskId: task.id })).toMatchObject({ ok: true });

		await doomed.kill('SIGKILL');
		brunoPhone.close();
		// Within a lease and a heartbeat of the survivor.
		await waitFor(() => expect(console.online).toEqual([awa.memberId]));

		const back = await connect(survivor.url, { role: 'member', mealId: links.mealId, token: bruno.token });
		expect(back.welcome?.memberId).toBe(bruno.memberId);
		expect(back.state.tasks.get(task.id)?.claims.map((c) => c.memberId)).toEqual([bruno.memberId]);
		await waitFor(() => expect(console.online).toEqual([awa.memberId, bruno.memberId].sort()));
		await survivor.kill('SIGTERM');
	}, 120_000);
});
