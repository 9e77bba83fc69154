/**
 * Probes for a supervisor or load balancer, outside /api so a proxy can keep them
 * private: /healthz says the process answers (restart it if not); /readyz says it can
 * also save (send no traffic while it cannot). A full disk, or Redis or PostgreSQL away,
 * fails /readyz, not /healthz: restarting would not bring them back. A server that is
 * shutting down (SIGTERM) fails /readyz first, so the balancer stops sending it anyone.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from '../../src/lib/protocol/errors.ts';
import type { WriteHealth } from '../ops/write-health.ts';
import type { PartHealth, Storage } from '../storage/storage.ts';

export function createHealthRoutes({
	health,
	storage,
	draining
}: {
	health: WriteHealth;
	storage: Pick<Storage, 'ping'>;
	/** True once the server is closing. */
	draining: () => boolean;
}) {
	// Probes arriving while a ping is under way share it (a balancer per instance, monitors).
	let pinging: Promise<PartHealth[]> | undefined;
	const ping = () => (pinging ??= storage.ping().finally(() => (pinging = undefined)));

	async function ready(res: ServerResponse) {
		if (draining()) {
			return send(res, 503, { ok: false, draining: true, ...errorBody('unavailable') });
		}
		const [parts, disk] = [await ping(), health.check()];
		const down = parts.filter((p) => !p.ok).map((p) => p.part as string);
		if (!disk.ok) down.push('disk');
		const named = Object.fromEntries(parts.map((p) => [p.part, p.ok ? 'ok' : p.cause]));
		if (down.length === 0) return send(res, 200, { ok: true, storage: 'ok', parts: named });
		send(res, 503, {
			ok: false,
			storage: 'failing',
			// What to look at: redis, postgres, sqlite (the file), disk (writes refused).
			down,
			parts: disk.ok ? named : { ...named, disk: disk.cause },
			...(disk.ok
				? { cause: parts.find((p) => !p.ok && 'cause' in p)?.cause }
				: { since: disk.since, cause: disk.cause }),
			...errorBody('saving_paused')
		});
	}

	return function handleHealth(req: IncomingMessage, res: ServerResponse): boolean {
		const path = (req.url ?? '/').split('?')[0];
		if (path !== '/healthz' && path !== '/readyz') return false;
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			send(res, 405, errorBody('method_not_allowed'), { allow: 'GET, HEAD' });
			return true;
		}
		if (path === '/healthz') {
			send(res, 200, { ok: true });
			return true;
		}
		ready(res).catch(() => {
			if (!res.headersSent) send(res, 503, { ok: false, ...errorBody('unavailable') });
		});
		return true;
	};
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
	res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
	res.end(JSON.stringify(body));
}
