import { describe, expect, it } from 'vitest';
import { createLoginGuard } from '../auth/login-guard.ts';
import { createCommandBudget } from './command-budget.ts';
import { createConnectionCaps } from './connection-caps.ts';
import { createJoinGuard } from './join-guard.ts';

describe('join guard', () => {
	it('holds places while joins are written, counts refusals, and lets more in on request', async () => {
		const guard = createJoinGuard({
			rules: {
				membersPerNetwork: 2,
				lookups: { points: 10, perSeconds: 60 },
				joins: { points: 10, perSeconds: 60 }
			}
		});
		const network = guard.networkOf('192.0.2.1');
		expect(network).toMatch(/^[0-9A-F]{6}$/);
		expect(guard.networkOf('192.0.2.1')).toBe(network);
		const a = await guard.admit({ mealId: 'm', network });
		const b = await guard.admit({ mealId: 'm', network });
		// Two joins in flight take both places before either is written.
		expect(await guard.admit({ mealId: 'm', network })).toEqual({ ok: false, refused: 1, cap: 2, network });
		if (!a.ok || !b.ok) throw new Error('admitted');
		await a.joined('m_1');
		await b.cancel();
		expect((await guard.admit({ mealId: 'm', network })).ok).toBe(true);
		expect((await guard.admit({ mealId: 'other', network })).ok).toBe(true);
		expect(await guard.allowMore({ mealId: 'm', network, more: 5 })).toEqual({ cap: 7 });
		expect([...(await guard.membersFrom({ mealId: 'm', network }))]).toEqual(['m_1']);
	});
});

describe('connection caps', () => {
	it('counts per member and per address and frees on release, once', async () => {
		const caps = createConnectionCaps({ perMember: 1, perAddress: 2 });
		const first = await caps.admit({ address: 'a', member: 'x' });
		expect(await caps.admit({ address: 'a', member: 'x' })).toEqual({ ok: false, reason: 'member' });
		expect((await caps.admit({ address: 'a' })).ok).toBe(true);
		expect(await caps.admit({ address: 'a' })).toEqual({ ok: false, reason: 'address' });
		if (!first.ok) throw new Error('admitted');
		first.release();
		first.release();
		expect((await caps.admit({ address: 'a', member: 'x' })).ok).toBe(true);
		expect((await caps.admit({ address: 'a' })).ok).toBe(false);
	});
});

describe('command budget', () => {
	it('shares one member budget across connections and limits sync requests per connection', async () => {
		const budget = createCommandBudget({
			rules: {
				perSocket: { points: 100, perSeconds: 60 },
				perMember: { points: 3, perSeconds: 60 },
				perAddress: { points: 100, perSeconds: 60 },
				syncsPerMinute: 1
			}
		});
		const on = (socketId: string) => ({ socketId, address: 'a', member: 'meal:m' });
		expect((await budget.command(on('s1'))).ok).toBe(true);
		expect((await budget.command(on('s2'))).ok).toBe(true);
		expect((await budget.syncRequest(on('s3'))).ok).toBe(true);
		expect((await budget.command(on('s4'))).ok).toBe(false);
		expect((await budget.syncRequest({ socketId: 's3', address: 'b' })).ok).toBe(false);
	});
});

describe('login guard', () => {
	const rules = { freeFailures: 2, maxWaitSeconds: 60, addressFailures: 100, accountFailures: 4 };

	it('backs off one address on one account, and keeps the owner’s known address open during an attack', async () => {
		const guard = createLoginGuard({ rules });
		const owner = { address: 'home', email: 'Chef@example.org' };
		expect(await guard.before(owner)).toEqual({ ok: true });
		await guard.succeeded(owner);

		const attacker = { address: 'far', email: 'chef@example.org' };
		await guard.failed(attacker);
		expect((await guard.before(attacker)).ok).toBe(true);
		await guard.failed(attacker);
		expect((await guard.before(attacker)).ok).toBe(false);
		// Two more failures from elsewhere: the account is under attack.
		await guard.failed({ address: 'far2', email: 'chef@example.org' });
		await guard.failed({ address: 'far3', email: 'chef@example.org' });
		expect((await guard.before({ address: 'new', email: 'chef@example.org' })).ok).toBe(false);
		expect(await guard.before(owner)).toEqual({ ok: true });
	});
});
