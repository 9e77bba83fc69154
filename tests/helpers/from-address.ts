/**
 * HTTP from a chosen loopback address (127.0.0.2, 127.0.0.3…): every 127/8 address is this
 * machine on Linux, so one test can be several neighbours, an attacker and the owner,
 * each seen by the server under its own remote address.
 */
import { request } from 'node:http';

export interface Reply {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
}

export function requestFrom({
	address,
	url,
	method = 'GET',
	headers = {},
	body
}: {
	address: string;
	url: string;
	method?: string;
	headers?: Record<string, string>;
	body?: string;
}): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method, headers, localAddress: address }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (text += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

/** A SvelteKit form action posted as `use:enhance` does, from `address`. */
export async function postFormFrom({
	address,
	base,
	path,
	fields
}: {
	address: string;
	base: string;
	path: string;
	fields: Record<string, string>;
}): Promise<number> {
	const reply = await requestFrom({
		address,
		url: `${base}${path}`,
		method: 'POST',
		headers: {
			origin: base,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'application/json',
			'x-sveltekit-action': 'true'
		},
		body: new URLSearchParams(fields).toString()
	});
	// SvelteKit answers an action with 200 and the action's own status inside.
	const json = JSON.parse(reply.text) as { type: string; status?: number };
	return json.type === 'redirect' ? 303 : (json.status ?? reply.status);
}

/** Joins a meal from `address`: the status and body of POST /api/join/:code. */
export async function joinFrom({
	address,
	base,
	code,
	name
}: {
	address: string;
	base: string;
	code: string;
	name: string;
}) {
	const reply = await requestFrom({
		address,
		url: `${base}/api/join/${code}`,
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name })
	});
	return { status: reply.status, body: JSON.parse(reply.text) as Record<string, unknown> };
}
