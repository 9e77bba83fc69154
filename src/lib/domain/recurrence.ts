/**
 * Recurring meals ("every Tuesday and Thursday at 12:15") and the calendar arithmetic
 * behind them.
 *
 * Meals are local wall-clock events: "Tuesday 12:15" is Tuesday 12:15 in the canteen,
 * whatever the clocks did on Sunday. So dates here are calendar dates ('YYYY-MM-DD'),
 * never instants. The arithmetic goes through `Date.UTC` on year/month/day only, because
 * UTC has no daylight saving time: a day is always 86 400 000 ms there, while in local
 * time the last Sundays of March and October are 23 and 25 hours long and "midnight + 24 h"
 * lands on the wrong day. Nothing here reads the process time zone or the clock.
 */

export interface RecurrenceRule {
	/** ISO weekdays: 1 is Monday, 7 is Sunday. */
	weekdays: number[];
	/** Local time of each meal, HH:MM. */
	time: string;
	/** First date that may have a meal, YYYY-MM-DD. */
	startDate: string;
	/** Last date that may have a meal (inclusive). Open-ended when absent. */
	endDate?: string;
	/** Dates with no meal though the weekday matches: bank holidays, the summer break. */
	skipDates?: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

/** How far ahead `mealsToCreate` may look; a year is already more than any canteen plans. */
export const MAX_HORIZON_DAYS = 366;

/** A real date in the Gregorian calendar, written YYYY-MM-DD (so 2025-02-29 is not one). */
export function isCalendarDate(s: string): boolean {
	return dayNumber(s) !== undefined;
}

/** A real time of day, HH:MM on a 24-hour clock, 00:00 to 23:59. */
export function isWallTime(s: string): boolean {
	const m = TIME_PATTERN.exec(s);
	return m !== null && Number(m[1]) <= 23 && Number(m[2]) <= 59;
}

/**
 * Days since 1970-01-01 for a valid calendar date, else undefined. `Date.UTC` quietly
 * rolls 02-30 over into March, so the result is read back and compared.
 */
function dayNumber(s: string): number | undefined {
	const m = DATE_PATTERN.exec(s);
	if (!m) return undefined;
	const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
	const date = new Date(Date.UTC(year, month - 1, day));
	// Years 0–99 are taken as 1900–1999 by Date.UTC; set the full year to undo that.
	date.setUTCFullYear(year);
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
		return undefined;
	}
	return Math.round(date.getTime() / DAY_MS);
}

function mustDayNumber(s: string, what: string): number {
	const n = dayNumber(s);
	// Schemas check dates before they get here; a bad one now is a bug, not user input.
	if (n === undefined) throw new RangeError(`${what} is not a calendar date: ${JSON.stringify(s)}`);
	return n;
}

function fromDayNumber(n: number): string {
	const date = new Date(n * DAY_MS);
	const y = String(date.getUTCFullYear()).padStart(4, '0');
	const m = String(date.getUTCMonth() + 1).padStart(2, '0');
	const d = String(date.getUTCDate()).padStart(2, '0');
	return `${y}-${m}-${d}`;
}

/** The date `days` calendar days after `date` (before, if negative). */
export function addDays({ date, days }: { date: string; days: number }): string {
	if (!Number.isInteger(days)) throw new RangeError(`days must be a whole number: ${days}`);
	return fromDayNumber(mustDayNumber(date, 'date') + days);
}

/** ISO weekday of a day number (days since 1970-01-01, a Thursday): 1 Monday … 7 Sunday. */
function weekdayOf(dayNumber: number): number {
	return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/**
 * Dates of the rule's meals between `from` and `to`, both inclusive, in order. Bounded
 * by the rule's own start and end dates; skip dates are left out.
 */
export function occurrences({ rule, from, to }: { rule: RecurrenceRule; from: string; to: string }): string[] {
	const start = Math.max(mustDayNumber(from, 'from'), mustDayNumber(rule.startDate, 'startDate'));
	let end = mustDayNumber(to, 'to');
	if (rule.endDate !== undefined) end = Math.min(end, mustDayNumber(rule.endDate, 'endDate'));
	if (start > end) return [];

	const weekdays = new Set(rule.weekdays.filter((w) => Number.isInteger(w) && w >= 1 && w <= 7));
	if (weekdays.size === 0) return [];
	// Skip dates are compared as day numbers, so a holiday written any valid way matches;
	// a malformed one cannot match any date and is ignored rather than fatal.
	const skip = new Set((rule.skipDates ?? []).map(dayNumber).filter((n) => n !== undefined));

	const dates: string[] = [];
	// Jump to the first matching weekday, then step a week at a time per weekday, which
	// keeps a long range cheap; the merged list is sorted at the end.
	const firstWeekday = weekdayOf(start);
	for (const weekday of weekdays) {
		for (let n = start + ((weekday - firstWeekday + 7) % 7); n <= end; n += 7) {
			if (!skip.has(n)) dates.push(fromDayNumber(n));
		}
	}
	// YYYY-MM-DD sorts as text in calendar order.
	return dates.sort();
}

export interface MealsToCreateInput {
	rule: RecurrenceRule;
	/** Dates that already have a meal from this rule, or had one that was cancelled. */
	existingDates: readonly string[];
	/** The canteen's local date today. */
	today: string;
	/** How many days to plan ahead, today included: 28 plans four weeks. */
	horizonDays: number;
	/**
	 * The canteen's local time now, HH:MM. When given, today's meal is created only if it
	 * has not started yet; when absent, today counts as not yet past.
	 */
	nowTime?: string;
}

/**
 * The meal dates to create so that the next `horizonDays` days are planned: never one
 * already there, never one in the past. Run it as often as you like; it converges.
 *
 * A meal the Canteen Master deleted will come back unless its date is passed in
 * `existingDates` or added to the rule's `skipDates`.
 */
export function mealsToCreate({ rule, existingDates, today, horizonDays, nowTime }: MealsToCreateInput): string[] {
	if (!Number.isInteger(horizonDays) || horizonDays < 0 || horizonDays > MAX_HORIZON_DAYS) {
		throw new RangeError(`horizonDays must be a whole number from 0 to ${MAX_HORIZON_DAYS}: ${horizonDays}`);
	}
	if (horizonDays === 0) return [];
	const todayStarted = nowTime !== undefined && isWallTime(nowTime) && isWallTime(rule.time) && rule.time <= nowTime;
	const from = todayStarted ? addDays({ date: today, days: 1 }) : today;
	const to = addDays({ date: today, days: horizonDays - 1 });
	if (from > to) return [];
	const existing = new Set(existingDates.map(dayNumber).filter((n) => n !== undefined));
	return occurrences({ rule, from, to }).filter((date) => !existing.has(mustDayNumber(date, 'date')));
}
