/**
 * The canteen's wall clock: which local date and time an instant is in a time zone. A
 * recurring meal is "Tuesday 12:00 in the canteen", so "today" must be the canteen's
 * today, not the server's (a server in UTC is still on Monday at 00:30 in Paris). Pure:
 * the instant and the zone are arguments; Intl holds the time-zone rules.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		});
		formatters.set(timeZone, f);
	}
	return f;
}

/** True for a time zone Intl knows, such as `Europe/Paris`. */
export function isTimeZone(timeZone: string): boolean {
	// Checked first: a blank name is a mistake in the environment, never the UTC default.
	if (timeZone.trim() === '') return false;
	try {
		formatter(timeZone);
		return true;
	} catch {
		return false;
	}
}

/** The local date (YYYY-MM-DD) and time (HH:MM) of the instant `at` (ms) in `timeZone`. */
export function localDateTime({ at, timeZone }: { at: number; timeZone: string }): { date: string; time: string } {
	const parts: Record<string, string> = {};
	for (const p of formatter(timeZone).formatToParts(new Date(at))) parts[p.type] = p.value;
	const year = (parts.year ?? '').padStart(4, '0');
	return { date: `${year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The local date (YYYY-MM-DD) in `timeZone` at the instant `at`: the canteen's "today". */
export function localDate({ at, timeZone }: { at: number; timeZone: string }): string {
	return localDateTime({ at, timeZone }).date;
}
