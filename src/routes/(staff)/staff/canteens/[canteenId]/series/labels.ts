/** How the series page says days and rules in the person's language (Intl only). */
import type { Locale } from '$lib/domain/types.ts';

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** "Monday"… "Sunday" / "Lundi"… "Dimanche", for ISO weekday 1…7 (1 January 2024 was a Monday). */
export function weekdayName(locale: Locale, weekday: number, style: 'long' | 'short' = 'long'): string {
	const name = new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(
		new Date(Date.UTC(2024, 0, weekday))
	);
	return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/** "Tuesday and Thursday" / "mardi et jeudi". */
export function weekdayList(locale: Locale, weekdays: readonly number[]): string {
	const names = weekdays.map((w) => weekdayName(locale, w).toLocaleLowerCase(locale));
	const list = new Intl.ListFormat(locale, { type: 'conjunction' }).format(names);
	return list.charAt(0).toLocaleUpperCase(locale) + list.slice(1);
}
