/**
 * Who may read GET /metrics on the app's port. The numbers are counts, never names, but
 * they describe the service (how many phones, which commands fail) and scraping them
 * costs CPU, so they are not for the Internet:
 *
 * - a request straight from a loopback or private address (the monitoring network, a
 *   Prometheus beside the server) is allowed, unless it came through a proxy: a request
 *   carrying X-Forwarded-For or Forwarded is someone else's, relayed;
 * - through a trusted proxy (TABLEE_TRUST_PROXY=true), the address the proxy saw decides;
 * - anyone else needs `Authorization: Bearer <METRICS_TOKEN>` (when one is configured).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BlockList, isIPv4 } from 'node:net';

const PRIVATE = new BlockList();
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('169.254.0.0', 16, 'ipv4');
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');
PRIVATE.addSubnet('fe80::', 10, 'ipv6');

/** Loopback, RFC 1918, link-local, IPv6 unique-local; an IPv4 address seen through IPv6 as itself. */
export function isPrivateAddress(address: string | undefined): boolean {
	if (!address) return false;
	const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
	try {
		return isIPv4(plain) ? PRIVATE.check(plain, 'ipv4') : PRIVATE.check(plain, 'ipv6');
	} catch {
		return false;
	}
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export type MetricsVerdict = 'allowed' | 'token_required';

export function metricsAccess({ token, trustProxy }: { token?: string; trustProxy: boolean }) {
	const expected = token ? digest(token) : undefined;
	return function verdict(req: IncomingMessage): MetricsVerdict {
		const auth = req.headers.authorization;
		if (expected && typeof auth === 'string' && auth.startsWith('Bearer ')) {
			// Hashes of equal length, compared in constant time.
			if (timingSafeEqual(digest(auth.slice(7).trim()), expected)) return 'allowed';
		}
		const forwarded = req.headers['x-forwarded-for'];
		const relayed = forwarded !== undefined || req.headers.forwarded !== undefined;
		if (!isPrivateAddress(req.socket.remoteAddress)) return 'token_required';
		if (!relayed) return 'allowed';
		// Through a proxy we trust: the address it saw (the last X-Forwarded-For entry it added).
		const seen = trustProxy && typeof forwarded === 'string' ? forwarded.split(',').at(-1)?.trim() : undefined;
		return seen && req.headers.forwarded === undefined && isPrivateAddress(seen) ? 'allowed' : 'token_required';
	};
}
