/**
 * Password guessing stays slow without letting a stranger lock the owner out.
 *
 * - Per address AND account: the first `freeFailures` wrong passwords cost nothing; each
 *   further one doubles the wait before the next try from that address for that account
 *   (1 s, 2 s, 4 s… up to `maxWaitSeconds`). A success clears it.
 * - Per address, all accounts: `addressFailures` wrong passwords a day, then that address
 *   waits out the day (one machine trying many accounts).
 * - Per account, all addresses: past `accountFailures` an hour (many machines on one
 *   account), only addresses that signed in to that account before may still try. The
 *   owner at their usual place keeps getting in; a new place waits out the hour.
 *
 * Nothing here ever refuses the owner's own address because of someone else's failures,
 * which is what a plain per-account lock did (ten wrong passwords anywhere locked the
 * administrator out for as long as the attacker kept going).
 */
import { createLimiter, type LimiterBackend } from '../limits/limiter.ts';

export interface LoginGuardRules {
	freeFailures: number;
	maxWaitSeconds: number;
	addressFailures: number;
	accountFailures: number;
}

export const LOGIN_RULES: LoginGuardRules = {
	freeFailures: 10,
	maxWaitSeconds: 15 * 60,
	addressFailures: 100,
	accountFailures: 30
};

const DAY = 24 * 3600;
// The memory backend expires keys with setTimeout: 24.8 days is its longest window.
const KNOWN_FOR = 20 * DAY;

export type LoginVerdict = { ok: true } | { ok: false; retryAfterMs: number };

export function createLoginGuard({
	rules = LOGIN_RULES,
	backend
}: { rules?: LoginGuardRules; backend?: LimiterBackend } = {}) {
	const pairFailures = createLimiter({
		name: 'login:fail:pair',
		rule: { points: 1_000_000, perSeconds: DAY },
		backend
	});
	const pairWait = createLimiter({ name: 'login:wait:pair', rule: { points: 1, perSeconds: 1 }, backend });
	const addressFailures = createLimiter({
		name: 'login:fail:address',
		rule: { points: rules.addressFailures, perSeconds: DAY, blockSeconds: DAY },
		backend
	});
	const accountFailures = createLimiter({
		name: 'login:fail:account',
		rule: { points: rules.accountFailures, perSeconds: 3600 },
		backend
	});
	const known = createLimiter({ name: 'login:known', rule: { points: 1_000_000, perSeconds: KNOWN_FOR }, backend });

	const pairKey = (address: string, email: string) => `${address}|${email.toLowerCase()}`;

	return {
		async before({ address, email }: { address: string; email: string }): Promise<LoginVerdict> {
			const pair = pairKey(address, email);
			const wait = Math.max(await pairWait.refusedFor(pair), await addressFailures.refusedFor(address));
			if (wait > 0) return { ok: false, retryAfterMs: wait };
			const account = email.toLowerCase();
			if ((await accountFailures.used(account)) >= rules.accountFailures && (await known.used(pair)) === 0) {
				return { ok: false, retryAfterMs: 3600_000 };
			}
			return { ok: true };
		},
		async failed({ address, email }: { address: string; email: string }): Promise<void> {
			const pair = pairKey(address, email);
			await pairFailures.penalize(pair);
			const failures = await pairFailures.used(pair);
			if (failures >= rules.freeFailures) {
				const seconds = Math.min(2 ** (failures - rules.freeFailures), rules.maxWaitSeconds);
				await pairWait.block(pair, seconds);
			}
			await addressFailures.penalize(address);
			await accountFailures.penalize(email.toLowerCase());
		},
		async succeeded({ address, email }: { address: string; email: string }): Promise<void> {
			const pair = pairKey(address, email);
			await pairFailures.forget(pair);
			await pairWait.forget(pair);
			await known.penalize(pair);
		}
	};
}
