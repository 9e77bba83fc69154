/**
 * Weeks for the network view (pure): the last n weeks up to a local date, Monday to
 * Sunday, and the people served in each (one per member per meal: a meal's `joined`).
 */
import { weekOf } from '../partners/figures.ts';

export interface Week {
	/** Monday, YYYY-MM-DD. */
	from: string;
	/** Sunday. */
	to: string;
}

const addDays = (date: string, days: number) =>
	new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The `n` weeks ending with the week of `today`, oldest first. */
export function lastWeeks(today: string, n: number): Week[] {
	const current = weekOf(today).from;
	return Array.from({ length: n }, (_, i) => {
		const from = addDays(current, -7 * (n - 1 - i));
		return { from, to: addDays(from, 6) };
	});
}

/** People served per week, in the order of `weeks`. */
export function servedPerWeek(meals: readonly { date: string; joined: number }[], weeks: readonly Week[]): number[] {
	return weeks.map((w) => meals.reduce((sum, m) => (m.date >= w.from && m.date <= w.to ? sum + m.joined : sum), 0));
}
