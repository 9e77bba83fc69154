/**
 * Every TCP connection the HTTP server accepted, so closing the server cannot wait on a
 * peer. `http.close()` (Node 20) stops listening, closes the keep-alive connections idle at
 * that instant and then waits for every other connection to end by itself. Some never do
 * on their own: a browser's speculative preconnect (a TCP connection that has not sent a
 * request yet is not "idle" to Node; headersTimeout ends it after up to 90 s), a request
 * whose headers stopped half-way, a WebSocket whose peer does not answer the close frame
 * (ws waits 30 s). Chromium keeps such connections open in the browser tests while the
 * server closes, which hung `Tablee.close()` under load. Upgraded sockets are counted
 * here too: Node's `closeAllConnections()` does not know them after the upgrade.
 *
 * Create it after Socket.IO is attached: its request listener is put first, so it also
 * sees the requests Engine.IO answers itself.
 */
import type { Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import { settlesWithin } from '../within.ts';

export interface ConnectionTracker {
	/** Open connections right now (upgraded ones included). */
	readonly size: number;
	/**
	 * Cuts at once the connections with nothing under way (no request answered, not
	 * upgraded); lets the others end by themselves while `stopped` (the server's close
	 * callback) has not resolved, for at most `graceMs`; then destroys those still open and
	 * waits for `stopped`. Acknowledged board changes are already stored: nothing is lost.
	 */
	drain(options: { stopped: Promise<void>; graceMs: number }): Promise<void>;
}

export function trackConnections(http: HttpServer): ConnectionTracker {
	const open = new Set<Socket>();
	/** Connections with a response under way, or upgraded to a WebSocket. */
	const busy = new Set<Socket>();
	http.on('connection', (socket: Socket) => {
		open.add(socket);
		socket.once('close', () => {
			open.delete(socket);
			busy.delete(socket);
		});
	});
	http.prependListener('request', (req, res) => {
		busy.add(req.socket);
		res.once('close', () => busy.delete(req.socket));
	});
	http.prependListener('upgrade', (req) => busy.add(req.socket));
	return {
		get size() {
			return open.size;
		},
		async drain({ stopped, graceMs }) {
			for (const socket of open) if (!busy.has(socket)) socket.destroy();
			await settlesWithin({ promise: stopped, ms: graceMs });
			for (const socket of open) socket.destroy();
			await stopped;
		}
	};
}
