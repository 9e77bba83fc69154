/**
 * A partner's webhook receiver for tests: a real HTTP server on a free local port that
 * records every request and answers with the status its `answer` function chooses, and
 * the verification a partner is told to do (docs/partners-api.md, "Verifying a delivery").
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';

export interface Received {
	headers: IncomingHttpHeaders;
	body: string;
}

export interface Receiver {
	url: string;
	port: number;
	received: Received[];
	/** The status of the next answer, from the requests received so far (this one included). */
	answer: (received: Received[]) => number | 'hang';
	close(): Promise<void>;
}

export async function startReceiver(port = 0, answer: Receiver['answer'] = () => 204): Promise<Receiver> {
	const received: Received[] = [];
	const hanging = new Set<() => void>();
	const receiver: Receiver = { url: '', port: 0, received, answer, close: async () => undefined };
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			const status = receiver.answer(received);
			if (status === 'hang') {
				hanging.add(() => res.destroy());
				return;
			}
			res.writeHead(status).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	receiver.port = (server.address() as AddressInfo).port;
	receiver.url = `http://127.0.0.1:${receiver.port}/hook`;
	let closed = false;
	receiver.close = () => {
		if (closed) return Promise.resolve();
		closed = true;
		for (const end of hanging) end();
		server.closeAllConnections();
		return new Promise((resolve) => server.close(() => resolve()));
	};
	afterAll(() => receiver.close());
	return receiver;
}

/** A port nothing listens on (yet): listened on, then let go. */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/**
 * What docs/partners-api.md tells a partner to check, written as a partner would: the
 * signature over `<timestamp>.<raw body>` in constant time, the timestamp within the
 * tolerance window, and the delivery id never seen before. Throws with the reason.
 */
export function verifyDelivery({
	secret,
	headers,
	body,
	nowSeconds,
	toleranceSeconds = 300,
	seen
}: {
	secret: string;
	headers: IncomingHttpHeaders;
	body: string;
	nowSeconds: number;
	toleranceSeconds?: number;
	seen: Set<string>;
}): void {
	const timestamp = String(headers['tablee-timestamp'] ?? '');
	const signature = String(headers['tablee-signature'] ?? '');
	const id = String(headers['tablee-delivery'] ?? '');
	if (!/^\d+$/.test(timestamp) || !signature.startsWith('v1=') || !id) throw new Error('missing headers');
	const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
	const given = Buffer.from(signature.slice(3), 'hex');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature');
	if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) throw new Error('too old');
	if (seen.has(id)) throw new Error('replayed');
	seen.add(id);
}
