import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('TABLEE_TIME_ZONE', () => {
	it('defaults to Europe/Paris and refuses a zone that does not exist, saying why', () => {
		expect(readConfig({}).timeZone).toBe('Europe/Paris');
		expect(readConfig({ TABLEE_TIME_ZONE: 'America/Cayenne' }).timeZone).toBe('America/Cayenne');
		expect(() => readConfig({ TABLEE_TIME_ZONE: 'Europe/Atlantis' })).toThrow(
			/TABLEE_TIME_ZONE: must be an IANA time zone such as Europe\/Paris/
		);
	});
});

describe('TABLEE_RETENTION_DAYS and the webhook settings', () => {
	it('defaults to 30 days, refuses what is not a whole number of days in range, saying why', () => {
		expect(readConfig({}).retentionDays).toBe(30);
		expect(readConfig({ TABLEE_RETENTION_DAYS: '90' }).retentionDays).toBe(90);
		expect(() => readConfig({ TABLEE_RETENTION_DAYS: '0' })).toThrow(/TABLEE_RETENTION_DAYS: must be at least 1 day/);
		expect(() => readConfig({ TABLEE_RETENTION_DAYS: '4000' })).toThrow(/TABLEE_RETENTION_DAYS: must be at most 3650/);
		expect(() => readConfig({ TABLEE_RETENTION_DAYS: 'thirty' })).toThrow(
			/TABLEE_RETENTION_DAYS: must be a whole number of days/
		);
		expect(() => readConfig({ TABLEE_RETENTION_DAYS: '1.5' })).toThrow(/TABLEE_RETENTION_DAYS/);
	});

	it('refuses local webhook targets unless asked, and bounds the first retry wait', () => {
		expect(readConfig({}).webhooks).toEqual({ allowLocal: false, retryBaseMs: 30_000 });
		expect(readConfig({ TABLEE_WEBHOOKS_LOCAL: 'true', TABLEE_WEBHOOK_RETRY_MS: '200' }).webhooks).toEqual({
			allowLocal: true,
			retryBaseMs: 200
		});
		expect(() => readConfig({ TABLEE_WEBHOOKS_LOCAL: 'yes' })).toThrow(/TABLEE_WEBHOOKS_LOCAL/);
		expect(() => readConfig({ TABLEE_WEBHOOK_RETRY_MS: '10' })).toThrow(
			/TABLEE_WEBHOOK_RETRY_MS: must be at least 100/
		);
	});
});
