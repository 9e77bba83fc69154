/**
 * The floor: a bare Socket.IO relay. A client joins the room named in its handshake
 * (`auth.room`, one per meal), emits `op` with a small JSON payload and an ack; the server
 * broadcasts the payload to everyone in that room, then acks. No authentication,
 * validation, rules, document or storage. Same Socket.IO server options as Tablée
 * (server/app.ts), and the same order (broadcast, then ack), so the difference is Tablée's work.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

export const RELAY_ROOM = 'room';

/** What a relay client sends: shaped like a `task:claim` command, plus a sequence number. */
export interface RelayOp {
	seq: number;
	taskId: string;
	cid: string;
}

export interface Relay {
	listen(port: number, host?: string): Promise<{ port: number }>;
	close(): Promise<void>;
}

export function createRelay(): Relay {
	const http = createServer();
	const io = new Server(http, {
		maxHttpBufferSize: 64 * 1024,
		serveClient: false,
		pingInterval: 25_000,
		pingTimeout: 20_000,
		connectionStateRecovery: undefined,
		destroyUpgrade: false
	});

	io.on('connection', (socket) => {
		const auth = socket.handshake.auth as { room?: unknown };
		const room = typeof auth.room === 'string' ? auth.room.slice(0, 40) : RELAY_ROOM;
		void socket.join(room);
		socket.on('op', (payload: unknown, ack: unknown) => {
			io.to(room).emit('op', payload);
			if (typeof ack === 'function') ack({ ok: true });
		});
		// Acknowledged, not broadcast: the floor for a burst of commands that change nothing.
		socket.on('echo', (_payload: unknown, ack: unknown) => {
			if (typeof ack === 'function') ack({ ok: true });
		});
	});

	return {
		listen(port, host = '127.0.0.1') {
			return new Promise((resolve, reject) => {
				http.once('error', reject);
				http.listen(port, host, () => {
					http.off('error', reject);
					resolve({ port: (http.address() as AddressInfo).port });
				});
			});
		},
		close() {
			return new Promise((resolve) => io.close(() => resolve()));
		}
	};
}
