/**
 * The sign-in guard and a limiter on rate-limiter-flexible's Redis backend, as two
 * instances would use them (each its own connection) against one private Redis: what one
 * instance counted, the other refuses on; a network's cap holds however the joins are
 * spread; and an unlimited key is never refused by the other's counts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createLoginGuard } from '../../server/auth/login-guard.ts';
import { createJoinGuard } from '../../server/limits/join-guard.ts';
import { createLimiter } from '../../server/limits/limiter.ts';
import { redisLimiterBackend, redisNetworkCounts } from '../../server/scale/limits.ts';
import { connectRedis, type RedisConnection } from '../../server/storage/redis/connection.ts';
import { startRedis } from '../helpers/redis.ts';

const opened: RedisConnection[] = [];
afterAll(async () => {
	await Promise.allSettled(opened.map((c) => c.close()));
});

async function instances(prefix: string) {
	const redis = await startRedis();
	const open = async () => {
		const client = await connectRedis({ url: redis.url, name: 'test', onError: () => undefined });
		opened.push(client);
		return { backend: redisLimiterBackend({ client, prefix }), networks: redisNetworkCounts({ client, prefix }) };
	};
	return Promise.all([open(), open()]);
}

describe('limits in Redis, shared by instances', () => {
	it('refuses on one instance what the other counted: a window, sign-in waits, a network cap', async () => {
		const [a, b] = await instances('shared');
		const rule = { points: 3, perSeconds: 600 };
		const onA = createLimiter({ name: 'cmd:member', rule, backend: a.backend });
		const onB = createLimiter({ name: 'cmd:member', rule, backend: b.backend });
		expect(await onA.take('meal:m_1')).toEqual({ ok: true });
		expect(await onB.take('meal:m_1')).toEqual({ ok: true });
		expect(await onA.take('meal:m_1')).toEqual({ ok: true });
		expect(await onB.take('meal:m_1')).toMatchObject({ ok: false });
		expect(await onB.take('meal:m_2')).toEqual({ ok: true });

		const rules = { freeFailures: 2, maxWaitSeconds: 60, addressFailures: 100, accountFailures: 30 };
		const loginA = createLoginGuard({ rules, backend: a.backend });
		const loginB = createLoginGuard({ rules, backend: b.backend });
		const attempt = { address: '198.51.100.7', email: 'Admin@example.org' };
		for (const guard of [loginA, loginB, loginA]) await guard.failed(attempt);
		expect(await loginB.before(attempt)).toMatchObject({ ok: false });
		// The owner elsewhere is not held back by a stranger's failures.
		expect(await loginB.before({ ...attempt, address: '203.0.113.9' })).toEqual({ ok: true });

		const joinRules = { membersPerNetwork: 1, lookups: rule, joins: rule };
		const key = Buffer.alloc(32, 7);
		const joinsA = createJoinGuard({ rules: joinRules, backend: a.backend, networks: a.networks, key });
		const joinsB = createJoinGuard({ rules: joinRules, backend: b.backend, networks: b.networks, key });
		const network = joinsA.networkOf('192.0.2.44');
		expect(joinsB.networkOf('192.0.2.44')).toBe(network);
		const held = await joinsA.admit({ mealId: 'meal', network });
		// Held while it is written: the other instance cannot give the same place.
		expect(await joinsB.admit({ mealId: 'meal', network })).toEqual({ ok: false, refused: 1, cap: 1, network });
		if (!held.ok) throw new Error('admitted');
		await held.joined('m_1');
		expect([...(await joinsB.membersFrom({ mealId: 'meal', network }))]).toEqual(['m_1']);
		expect(await joinsB.allowMore({ mealId: 'meal', network, more: 1 })).toEqual({ cap: 2 });
		expect((await joinsA.admit({ mealId: 'meal', network })).ok).toBe(true);
	});
});
