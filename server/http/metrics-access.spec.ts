import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from './metrics-access.ts';

describe('isPrivateAddress', () => {
	it('knows loopback, RFC 1918, link-local and IPv6 unique-local addresses, IPv4 seen through IPv6 too', () => {
		for (const address of [
			'127.0.0.1',
			'10.4.5.6',
			'172.16.0.1',
			'172.31.255.255',
			'192.168.1.20',
			'::1',
			'fd12::1',
			'::ffff:10.0.0.2'
		])
			expect(isPrivateAddress(address), address).toBe(true);
	});

	it('refuses public addresses, junk and nothing', () => {
		for (const address of [
			'8.8.8.8',
			'172.32.0.1',
			'203.0.113.7',
			'2001:db8::1',
			'::ffff:8.8.8.8',
			'not an ip',
			'',
			undefined
		])
			expect(isPrivateAddress(address), String(address)).toBe(false);
	});
});
