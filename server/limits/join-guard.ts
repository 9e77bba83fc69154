/**
 * Who may join a meal from where. One address (one network: a phone, a house, or a whole
 * kitchen's Wi-Fi behind one router) may put at most `membersPerNetwork` members into one
 * meal; the Canteen Master can let more in for a network they trust (a class, a shared
 * phone). Looking codes up and joining are rate-limited per address as well.
 *
 * Networks are shown to the Canteen Master as short tags (a keyed hash of the address),
 * never as addresses. Counts live in this process (`memoryNetworkCounts`), or in Redis
 * for every instance (server/scale/limits.ts), whose tags then share one key.
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

export type Admission =
	| { ok: true; joined(memberId: string): Promise<void>; cancel(): Promise<void> }
	| { ok: false; refused: number; cap: number; network: string };

/**
 * Where each meal's networks are counted: this process (memory), or Redis when several
 * instances take joins for the same meal (server/scale/networks.ts). A place is held
 * (`pending`) from admission until the join is written or cancelled.
 */
export interface NetworkCounts {
	admit(input: {
		mealId: string;
		network: string;
		cap: number;
	}): Promise<{ ok: true; hold: string } | { ok: false; refused: number; cap: number }>;
	settle(input: { mealId: string; network: string; hold: string; memberId?: string }): Promise<void>;
	allowMore(input: { mealId: string; network: string; more: number; cap: number }): Promise<{ cap: number }>;
	membersFrom(input: { mealId: string; network: string }): Promise<ReadonlySet<string>>;
}

export interface JoinGuard {
	readonly rules: JoinRules;
	/** The short tag the Canteen Master sees for an address. */
	networkOf(address: string): string;
	/** Any request about a join code (lookup or join). */
	lookup(address: string): Promise<Verdict>;
	/** A join attempt from this address (rate only; the meal's cap comes with admit). */
	join(address: string): Promise<Verdict>;
	/** Room for one more member from this network in this meal? Holds the place until joined or cancelled. */
	admit(input: { mealId: string; network: string }): Promise<Admission>;
	/** The Canteen Master lets `more` members in from this network (a class, a shared phone). */
	allowMore(input: { mealId: string; network: string; more: number }): Promise<{ cap: number }>;
	/** Members who joined this meal from this network (for removing a wave). */
	membersFrom(input: { mealId: string; network: string }): Promise<ReadonlySet<string>>;
}

export function createJoinGuard({
	rules = JOIN_RULES,
	backend,
	key = randomBytes(32),
	networks = memoryNetworkCounts()
}: {
	rules?: JoinRules;
	backend?: LimiterBackend;
	/** Keys the network tags: the same on every instance, so they agree on a network. */
	key?: Buffer;
	networks?: NetworkCounts;
} = {}): JoinGuard {
	const lookups = createLimiter({ name: 'join:lookup', rule: rules.lookups, backend });
	const joins = createLimiter({ name: 'join:address', rule: rules.joins, backend });
	const cap = rules.membersPerNetwork;

	return {
		rules,
		networkOf: (address) => createHmac('sha256', key).update(address).digest('hex').slice(0, 6).toUpperCase(),
		lookup: (address) => lookups.take(address),
		join: (address) => joins.take(address),
		async admit({ mealId, network }) {
			const admitted = await networks.admit({ mealId, network, cap });
			if (!admitted.ok) return { ok: false, refused: admitted.refused, cap: admitted.cap, network };
			let settled = false;
			const settle = async (memberId?: string) => {
				if (settled) return;
				settled = true;
				await networks.settle({ mealId, network, hold: admitted.hold, ...(memberId ? { memberId } : {}) });
			};
			return { ok: true, joined: (memberId) => settle(memberId), cancel: () => settle() };
		},
		allowMore: ({ mealId, network, more }) => networks.allowMore({ mealId, network, more, cap }),
		membersFrom: (input) => networks.membersFrom(input)
	};
}

interface NetworkEntry {
	members: Set<string>;
	/** Joins admitted and still being written: counted, so a burst cannot all pass at once. */
	pending: Set<string>;
	cap: number;
	refused: number;
}

/** One process's counts (the embedded default). */
export function memoryNetworkCounts(): NetworkCounts {
	const meals = new Map<string, Map<string, NetworkEntry>>();
	let holds = 0;
	const entry = (mealId: string, network: string, cap: number): NetworkEntry => {
		let networks = meals.get(mealId);
		if (!networks) meals.set(mealId, (networks = new Map()));
		let found = networks.get(network);
		if (!found) networks.set(network, (found = { members: new Set(), pending: new Set(), cap, refused: 0 }));
		return found;
	};
	return {
		async admit({ mealId, network, cap }) {
			const e = entry(mealId, network, cap);
			if (e.members.size + e.pending.size >= e.cap) {
				e.refused++;
				return { ok: false, refused: e.refused, cap: e.cap };
			}
			const hold = String(++holds);
			e.pending.add(hold);
			return { ok: true, hold };
		},
		async settle({ mealId, network, hold, memberId }) {
			const e = meals.get(mealId)?.get(network);
			if (!e?.pending.delete(hold)) return;
			if (memberId) e.members.add(memberId);
		},
		async allowMore({ mealId, network, more, cap }) {
			const e = entry(mealId, network, cap);
			e.cap = Math.max(e.cap, e.members.size) + more;
			e.refused = 0;
			return { cap: e.cap };
		},
		async membersFrom({ mealId, network }) {
			return meals.get(mealId)?.get(network)?.members ?? new Set();
		}
	};
}
