/**
 * GET /metrics on the app's port: allowed straight from loopback and private networks,
 * refused (401) for anyone relayed from outside unless they bring METRICS_TOKEN as a
 * bearer token. Real HTTP to a real server; "outside" is a request relayed by a proxy
 * (X-Forwarded-For), as a public request through the load balancer arrives.
 */
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.ts';

const TOKEN = 'metrics-token-for-the-test-0123456789';

async function scrape(url: string, headers: Record<string, string> = {}) {
	const res = await fetch(`${url}/metrics`, { headers });
	return { status: res.status, text: await res.text(), auth: res.headers.get('www-authenticate') };
}

describe('/metrics access', () => {
	it('answers a private caller, refuses a relayed public one without the token, and lets the token in', async () => {
		const server = await startServer({ metricsToken: TOKEN });
		const direct = await scrape(server.url);
		expect(direct.status).toBe(200);
		expect(direct.text).toMatch(/^tablee_connections /m);

		const relayed = await scrape(server.url, { 'x-forwarded-for': '203.0.113.7' });
		expect(relayed.status).toBe(401);
		expect(relayed.auth).toBe('Bearer');
		expect(JSON.parse(relayed.text)).toMatchObject({ code: 'unauthorized' });
		expect(relayed.text).not.toMatch(/tablee_/);
		// Forwarded (RFC 7239) is a relay too, even naming a private address: the proxy is not trusted.
		expect((await scrape(server.url, { forwarded: 'for=10.0.0.3' })).status).toBe(401);
		expect((await scrape(server.url, { 'x-forwarded-for': '10.0.0.3' })).status).toBe(401);

		const wrong = await scrape(server.url, { 'x-forwarded-for': '203.0.113.7', authorization: 'Bearer nope' });
		expect(wrong.status).toBe(401);
		const withToken = await scrape(server.url, { 'x-forwarded-for': '203.0.113.7', authorization: `Bearer ${TOKEN}` });
		expect(withToken.status).toBe(200);
		expect(withToken.text).toMatch(/^tablee_commands_in_flight 0$/m);
	});

	it('behind a trusted proxy, decides on the address the proxy saw', async () => {
		const server = await startServer({ limits: { trustProxy: true } });
		expect((await scrape(server.url, { 'x-forwarded-for': '10.1.2.3' })).status).toBe(200);
		expect((await scrape(server.url, { 'x-forwarded-for': '10.1.2.3, 203.0.113.7' })).status).toBe(401);
		// No token configured: nobody from outside gets in, whatever they send.
		expect((await scrape(server.url, { 'x-forwarded-for': '203.0.113.7', authorization: 'Bearer x' })).status).toBe(
			401
		);
	});
});
