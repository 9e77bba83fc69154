/**
 * Probes for a supervisor or load balancer, outside /api so a proxy can keep them
 * private: /healthz says the process answers (restart it if not); /readyz says it can
 * also save (send no traffic while it cannot). A full disk fails /readyz, not /healthz:
 * restarting would not make room.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from '../../src/lib/protocol/errors.ts';
import type { WriteHealth } from '../ops/write-health.ts';

export function createHealthRoutes({ health }: { health: WriteHealth }) {
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
		const ready = health.check();
		if (ready.ok) send(res, 200, { ok: true, storage: 'ok' });
		else
			send(res, 503, {
				ok: false,
				storage: 'failing',
				since: ready.since,
				cause: ready.cause,
				...errorBody('saving_paused')
			});
		return true;
	};
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
	res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
	res.end(JSON.stringify(body));
}
