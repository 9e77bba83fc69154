import { describe, expect, it } from 'vitest';
import { isTimeZone, localDate, localDateTime } from './local-time.ts';

describe('localDateTime', () => {
	it('gives Paris’s date and time, not the server’s', () => {
		// 23:30 UTC on Sunday is already Monday 00:30 in Paris (winter, UTC+1).
		expect(localDateTime({ at: Date.UTC(2030, 2, 24, 23, 30), timeZone: 'Europe/Paris' })).toEqual({
			date: '2030-03-25',
			time: '00:30'
		});
		expect(localDateTime({ at: Date.UTC(2030, 2, 24, 23, 30), timeZone: 'UTC' })).toEqual({
			date: '2030-03-24',
			time: '23:30'
		});
	});

	it('follows the clocks across the spring and autumn changes', () => {
		// Sunday 31 March 2030: 02:00 jumps to 03:00. 01:30 UTC is 03:30 summer time.
		expect(localDateTime({ at: Date.UTC(2030, 2, 31, 0, 30), timeZone: 'Europe/Paris' }).time).toBe('01:30');
		expect(localDateTime({ at: Date.UTC(2030, 2, 31, 1, 30), timeZone: 'Europe/Paris' }).time).toBe('03:30');
		// Sunday 27 October 2030: 03:00 falls back to 02:00; noon is 11:00 UTC.
		expect(localDateTime({ at: Date.UTC(2030, 9, 27, 11, 0), timeZone: 'Europe/Paris' })).toEqual({
			date: '2030-10-27',
			time: '12:00'
		});
	});

	it('writes midnight as 00:00, never 24:00', () => {
		expect(localDateTime({ at: Date.UTC(2030, 0, 1, 23, 0), timeZone: 'Europe/Paris' })).toEqual({
			date: '2030-01-02',
			time: '00:00'
		});
	});

	it('knows a time zone from a typo', () => {
		expect(isTimeZone('Europe/Paris')).toBe(true);
		expect(isTimeZone('America/Cayenne')).toBe(true);
		expect(isTimeZone('Europe/Pariss')).toBe(false);
		expect(isTimeZone('')).toBe(false);
	});
});

describe('localDate', () => {
	it('gives the date where the canteen is, not in UTC', () => {
		// 2026-11-25 23:30 UTC is already the 26th in Paris (UTC+1 in winter)…
		const lateUtc = Date.UTC(2026, 10, 25, 23, 30);
		expect(localDate({ timeZone: 'Europe/Paris', at: lateUtc })).toBe('2026-11-26');
		expect(localDate({ timeZone: 'UTC', at: lateUtc })).toBe('2026-11-25');
		// …and still the 25th in Martinique (UTC−4).
		expect(localDate({ timeZone: 'America/Martinique', at: lateUtc })).toBe('2026-11-25');
		// Summer time: 22:30 UTC on 30 June is 00:30 on 1 July in Paris (UTC+2).
		expect(localDate({ timeZone: 'Europe/Paris', at: Date.UTC(2026, 5, 30, 22, 30) })).toBe('2026-07-01');
	});
});

describe('isTimeZone, for TABLEE_TIME_ZONE', () => {
	it('knows IANA zone names and refuses anything else, blank included', () => {
		expect(isTimeZone('Europe/Paris')).toBe(true);
		expect(isTimeZone('Indian/Reunion')).toBe(true);
		expect(isTimeZone('UTC')).toBe(true);
		for (const bad of ['', ' ', 'Paris', 'Europe/Atlantis', '+01:00x'])
			expect(isTimeZone(bad), JSON.stringify(bad)).toBe(false);
	});
});
