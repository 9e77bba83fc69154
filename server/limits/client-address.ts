/**
 * The address a limit is keyed on. Directly on the Internet it is the socket's peer;
 * behind a reverse proxy every peer is the proxy, so with TABLEE_TRUST_PROXY the last
 * X-Forwarded-For entry (the one the proxy itself added) is used instead. Never trusted
 * by default: a client could otherwise pick its own address and escape every limit.
 */
import type { IncomingHttpHeaders } from 'node:http';

export function clientAddress({
	remoteAddress,
	headers,
	trustProxy
}: {
	remoteAddress: string | undefined;
	headers: IncomingHttpHeaders;
	trustProxy: boolean;
}): string {
	const forwarded = headers['x-forwarded-for'];
	const fromProxy = trustProxy && typeof forwarded === 'string' ? forwarded.split(',').at(-1)?.trim() : undefined;
	const address = fromProxy || remoteAddress || 'unknown';
	// One IPv4 client seen through an IPv6 socket is the same client.
	return address.startsWith('::ffff:') ? address.slice(7) : address;
}
