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
