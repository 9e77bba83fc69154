/**
 * The installation's local calendar. Meals are planned in local dates and times
 * (YYYY-MM-DD, HH:MM), so "is this date in the past?" needs the canteen's own today, not
 * the server's UTC one: at 00:30 in Paris it is still yesterday in UTC.
 */

/** True for an IANA zone name this Node's ICU knows, e.g. `Europe/Paris`. */
export function isTimeZone(name: string): boolean {
	if (name.trim() === '') return false;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: name });
		return true;
	} catch {
		return false;
	}
}

/** The local date (YYYY-MM-DD) in `timeZone` at the instant `at` (ms since the epoch). */
export function localDate({ timeZone, at }: { timeZone: string; at: number }): string {
	// Parts rather than a formatted string: the order and separators of a formatted date
	// depend on the locale data of the ICU build.
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).formatToParts(at);
	const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
	return `${part('year')}-${part('month')}-${part('day')}`;
}
