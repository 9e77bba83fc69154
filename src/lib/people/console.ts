/**
 * The Canteen Master's people panel in one pure call: introductions to suggest, quiet
 * hints and pairings for open tasks, from the live board and the master-only people data
 * (`PeopleSnapshot`). Deterministic: the caller passes the clock.
 *
 * Two things the board and the store cannot tell, decided here once:
 * - **How someone arrived.** Nobody is asked. Arrivals that follow one another within
 *   COMPANY_WINDOW_MS form one wave (`arrivalsOf`); someone whose arrival is alone in its
 *   wave "arrived without company". It is a proxy, kept on the safe side: a person who came
 *   in with a crowd of strangers gets no hint, rather than a guess.
 * - **Unknown history.** A member whose phone the canteen cannot recognise (a walk-in, a
 *   phone without storage) has an unknown past, not an empty one: counted as UNKNOWN_PAST
 *   meals, so they are neither "here for the first time" nor a newcomer nor a regular.
 */
import { freePlaces } from '../domain/board.ts';
import type { Member, Task } from '../domain/types.ts';
import type { PeopleSnapshot } from '../protocol/events.ts';
import { usableProfile } from './facts.ts';
import { COMPANY_WINDOW_MS, staffHints, type Arrival, type StaffHint } from './hints.ts';
import { suggestIntroductions, type Introduction } from './introductions.ts';
import { NEWCOMER_MAX, REGULAR_MIN, suggestPairings, type Pairing } from './pairings.ts';

/** Neither first time (0), nor newcomer (≤ NEWCOMER_MAX), nor regular (≥ REGULAR_MIN). */
export const UNKNOWN_PAST = NEWCOMER_MAX + 1;
if (UNKNOWN_PAST >= REGULAR_MIN) throw new Error('UNKNOWN_PAST must sit between a newcomer and a regular');

export interface PeopleView {
	introductions: Introduction[];
	hints: StaffHint[];
	pairings: Pairing[];
	/** Why a list is empty, so the console says the real reason instead of a guess. */
	empty: { introductions: IntroductionsEmpty; pairings: PairingsEmpty };
}

/** Fewer than two people here shared anything, or those who did have nothing new to meet over. */
export type IntroductionsEmpty = 'few-shared' | 'no-match';
/** No open task with two free places, fewer than two people here without a task, or no reason to pair them. */
export type PairingsEmpty = 'no-task' | 'few-free' | 'no-match';

export interface PeopleViewInput {
	members: readonly Member[];
	tasks: readonly Task[];
	people: PeopleSnapshot;
	now: number;
	/** Introductions put aside with "not now" this session: `pairKey(a, b)`. */
	dismissed?: ReadonlySet<string>;
	limits?: { introductions?: number; pairings?: number };
}

/** One key per pair, whatever the order. */
export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Each member's latest arrival, grouped in waves of arrivals at most COMPANY_WINDOW_MS apart. */
export function arrivalsOf(members: readonly Member[]): Arrival[] {
	const sorted = members
		.map((m) => ({ memberId: m.id, at: m.checkedInAt ?? m.joinedAt ?? 0 }))
		.sort((x, y) => x.at - y.at || (x.memberId < y.memberId ? -1 : 1));
	let wave = 0;
	return sorted.map((arrival, i) => {
		if (i > 0 && arrival.at - sorted[i - 1]!.at > COMPANY_WINDOW_MS) wave++;
		return { ...arrival, groupId: `wave-${wave}` };
	});
}

export function peopleView(input: PeopleViewInput): PeopleView {
	const { members, tasks, people, now } = input;
	const pastAttendance: Record<string, number> = {};
	const lastAttendedAt: Record<string, number> = {};
	for (const m of members) {
		const visits = Object.hasOwn(people.visits, m.id) ? people.visits[m.id] : undefined;
		pastAttendance[m.id] = visits ? visits.past : UNKNOWN_PAST;
		if (visits?.lastAt !== undefined) lastAttendedAt[m.id] = visits.lastAt;
	}
	const names = Object.fromEntries(members.map((m) => [m.id, m.name]));
	const present = members.filter((m) => m.checkedIn).map((m) => m.id);
	const dismissed = input.dismissed ?? new Set<string>();

	const introductions = suggestIntroductions({
		profiles: people.profiles,
		present,
		names,
		history: people.introductions,
		now,
		limit: (input.limits?.introductions ?? 5) + dismissed.size
	})
		.filter((i) => !dismissed.has(pairKey(i.a, i.b)))
		.slice(0, input.limits?.introductions ?? 5);

	const hints = staffHints({
		members,
		tasks,
		arrivals: arrivalsOf(members),
		pastAttendance,
		lastAttendedAt,
		now
	});

	const pairings = suggestPairings({
		tasks,
		members,
		profiles: people.profiles,
		pastAttendance,
		now,
		limit: input.limits?.pairings ?? 3
	});
	return { introductions, hints, pairings, empty: emptyReasons({ members, tasks, people, now }) };
}

/** The first condition the suggestions need that is not met, for each list. */
export function emptyReasons(input: {
	members: readonly Member[];
	tasks: readonly Task[];
	people: PeopleSnapshot;
	now: number;
}): PeopleView['empty'] {
	const { members, tasks, people, now } = input;
	const here = new Set(members.filter((m) => m.checkedIn).map((m) => m.id));
	const shared = people.profiles.filter((p) => here.has(p.memberId) && usableProfile(p, now)).length;
	const busy = new Set(tasks.filter((t) => t.status === 'open').flatMap((t) => t.claims.map((c) => c.memberId)));
	const free = [...here].filter((id) => !busy.has(id)).length;
	const roomForTwo = tasks.some((t) => t.status === 'open' && freePlaces(t) >= 2);
	return {
		introductions: shared < 2 ? 'few-shared' : 'no-match',
		pairings: !roomForTwo ? 'no-task' : free < 2 ? 'few-free' : 'no-match'
	};
}
