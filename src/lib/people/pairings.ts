/**
 * Pairs to suggest for an open task with room for two: people who would not pick each
 * other, side by side at the chopping board. Pure and deterministic: the caller passes the
 * clock, the board and what the canteen recorded; the same inputs give the same pairs,
 * whatever their order.
 *
 * A pair needs a reason to be suggested at all, and every pairing says why:
 *
 *   score = MIX_GENERATIONS + MIX_EXTRA × (brackets apart − 1)
 *             both chose to give an age bracket, and they differ
 *         + NEWCOMER_WITH_REGULAR    one is at their first or second meal, the other
 *                                    has come to at least REGULAR_MIN before
 *         + COMMON_LANGUAGE          a language both said they speak
 *
 * Two people whose languages are both known and share nothing are never paired: a task
 * done side by side in silence is no introduction. Unknown languages are not held
 * against anyone.
 */
import { freePlaces, sortTasks } from '../domain/board.ts';
import type { Member, Task } from '../domain/types.ts';
import { AGE_BRACKETS, usableProfile, type MemberProfile } from './facts.ts';
import { recordNumber } from './hints.ts';

export const WEIGHTS = {
	MIX_GENERATIONS: 2,
	MIX_EXTRA: 0.5,
	NEWCOMER_WITH_REGULAR: 3,
	COMMON_LANGUAGE: 0.5
} as const;

/** Previous meals that make someone a regular, able to show a newcomer around. */
export const REGULAR_MIN = 3;
/** Previous meals up to which someone is still new here (first or second meal). */
export const NEWCOMER_MAX = 1;

export type PairingReason = 'mix-generations' | 'newcomer-with-regular' | `common-language:${string}`;

export interface Pairing {
	taskId: string;
	/** The pair, smaller id first. */
	a: string;
	b: string;
	score: number;
	reasons: PairingReason[];
}

export interface PairingsInput {
	tasks: readonly Task[];
	members: readonly Member[];
	profiles: readonly MemberProfile[];
	/** Previous meals attended at this canteen, by member id. Missing: none. */
	pastAttendance: Readonly<Record<string, number>>;
	now: number;
	limit?: number;
}

interface Candidate {
	a: string;
	b: string;
	score: number;
	reasons: PairingReason[];
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

export function suggestPairings(input: PairingsInput): Pairing[] {
	const { now } = input;
	const limit = Math.max(0, Math.floor(input.limit ?? 3));
	if (limit === 0) return [];

	// Free: checked in and holding no place on an open task. Finished work frees you again.
	const busy = new Set(input.tasks.filter((t) => t.status === 'open').flatMap((t) => t.claims.map((c) => c.memberId)));
	const free = [...new Set(input.members.filter((m) => m.checkedIn && !busy.has(m.id)).map((m) => m.id))].sort(cmp);

	const profiles = new Map<string, MemberProfile>();
	for (const p of input.profiles) {
		const usable = usableProfile(p, now);
		if (usable && !profiles.has(usable.memberId)) profiles.set(usable.memberId, usable);
	}

	const candidates: Candidate[] = [];
	for (let i = 0; i < free.length; i++) {
		for (let j = i + 1; j < free.length; j++) {
			const c = pair(free[i]!, free[j]!, profiles, input.pastAttendance);
			if (c) candidates.push(c);
		}
	}
	candidates.sort((x, y) => y.score - x.score || cmp(x.a, y.a) || cmp(x.b, y.b));

	// Round robin over the tasks in board order, so every task gets its best pair before
	// any task gets a second one; nobody is suggested for two tasks at once.
	const open = sortTasks(input.tasks.filter((t) => t.status === 'open' && freePlaces(t) >= 2));
	const room = new Map(open.map((t) => [t.id, Math.floor(freePlaces(t) / 2)]));
	const used = new Set<string>();
	const result: Pairing[] = [];
	let progress = true;
	while (progress && result.length < limit) {
		progress = false;
		for (const task of open) {
			if (result.length >= limit) break;
			if ((room.get(task.id) ?? 0) === 0) continue;
			const best = candidates.find((c) => !used.has(c.a) && !used.has(c.b));
			if (!best) break;
			used.add(best.a);
			used.add(best.b);
			room.set(task.id, room.get(task.id)! - 1);
			result.push({ taskId: task.id, ...best });
			progress = true;
		}
	}
	return result;
}

function pair(
	a: string,
	b: string,
	profiles: ReadonlyMap<string, MemberProfile>,
	pastAttendance: Readonly<Record<string, number>>
): Candidate | undefined {
	const pa = profiles.get(a);
	const pb = profiles.get(b);

	const la = pa?.languages ?? [];
	const lb = pb?.languages ?? [];
	const common = [...new Set(la.filter((l) => lb.includes(l)))].sort(cmp);
	if (la.length > 0 && lb.length > 0 && common.length === 0) return undefined;

	let score = 0;
	const reasons: PairingReason[] = [];

	if (pa?.ageBracket && pb?.ageBracket && pa.ageBracket !== pb.ageBracket) {
		const apart = Math.abs(AGE_BRACKETS.indexOf(pa.ageBracket) - AGE_BRACKETS.indexOf(pb.ageBracket));
		score += WEIGHTS.MIX_GENERATIONS + WEIGHTS.MIX_EXTRA * (apart - 1);
		reasons.push('mix-generations');
	}

	const na = recordNumber(pastAttendance, a) ?? 0;
	const nb = recordNumber(pastAttendance, b) ?? 0;
	if ((na <= NEWCOMER_MAX && nb >= REGULAR_MIN) || (nb <= NEWCOMER_MAX && na >= REGULAR_MIN)) {
		score += WEIGHTS.NEWCOMER_WITH_REGULAR;
		reasons.push('newcomer-with-regular');
	}

	// A common language makes a good pair better; alone it is no reason to pair anyone.
	if (reasons.length === 0) return undefined;
	if (common.length > 0) {
		score += WEIGHTS.COMMON_LANGUAGE;
		reasons.push(...common.map((l) => `common-language:${l}` as const));
	}
	return { a, b, score: Math.round(score * 1000) / 1000, reasons };
}
