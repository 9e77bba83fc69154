/**
 * A planned meal as the Canteen Master prepares it during the week: when, for how many,
 * what is on the menu and what a plate costs the canteen. The schema
 * (`protocol/planning-schemas.ts`) checks shapes and ranges; the rules here are the ones
 * a shape cannot say: a real date, a room big enough for those already expected.
 */
import type { Menu } from './menu.ts';
import { isCalendarDate, isWallTime } from './recurrence.ts';
import type { Locale, MealStatus } from './types.ts';

export interface MealPlan {
	id: string;
	canteenId: string;
	/** Local date, YYYY-MM-DD. */
	date: string;
	/** Local start time, HH:MM. */
	time: string;
	durationMinutes: number;
	title: string;
	/** For English phones and screens; empty or absent: they read the French title. */
	titleEn?: string;
	menu: Menu;
	/**
	 * What one plate costs the canteen, in euro cents. Meals are pay-as-you-feel: this is
	 * shown as a guide to what covers the food, never charged.
	 */
	pricePerPlateCents: number;
	/** Places in the room, 1–200. */
	capacity: number;
	status: MealStatus;
}

export type PlanField = 'date' | 'time' | 'durationMinutes' | 'capacity' | 'menu';

export type PlanIssueCode =
	| 'invalid_date'
	| 'invalid_time'
	| 'date_in_past'
	| 'ends_after_midnight'
	| 'capacity_below_expected'
	| 'duplicate_dish_id';

export interface PlanIssue {
	field: PlanField;
	code: PlanIssueCode;
}

export interface ValidatePlanInput {
	plan: Pick<MealPlan, 'date' | 'time' | 'durationMinutes' | 'capacity' | 'menu'>;
	/** People already counted on: members who joined, bookings. The room must hold them. */
	expectedPeople?: number;
	/** The canteen's local date today. When given, a date before it is refused. */
	today?: string;
}

const MINUTES_PER_DAY = 24 * 60;

/**
 * The rules a schema cannot check, as a list of issues (empty when the plan is fine), so
 * the form can mark every field at once rather than one per submit.
 */
export function validatePlan({ plan, expectedPeople = 0, today }: ValidatePlanInput): PlanIssue[] {
	const issues: PlanIssue[] = [];
	const dateOk = isCalendarDate(plan.date);
	if (!dateOk) issues.push({ field: 'date', code: 'invalid_date' });
	else if (today !== undefined && isCalendarDate(today) && plan.date < today) {
		issues.push({ field: 'date', code: 'date_in_past' });
	}

	if (!isWallTime(plan.time)) issues.push({ field: 'time', code: 'invalid_time' });
	// A meal that runs past midnight would belong to two dates on the board and in the
	// attendance record; canteens serve lunch and dinner, so it is always a typo.
	else if (minutesOfDay(plan.time) + plan.durationMinutes > MINUTES_PER_DAY) {
		issues.push({ field: 'durationMinutes', code: 'ends_after_midnight' });
	}

	if (plan.capacity < expectedPeople) issues.push({ field: 'capacity', code: 'capacity_below_expected' });

	const ids = plan.menu.dishes.map((d) => d.id);
	if (new Set(ids).size !== ids.length) issues.push({ field: 'menu', code: 'duplicate_dish_id' });
	return issues;
}

function minutesOfDay(time: string): number {
	const [h, m] = time.split(':').map(Number);
	return h! * 60 + m!;
}

/**
 * Euros from cents in the locale's own way: "3,50 €" in French, "€3.50" in English.
 * Written out rather than left to `Intl`, whose output differs between ICU versions (and
 * builds without full ICU), which a test or a printed poster should not depend on. The
 * French space before "€" is a no-break space (U+00A0) and the thousands separator a narrow
 * no-break space (U+202F), as French typography has it, so a price never wraps in two.
 */
export function formatEuros({ cents, locale }: { cents: number; locale: Locale }): string {
	if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be a whole number: ${cents}`);
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	const euros = String(Math.floor(abs / 100));
	const rest = String(abs % 100).padStart(2, '0');
	const group = (sep: string) => euros.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
	return locale === 'fr' ? `${sign}${group('\u202f')},${rest}\u00a0€` : `${sign}€${group(',')}.${rest}`;
}

export type CapacityState = 'open' | 'nearly-full' | 'full';

/** At or above this share of places taken, the door is told to warn newcomers. */
export const NEARLY_FULL_PERCENT = 90;

/**
 * How full the room is, counting people checked in on the board and walk-ins the welcome
 * desk counted without a phone. Integer arithmetic, so 90% of 10 is exactly 9.
 */
export function capacityState({
	capacity,
	checkedIn,
	walkIns = 0
}: {
	capacity: number;
	checkedIn: number;
	walkIns?: number;
}): CapacityState {
	const people = checkedIn + walkIns;
	if (people >= capacity) return 'full';
	if (people * 100 >= capacity * NEARLY_FULL_PERCENT) return 'nearly-full';
	return 'open';
}

/** Places left for newcomers, never negative (a full room may still squeeze one more in). */
export function placesLeft({
	capacity,
	checkedIn,
	walkIns = 0
}: {
	capacity: number;
	checkedIn: number;
	walkIns?: number;
}): number {
	return Math.max(0, capacity - checkedIn - walkIns);
}

/** A closed meal is the record of who came and what was served: it is never edited. */
export function canEditPlan(status: MealStatus): boolean {
	return status !== 'closed';
}
