/**
 * A small load balancer for trying several instances on one address (npm run
 * start:cluster), hand-written so it shows exactly what Tablée needs from a real one
 * (nginx, HAProxy, a cloud balancer; docs/scale-out.md):
 *
 * - **Round robin** over the instances whose `/readyz` answers 200 (checked every second),
 *   so a draining instance (SIGTERM) or one that lost Redis or PostgreSQL gets no newcomer.
 * - **WebSocket upgrades** proxied as raw TCP after the upgrade request: Socket.IO's
 *   WebSocket is one long connection, so it needs no stickiness.
 * - **Sticky only for HTTP long-polling**: Socket.IO's fallback sends many requests for one
 *   session, which must reach the instance that holds it. The first `/socket.io/` answer
 *   sets a cookie naming the instance; later requests carrying it go there while it is
 *   ready. Everything else is plain round robin.
 * - `X-Forwarded-For` / `X-Forwarded-Proto` added, so instances run with
 *   TABLEE_TRUST_PROXY=true see each phone's own address.
 * - A request that cannot reach an instance (refused: it is stopping) is tried on the next
 *   one when it has no body (GET, HEAD, a WebSocket upgrade); otherwise 502.
 */
import { createServer, request, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface Backend {
	url: string;
	ready: boolean;
}

export interface Balancer {
	url: string;
	port: number;
	backends: readonly Backend[];
	/** Checks every instance's /readyz now (the periodic check does it every `checkEveryMs`). */
	check(): Promise<void>;
	close(): Promise<void>;
}

const STICKY_COOKIE = 'tablee_instance';

export async function startBalancer({
	backends: urls,
	port = 0,
	host = '127.0.0.1',
	checkEveryMs = 1_000
}: {
	backends: string[];
	port?: number;
	host?: string;
	checkEveryMs?: number;
}): Promise<Balancer> {
	const backends: Backend[] = urls.map((url) => ({ url: url.replace(/\/$/, ''), ready: false }));
	let next = 0;
	let closed = false;
	const open = new Set<Duplex>();

	const check = async () => {
		await Promise.all(
			backends.map(async (backend) => {
				try {
					const res = await fetch(`${backend.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
					backend.ready = res.status === 200;
					await res.body?.cancel();
				} catch {
					backend.ready = false;
				}
			})
		);
	};
	await check();
	const timer = setInterval(() => void check(), checkEveryMs);
	timer.unref?.();

	/** Round robin over ready instances, starting after `skip` ones already tried; all of them if none is ready. */
	const pick = (tried: Set<Backend>): Backend | undefined => {
		const candidates = backends.filter((b) => b.ready && !tried.has(b));
		const pool = candidates.length > 0 ? candidates : backends.filter((b) => !tried.has(b));
		if (pool.length === 0) return undefined;
		return pool[next++ % pool.length];
	};

	const sticky = (req: IncomingMessage): Backend | undefined => {
		const cookie = req.headers.cookie ?? '';
		const match = new RegExp(`(?:^|;\\s*)${STICKY_COOKIE}=(\\d+)`).exec(cookie);
		const backend = match ? backends[Number(match[1])] : undefined;
		return backend?.ready ? backend : undefined;
	};

	const forwardedHeaders = (req: IncomingMessage, backend: Backend): OutgoingHttpHeaders => {
		const address = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
		const prior = req.headers['x-forwarded-for'];
		return {
			...req.headers,
			host: new URL(backend.url).host,
			'x-forwarded-for': prior ? `${prior}, ${address}` : address,
			'x-forwarded-proto': (req.headers['x-forwarded-proto'] as string | undefined) ?? 'http',
			'x-forwarded-host': req.headers.host ?? ''
		};
	};

	const proxy = (req: IncomingMessage, res: ServerResponse, tried: Set<Backend>, first?: Backend) => {
		const backend = first ?? pick(tried);
		if (!backend) {
			res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end('No Tablée instance answers.');
			return;
		}
		tried.add(backend);
		const target = new URL(req.url ?? '/', backend.url);
		const upstream = request(target, { method: req.method, headers: forwardedHeaders(req, backend) }, (answer) => {
			const headers = { ...answer.headers };
			if (req.url?.startsWith('/socket.io/') && sticky(req) !== backend) {
				const cookie = `${STICKY_COOKIE}=${backends.indexOf(backend)}; Path=/socket.io/; HttpOnly; SameSite=Lax`;
				const set = headers['set-cookie'];
				headers['set-cookie'] = set ? [...(Array.isArray(set) ? set : [set]), cookie] : [cookie];
			}
			res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
			answer.pipe(res);
		});
		upstream.on('error', (error: NodeJS.ErrnoException) => {
			if (res.headersSent) return void res.destroy();
			// Not reached at all (refused, reset before an answer): another instance, when safe to resend.
			const resendable = req.method === 'GET' || req.method === 'HEAD';
			if (resendable && (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET')) {
				backend.ready = false;
				return proxy(req, res, tried);
			}
			res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end('The Tablée instance did not answer.');
		});
		req.pipe(upstream);
	};

	const upgrade = (req: IncomingMessage, client: Duplex, head: Buffer, tried: Set<Backend>) => {
		const backend = pick(tried);
		if (!backend) return void client.destroy();
		tried.add(backend);
		const target = new URL(backend.url);
		const upstream: Socket = connect(Number(target.port), target.hostname);
		open.add(upstream);
		upstream.once('close', () => open.delete(upstream));
		let connected = false;
		upstream.once('connect', () => {
			connected = true;
			const headers = forwardedHeaders(req, backend);
			const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
			for (const [name, value] of Object.entries(headers)) {
				if (value === undefined) continue;
				for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
			}
			upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
			if (head.length > 0) upstream.write(head);
			upstream.pipe(client).pipe(upstream);
		});
		upstream.on('error', (error: NodeJS.ErrnoException) => {
			if (!connected && error.code === 'ECONNREFUSED' && !client.destroyed) {
				backend.ready = false;
				return upgrade(req, client, head, tried);
			}
			client.destroy();
		});
		client.on('error', () => upstream.destroy());
		client.once('close', () => upstream.destroy());
	};

	const server = createServer((req, res) => {
		const stuck = req.url?.startsWith('/socket.io/') ? sticky(req) : undefined;
		proxy(req, res, new Set(), stuck);
	});
	server.on('upgrade', (req, socket, head) => {
		open.add(socket);
		socket.once('close', () => open.delete(socket));
		upgrade(req, socket, head, new Set());
	});
	server.on('connection', (socket) => {
		open.add(socket);
		socket.once('close', () => open.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve());
	});
	const address = server.address() as AddressInfo;
	const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
	return {
		url: `http://${shownHost}:${address.port}`,
		port: address.port,
		backends,
		check,
		async close() {
			if (closed) return;
			closed = true;
			clearInterval(timer);
			const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
			for (const socket of open) socket.destroy();
			await stopped;
		}
	};
}
