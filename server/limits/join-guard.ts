/**
 * Who may join a meal from where. One address (one network: a phone, a house, or a whole
 * kitchen's Wi-Fi behind one router) may put at most `membersPerNetwork` members into one
 * meal; the Canteen Master can let more in for a network they trust (a class, a shared
 * phone). Looking codes up and joining are rate-limited per address as well.
 *
 * Networks are shown to the Canteen Master as short tags (a keyed hash of the address),
 * never as addresses. Counts and tags live in this process (one instance today); with
 * Redis they move there with the limiters.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createLimiter, type LimiterBackend, type LimitRule, type Verdict } from './limiter.ts';

export interface JoinRules {
	/** Members one network may add to one meal, until the Canteen Master lets more in. */
	membersPerNetwork: number;
	/** Join-code lookups (GET or POST /api/join/:code) per address, all meals. */
	lookups: LimitRule;
	/** Joins per address, all meals. */
	joins: LimitRule;
}

export const JOIN_RULES: JoinRules = {
	membersPerNetwork: 40,
	// A kitchen's Wi-Fi: forty phones opening the join page and joining within minutes.
	lookups: { points: 120, perSeconds: 60 },
	joins: { points: 60, perSeconds: 600 }
};

interface NetworkEntry {
	members: Set<string>;
	/** Joins admitted and still being written: counted, so a burst cannot all pass at once. */
	pending: number;
	cap: number;
	refused: number;
}

export type Admission =
	| { ok: true; joined(memberId: string): void; cancel(): void }
	| { ok: false; refused: number; cap: number; network: string };

export interface JoinGuard {
	readonly rules: JoinRules;
	/** The short tag the Canteen Master sees for an address. */
	networkOf(address: string): string;
	/** Any request about a join code (lookup or join). */
	lookup(address: string): Promise<Verdict>;
	/** A join attempt from this address (rate only; the meal's cap comes with admit). */
	join(address: string): Promise<Verdict>;
	/** Room for one more member from this network in this meal? Holds the place until joined or cancelled. */
	admit(input: { mealId: string; network: string }): Admission;
	/** The Canteen Master lets `more` members in from this network (a class, a shared phone). */
	allowMore(input: { mealId: string; network: string; more: number }): { cap: number };
	/** Members who joined this meal from this network (for removing a wave). */
	membersFrom(input: { mealId: string; network: string }): ReadonlySet<string>;
}

export function createJoinGuard({
	rules = JOIN_RULES,
	backend,
	key = randomBytes(32)
}: { rules?: JoinRules; backend?: LimiterBackend; key?: Buffer } = {}): JoinGuard {
	const lookups = createLimiter({ name: 'join:lookup', rule: rules.lookups, backend });
	const joins = createLimiter({ name: 'join:address', rule: rules.joins, backend });
	const meals = new Map<string, Map<string, NetworkEntry>>();

	const entry = (mealId: string, network: string): NetworkEntry => {
		let networks = meals.get(mealId);
		if (!networks) meals.set(mealId, (networks = new Map()));
		let found = networks.get(network);
		if (!found) {
			networks.set(network, (found = { members: new Set(), pending: 0, cap: rules.membersPerNetwork, refused: 0 }));
		}
		return found;
	};

	return {
		rules,
		networkOf: (address) => createHmac('sha256', key).update(address).digest('hex').slice(0, 6).toUpperCase(),
		lookup: (address) => lookups.take(address),
		join: (address) => joins.take(address),
		admit({ mealId, network }) {
			const e = entry(mealId, network);
			if (e.members.size + e.pending >= e.cap) {
				e.refused++;
				return { ok: false, refused: e.refused, cap: e.cap, network };
			}
			e.pending++;
			let settled = false;
			const settle = () => {
				if (settled) return false;
				settled = true;
				e.pending--;
				return true;
			};
			return {
				ok: true,
				joined: (memberId) => {
					if (settle()) e.members.add(memberId);
				},
				cancel: () => void settle()
			};
		},
		allowMore({ mealId, network, more }) {
			const e = entry(mealId, network);
			e.cap = Math.max(e.cap, e.members.size) + more;
			e.refused = 0;
			return { cap: e.cap };
		},
		membersFrom: ({ mealId, network }) => meals.get(mealId)?.get(network)?.members ?? new Set()
	};
}
