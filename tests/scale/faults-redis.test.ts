/**
 * Two instances behind the balancer, phones on both, and Redis (AOF on) killed and
 * restarted in the middle of the meal while the phones keep claiming. While it is away
 * the claims are answered saving_paused; the instances reconnect by themselves (both
 * ready again), every acknowledged claim is still there, and every phone — and a phone
 * arriving now on either instance — shows the same board.
 */
import { describe, expect, it, vi } from 'vitest';
import type { BoardConnection } from '../../src/lib/client/connection.ts';
import { claimsOf, missingClaims, patiently, startCluster } from '../helpers/instances.ts';
import { connect, joinMember } from '../helpers/server.ts';

const PHONES = 20;

describe('Redis restarted mid-meal', () => {
	it('reconnects every instance by itself, keeps every acknowledged claim, and every phone converges', async () => {
		const { redis, instances, balancer, links } = await startCluster({ count: 2, prefix: 'faultredis' });
		const joined: Awaited<ReturnType<typeof joinMember>>[] = [];
		for (let i = 0; i < PHONES; i++) joined.push(await joinMember(balancer.url, links.code, `Voisine ${i}`));
		const phones: BoardConnection[] = await Promise.all(
			joined.map((j) => connect(balancer.url, { role: 'member', mealId: links.mealId, token: j.token }))
		);
		const tasks = [...phones[0]!.state.tasks.values()];
		const acknowledged: { taskId: string; memberId: string }[] = [];
		const refusals: string[] = [];
		const claimRound = (round: number) =>
			Promise.all(
				phones.map(async (phone, i) => {
					const task = tasks[(i * 5 + round) % tasks.length]!;
					const ack = await phone.send('task:claim', { taskId: task.id });
					if (ack.ok) acknowledged.push({ taskId: task.id, memberId: joined[i]!.memberId });
					else refusals.push(ack.code);
				})
			);

		await claimRound(0);
		const before = acknowledged.length;
		expect(before).toBeGreaterThan(0);

		await redis.kill('SIGKILL');
		await claimRound(1);
		// Nothing was acknowledged while Redis was away: refused, saying why.
		expect(acknowledged.length).toBe(before);
		expect(refusals).toContain('saving_paused');
		for (const instance of instances) expect((await fetch(`${instance.url}/readyz`)).status).toBe(503);

		await redis.start();
		for (const instance of instances)
			await vi.waitFor(async () => expect((await fetch(`${instance.url}/readyz`)).status).toBe(200), patiently);
		await claimRound(2);
		await claimRound(3);
		expect(acknowledged.length).toBeGreaterThan(before);

		for (const phone of phones)
			await vi.waitFor(() => expect(missingClaims(phone, acknowledged)).toEqual([]), patiently);
		const board = claimsOf(phones[0]!);
		for (const phone of phones) await vi.waitFor(() => expect(claimsOf(phone)).toEqual(board), patiently);
		for (const task of tasks) expect(board[task.id]!.length).toBeLessThanOrEqual(task.slots);
		for (const instance of instances) {
			const fresh = await connect(instance.url, { role: 'member', mealId: links.mealId, token: joined[0]!.token });
			await vi.waitFor(() => expect(claimsOf(fresh)).toEqual(board), patiently);
			fresh.close();
		}
		for (const phone of phones) phone.close();
	}, 240_000);
});
