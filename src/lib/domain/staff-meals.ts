/**
 * The order of meals on the staff home page: today's first (what a Canteen Master opens
 * the page for), then the coming ones soonest first, then past ones most recent first.
 * Dates and times are the canteen's local "YYYY-MM-DD" and "HH:MM", so strings compare.
 */
export interface DatedMeal {
	date: string;
	time: string;
}

export function orderStaffMeals<M extends DatedMeal>({
	meals,
	today
}: {
	meals: readonly M[];
	today: string;
}): (M & { isToday: boolean })[] {
	const key = (m: M) => `${m.date} ${m.time}`;
	const byTimeAsc = (a: M, b: M) => key(a).localeCompare(key(b));
	const todays = meals.filter((m) => m.date === today).sort(byTimeAsc);
	const coming = meals.filter((m) => m.date > today).sort(byTimeAsc);
	const past = meals.filter((m) => m.date < today).sort((a, b) => byTimeAsc(b, a));
	return [
		...todays.map((m) => ({ ...m, isToday: true })),
		...[...coming, ...past].map((m) => ({ ...m, isToday: false }))
	];
}
