/**
 * Quiet hints for staff: who might welcome a word from the Canteen Master right now. Pure
 * and deterministic, like the board's rules: the caller passes the clock and what the
 * canteen itself recorded (check-ins, claims, arrivals, past attendance).
 *
 * Hints are data, a member id and codes; the UI phrases them kindly ("first time at the
 * meal", "no task yet", "arrived without anyone they know yet"). They describe a moment,
 * never a person, and are shown to staff only.
 *
 * They never read what members chose to share (`profiles`): being welcomed does not depend
 * on having filled in a profile, and withdrawing consent changes nothing here.
 */
import type { Member, Task } from '../domain/types.ts';
import type { MemberProfile } from './facts.ts';

/** In order of usefulness when weights tie. */
export const HINT_CODES = ['first-time', 'no-task-yet', 'arrived-without-company', 'returning-after-a-while'] as const;
export type HintCode = (typeof HINT_CODES)[number];

/**
 * How much each hint calls for a word now. Someone's first meal matters most; standing
 * without a task and arriving without company come next; coming back after a long time
 * is worth a smile.
 */
export const HINT_WEIGHTS: Record<HintCode, number> = {
	'first-time': 3,
	'no-task-yet': 2,
	'arrived-without-company': 2,
	'returning-after-a-while': 1
};

const MINUTE = 60 * 1000;
const WEEK = 7 * 24 * 60 * MINUTE;
/** Checked in longer than this without a task: a good moment to offer one. */
export const NO_TASK_AFTER_MS = 10 * MINUTE;
/** Two arrivals this close from the same group came together. */
export const COMPANY_WINDOW_MS = 2 * MINUTE;
/** Last meal longer ago than this: "returning after a while". */
export const RETURNING_AFTER_MS = 8 * WEEK;

export interface Arrival {
	memberId: string;
	at: number;
	/**
	 * Set by the server for arrivals that belong together: joined from the same device
	 * group, or brought in by a companion's invitation. Absent: came on their own link.
	 */
	groupId?: string;
}

export interface StaffHintsInput {
	members: readonly Member[];
	tasks: readonly Task[];
	/** Accepted so callers can pass one context to every helper; deliberately not read. */
	profiles?: readonly MemberProfile[];
	arrivals: readonly Arrival[];
	/** Previous meals attended at this canteen, by member id. Missing: none. */
	pastAttendance: Readonly<Record<string, number>>;
	/** When each member last attended before today, if known. Enables 'returning-after-a-while'. */
	lastAttendedAt?: Readonly<Record<string, number>>;
	now: number;
}

export interface StaffHint {
	memberId: string;
	/** Most useful first. */
	codes: HintCode[];
}

/** Own keys only: a member id like "constructor" must not read the prototype. */
export function recordNumber(record: Readonly<Record<string, number>> | undefined, key: string): number | undefined {
	if (!record || !Object.hasOwn(record, key)) return undefined;
	const value = record[key];
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

export function staffHints(input: StaffHintsInput): StaffHint[] {
	const { now } = input;
	const claimed = new Set(input.tasks.flatMap((t) => t.claims.map((c) => c.memberId)));

	// Each member's latest arrival: a member who left and came back is judged on the return.
	const arrivalOf = new Map<string, Arrival>();
	for (const arrival of input.arrivals) {
		if (arrival.at > now) continue;
		const known = arrivalOf.get(arrival.memberId);
		if (
			!known ||
			arrival.at > known.at ||
			(arrival.at === known.at && cmp(arrival.groupId ?? '', known.groupId ?? '') < 0)
		)
			arrivalOf.set(arrival.memberId, arrival);
	}

	const hinted: { hint: StaffHint; weight: number; since: number }[] = [];
	const seen = new Set<string>();
	for (const member of input.members) {
		// Checked out means gone: no hint follows anyone out of the door.
		if (!member.checkedIn || seen.has(member.id)) continue;
		seen.add(member.id);
		// Times come with the masters document: the console always has them.
		const since = member.checkedInAt ?? member.joinedAt ?? 0;
		const codes: HintCode[] = [];
		const past = recordNumber(input.pastAttendance, member.id) ?? 0;

		if (past <= 0) codes.push('first-time');
		if (!claimed.has(member.id) && now - since > NO_TASK_AFTER_MS) codes.push('no-task-yet');
		const arrival = arrivalOf.get(member.id);
		if (arrival && !cameWithCompany(arrival, input.arrivals)) codes.push('arrived-without-company');
		const last = recordNumber(input.lastAttendedAt, member.id);
		if (past > 0 && last !== undefined && now - last >= RETURNING_AFTER_MS) codes.push('returning-after-a-while');

		if (codes.length === 0) continue;
		codes.sort((x, y) => HINT_WEIGHTS[y] - HINT_WEIGHTS[x] || HINT_CODES.indexOf(x) - HINT_CODES.indexOf(y));
		const weight = codes.reduce((sum, c) => sum + HINT_WEIGHTS[c], 0);
		hinted.push({ hint: { memberId: member.id, codes }, weight, since });
	}

	// More reasons first; then whoever has been waiting longest; then ids, so ties never flicker.
	hinted.sort((x, y) => y.weight - x.weight || x.since - y.since || cmp(x.hint.memberId, y.hint.memberId));
	return hinted.map((h) => h.hint);
}

/**
 * Kept simple on purpose: someone came with company if another member's arrival carries
 * the same group within COMPANY_WINDOW_MS of theirs. A member with no recorded arrival
 * gets no such hint: we do not know how they came, so we say nothing.
 */
function cameWithCompany(arrival: Arrival, arrivals: readonly Arrival[]): boolean {
	if (arrival.groupId === undefined || arrival.groupId === '') return false;
	return arrivals.some(
		(other) =>
			other.memberId !== arrival.memberId &&
			other.groupId === arrival.groupId &&
			Math.abs(other.at - arrival.at) <= COMPANY_WINDOW_MS
	);
}
