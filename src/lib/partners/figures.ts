/**
 * What partners see of a canteen: counts only, computed here without I/O. The input
 * carries no identity at all (no name, member id or device id: the server resolves
 * "returning" and the age bracket before calling), and the output type has no place
 * where one could go.
 *
 * The small-count rule: every figure under 5 (zero included, so absence is not
 * revealed either) is published as `{ kind: 'fewer-than-5' }`, never as a number.
 * Where figures are parts of a shown total (first-time + returning + unknown = arrivals
 * today; the age brackets + not given = arrivals today), one hidden part could be found
 * by subtraction, so a second part is hidden with it (secondary suppression).
 */
import { surveyResults, type SurveyAnswer, type SurveyResults } from '../survey/survey.ts';
import type { MealStatus } from '../domain/types.ts';
import { SMALL_COUNT, figure, type Figure } from './small-count.ts';

export { SMALL_COUNT, figure, type Figure } from './small-count.ts';

/**
 * Partner-facing age groups, as issue #9 asks: under 30, 30 to 50, over 50. Today's
 * profile brackets (people/facts.ts) fall each in one group. Of the brackets offered
 * before, only those wholly inside a group count in it (18-25; 61-75 and 76+); 26-40 and
 * 41-60 straddle a line and count as not given.
 */
export const AGE_GROUPS = ['under30', 'from30To50', 'over50'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

const GROUP_OF: Record<string, AgeGroup> = {
	'under-30': 'under30',
	'30-50': 'from30To50',
	'51-69': 'over50',
	'70+': 'over50',
	// Stored before the brackets changed (LEGACY_AGE_BRACKETS).
	'18-25': 'under30',
	'61-75': 'over50',
	'76+': 'over50'
};

/** The group of a stored bracket, current or old; undefined when not given or ambiguous. */
export function ageGroupOf(stored: string | undefined): AgeGroup | undefined {
	return stored !== undefined && Object.hasOwn(GROUP_OF, stored) ? GROUP_OF[stored] : undefined;
}

/** A meal as its summary columns describe it (storage's meals repository). */
export interface MealCounts {
	date: string;
	status: MealStatus;
	/** Members on the board (phones and walk-ins) and, of them, those checked in now. */
	joined: number;
	checkedIn: number;
}

/** One arrival at one of today's meals, with nothing that names them. */
export interface Arrival {
	/** Came to an earlier meal of this canteen; undefined when unknown (no device id, walk-in). */
	returning: boolean | undefined;
	/** Only when the member chose to share one; the stored value, current or old (`ageGroupOf`). */
	ageBracket: string | undefined;
}

export interface FiguresInput {
	/** Local date, YYYY-MM-DD, in the canteens' time zone. */
	today: string;
	meals: readonly MealCounts[];
	/** Everyone who arrived at today's meals (phones and walk-ins). */
	arrivals: readonly Arrival[];
	/** The end-of-meal survey's answers at this month's meals (src/lib/survey). */
	surveyThisMonth?: readonly SurveyAnswer[];
}

export interface CanteenFigures {
	presentNow: Figure;
	arrivalsToday: Figure;
	/** People served (one per member per meal) over the week (from Monday) and the month. */
	servedThisWeek: Figure;
	servedThisMonth: Figure;
	visitsToday: { firstTime: Figure; returning: Figure; unknown: Figure };
	ageMixToday: Record<AgeGroup | 'notGiven', Figure>;
	/** Shares of the survey's answers at this month's meals, only from 5 answers on. */
	surveyThisMonth: SurveyResults;
}

/**
 * Parts of a total shown beside them. When exactly one part is hidden and the total is
 * shown, the smallest shown part is hidden too, so no subtraction gives a hidden value.
 */
export function partition<K extends string>({
	total,
	parts
}: {
	total: number;
	parts: Record<K, number>;
}): Record<K, Figure> {
	const keys = Object.keys(parts) as K[];
	const hidden = new Set(keys.filter((k) => parts[k] < SMALL_COUNT));
	if (total >= SMALL_COUNT && hidden.size === 1) {
		const shown = keys.filter((k) => !hidden.has(k)).sort((a, b) => parts[a] - parts[b]);
		if (shown[0] !== undefined) hidden.add(shown[0]);
	}
	const out = {} as Record<K, Figure>;
	for (const k of keys) out[k] = hidden.has(k) ? { kind: 'fewer-than-5' } : { kind: 'count', value: parts[k] };
	return out;
}

export function canteenFigures({ today, meals, arrivals, surveyThisMonth = [] }: FiguresInput): CanteenFigures {
	const week = weekOf(today);
	const month = today.slice(0, 7);
	let presentNow = 0;
	let servedThisWeek = 0;
	let servedThisMonth = 0;
	for (const meal of meals) {
		if (meal.date === today && isLive(meal.status)) presentNow += meal.checkedIn;
		if (meal.date >= week.from && meal.date <= week.to) servedThisWeek += meal.joined;
		if (meal.date.slice(0, 7) === month) servedThisMonth += meal.joined;
	}
	const visits = { firstTime: 0, returning: 0, unknown: 0 };
	const ages: Record<AgeGroup | 'notGiven', number> = { under30: 0, from30To50: 0, over50: 0, notGiven: 0 };
	for (const a of arrivals) {
		visits[a.returning === undefined ? 'unknown' : a.returning ? 'returning' : 'firstTime']++;
		ages[ageGroupOf(a.ageBracket) ?? 'notGiven']++;
	}
	const total = arrivals.length;
	return {
		presentNow: figure(presentNow),
		arrivalsToday: figure(total),
		servedThisWeek: figure(servedThisWeek),
		servedThisMonth: figure(servedThisMonth),
		visitsToday: partition({ total, parts: visits }),
		ageMixToday: partition({ total, parts: ages }),
		surveyThisMonth: surveyResults(surveyThisMonth)
	};
}

const isLive = (status: MealStatus) => status === 'open' || status === 'cooking' || status === 'eating';

/** Monday to Sunday around a local date (YYYY-MM-DD). */
export function weekOf(date: string): { from: string; to: string } {
	const day = new Date(`${date}T00:00:00Z`);
	const sinceMonday = (day.getUTCDay() + 6) % 7;
	const from = new Date(day.getTime() - sinceMonday * 86_400_000);
	const to = new Date(from.getTime() + 6 * 86_400_000);
	return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

/** One meal's figures, as a partner webhook carries them (server/partners/webhooks.ts). */
export interface MealFigures {
	/** Members on the board (phones and walk-ins). */
	arrivals: Figure;
	/** Of them, checked in at that moment. */
	checkedIn: Figure;
	visits: { firstTime: Figure; returning: Figure; unknown: Figure };
	ageMix: Record<AgeGroup | 'notGiven', Figure>;
}

/** The small-count rule and secondary suppression, as for a canteen's figures. */
export function mealFigures({ checkedIn, arrivals }: { checkedIn: number; arrivals: readonly Arrival[] }): MealFigures {
	const visits = { firstTime: 0, returning: 0, unknown: 0 };
	const ages: Record<AgeGroup | 'notGiven', number> = { under30: 0, from30To50: 0, over50: 0, notGiven: 0 };
	for (const a of arrivals) {
		visits[a.returning === undefined ? 'unknown' : a.returning ? 'returning' : 'firstTime']++;
		ages[ageGroupOf(a.ageBracket) ?? 'notGiven']++;
	}
	const total = arrivals.length;
	return {
		arrivals: figure(total),
		checkedIn: figure(checkedIn),
		visits: partition({ total, parts: visits }),
		ageMix: partition({ total, parts: ages })
	};
}
