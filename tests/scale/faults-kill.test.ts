/**
 * Three instances behind the balancer, 54 phones spread over them by round robin, every
 * phone claiming places as fast as its acks come back; one instance is SIGKILLed in the
 * middle of the storm. Its phones reconnect through the balancer to the others and carry
 * on. At the end every acknowledged claim is on the board — as every phone sees it and
 * as each surviving instance serves it — and no task has more people than places.
 */
import { describe, expect, it, vi } from 'vitest';
import type { BoardConnection } from '../../src/lib/client/connection.ts';
import { claimsOf, missingClaims, patiently, startCluster } from '../helpers/instances.ts';
import { connect, joinMember } from '../helpers/server.ts';

const PHONES = 54;
const CLAIMS_EACH = 4;

describe('an instance SIGKILLed during a claim storm', () => {
	it('keeps every acknowledged claim, over-books nothing, and its phones resume on the others', async () => {
		const { instances, balancer, links } = await startCluster({
			count: 3,
			prefix: 'faultkill',
			env: { TABLEE_MEMBERS_PER_NETWORK: '300' }
		});
		const joined: Awaited<ReturnType<typeof joinMember>>[] = [];
		for (let i = 0; i < PHONES; i++) joined.push(await joinMember(balancer.url, links.code, `Voisin ${i}`));
		const phones: BoardConnection[] = await Promise.all(
			joined.map((j) => connect(balancer.url, { role: 'member', mealId: links.mealId, token: j.token }))
		);
		// Round robin spread them: each instance holds a third.
		const perInstance = await Promise.all(
			instances.map(async (instance) => {
				const text = await (await fetch(`${instance.url}/metrics`)).text();
				return Number(/^tablee_connections (\d+)$/m.exec(text)?.[1]);
			})
		);
		expect(perInstance.reduce((a, b) => a + b, 0)).toBe(PHONES);
		expect(Math.min(...perInstance)).toBeGreaterThan(0);

		const tasks = [...phones[0]!.state.tasks.values()];
		const acknowledged: { taskId: string; memberId: string }[] = [];
		const victim = instances[1]!;
		let killed: Promise<unknown> | undefined;
		const storm = phones.map(async (phone, i) => {
			for (let k = 0; k < CLAIMS_EACH; k++) {
				const task = tasks[(i * 7 + k * 3) % tasks.length]!;
				const ack = await phone.send('task:claim', { taskId: task.id });
				if (ack.ok) acknowledged.push({ taskId: task.id, memberId: joined[i]!.memberId });
				// A third of the way into the acknowledged claims, the instance dies.
				if (!killed && acknowledged.length >= 6) killed = victim.kill('SIGKILL');
			}
		});
		await Promise.all(storm);
		expect(killed).toBeDefined();
		expect(await killed).toEqual({ code: null, signal: 'SIGKILL' });
		expect(acknowledged.length).toBeGreaterThan(6);

		// Every phone is back (its instance's phones through another one) and they all agree.
		await vi.waitFor(() => expect(phones.filter((p) => p.status !== 'synced')).toHaveLength(0), patiently);
		const survivors = instances.filter((i) => i !== victim);
		await vi.waitFor(async () => {
			const counts = await Promise.all(
				survivors.map(async (instance) => {
					const text = await (await fetch(`${instance.url}/metrics`)).text();
					return Number(/^tablee_connections (\d+)$/m.exec(text)?.[1]);
				})
			);
			expect(counts.reduce((a, b) => a + b, 0)).toBe(PHONES);
		}, patiently);
		for (const phone of phones)
			await vi.waitFor(() => expect(missingClaims(phone, acknowledged)).toEqual([]), patiently);
		const board = claimsOf(phones[0]!);
		for (const phone of phones) await vi.waitFor(() => expect(claimsOf(phone)).toEqual(board), patiently);
		for (const task of tasks) expect(board[task.id]!.length).toBeLessThanOrEqual(task.slots);
		// Each surviving instance serves that same board to a phone that comes now.
		for (const instance of survivors) {
			const fresh = await connect(instance.url, { role: 'member', mealId: links.mealId, token: joined[0]!.token });
			await vi.waitFor(() => expect(claimsOf(fresh)).toEqual(board), patiently);
			fresh.close();
		}
		for (const phone of phones) phone.close();
	}, 240_000);
});
