import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { isTimeZone, localDate } from './time-zone.ts';

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

describe('isTimeZone', () => {
	it('knows IANA zone names and refuses anything else', () => {
		expect(isTimeZone('Europe/Paris')).toBe(true);
		expect(isTimeZone('Indian/Reunion')).toBe(true);
		expect(isTimeZone('UTC')).toBe(true);
		for (const bad of ['', ' ', 'Paris', 'Europe/Atlantis', '+01:00x'])
			expect(isTimeZone(bad), JSON.stringify(bad)).toBe(false);
	});
});

describe('TABLEE_TIME_ZONE', () => {
	it('defaults to Europe/Paris and refuses a zone that does not exist, saying why', () => {
		expect(readConfig({}).timeZone).toBe('Europe/Paris');
		expect(readConfig({ TABLEE_TIME_ZONE: 'America/Cayenne' }).timeZone).toBe('America/Cayenne');
		expect(() => readConfig({ TABLEE_TIME_ZONE: 'Europe/Atlantis' })).toThrow(
			/TABLEE_TIME_ZONE: must be an IANA time zone such as Europe\/Paris/
		);
	});
});
