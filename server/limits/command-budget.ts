/**
 * What one connection, one member and one address may ask of the server. Each command
 * costs one point from every budget it belongs to, so twenty sockets of one member share
 * one member budget, and a whole network shares a (larger) address budget. A member's
 * budget is also what caps the broadcasts they can cause: every accepted change is sent
 * to every phone of the meal.
 *
 * A sync request (y-protocols step 1) is answered with what the asker lacks, which for an
 * empty state vector is the whole board: it costs one point per started 16 KB of the
 * answer, and each connection may ask at most `syncsPerMinute` times (a phone asks once
 * per connection).
 */
import { createLimiter, takeAll, type LimiterBackend, type LimitRule, type Verdict } from './limiter.ts';

export interface BudgetRules {
	perSocket: LimitRule;
	perMember: LimitRule;
	perAddress: LimitRule;
	syncsPerMinute: number;
}

export const BUDGET_RULES: BudgetRules = {
	perSocket: { points: 30, perSeconds: 3 },
	// 20 at once, then 2 a second: a person taps far less; a script's flood stays small.
	perMember: { points: 20, perSeconds: 10 },
	perAddress: { points: 600, perSeconds: 10 },
	syncsPerMinute: 3
};

export const SYNC_COST_BYTES = 16 * 1024;

export interface Asker {
	socketId: string;
	address: string;
	/** mealId:memberId for a member; absent for the Canteen Master and screens. */
	member?: string;
}

export function createCommandBudget({
	rules = BUDGET_RULES,
	backend
}: { rules?: BudgetRules; backend?: LimiterBackend } = {}) {
	const socket = createLimiter({ name: 'cmd:socket', rule: rules.perSocket, backend });
	const member = createLimiter({ name: 'cmd:member', rule: rules.perMember, backend });
	const address = createLimiter({ name: 'cmd:address', rule: rules.perAddress, backend });
	const syncs = createLimiter({ name: 'sync:socket', rule: { points: rules.syncsPerMinute, perSeconds: 60 }, backend });

	const charge = (asker: Asker, cost: number): Promise<Verdict> =>
		takeAll(
			[
				[socket, asker.socketId],
				[address, asker.address],
				...(asker.member ? ([[member, asker.member]] as const) : [])
			],
			cost
		);

	return {
		rules,
		command: (asker: Asker) => charge(asker, 1),
		/** Before answering a sync request: is this connection still allowed to ask? */
		async syncRequest(asker: Asker): Promise<Verdict> {
			const allowed = await syncs.take(asker.socketId);
			if (!allowed.ok) return allowed;
			return charge(asker, 1);
		},
		/** After computing the answer: a large one costs more (charged even if now over). */
		async syncAnswer(asker: Asker, bytes: number): Promise<void> {
			const extra = Math.floor(bytes / SYNC_COST_BYTES);
			if (extra > 0) await charge(asker, extra);
		},
		/** A closed connection's own counters go; the member's and address's stay. */
		async forgetSocket(socketId: string): Promise<void> {
			await Promise.all([socket.forget(socketId), syncs.forget(socketId)]);
		}
	};
}

export type CommandBudget = ReturnType<typeof createCommandBudget>;
