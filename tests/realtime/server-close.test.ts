/**
 * Closing the server while clients are still connected ends, whatever those clients do:
 * the browser tests close the server while Chromium still holds pages, WebSockets and
 * speculative preconnects, which once hung `Tablee.close()` for minutes. Each kind of
 * peer that does not end its connection by itself is here: without the connection
 * tracker (server/http/connections.ts) Node waits for headersTimeout (up to 90 s) or for
 * ws's 30 s close timeout, past this test's timeout.
 */
import { connect as tcp, type Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { memberConnection, startServer } from '../helpers/server.ts';

/** A raw TCP connection to the server that sends `bytes` and then never ends by itself. */
async function rawPeer(
	url: string,
	bytes: string
): Promise<{ socket: Socket; closed: Promise<void>; received: () => string }> {
	const socket = tcp(Number(new URL(url).port), '127.0.0.1');
	let received = '';
	socket.on('data', (data) => (received += data.toString('latin1')));
	socket.on('error', () => undefined);
	const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
	await new Promise((resolve) => socket.once('connect', resolve));
	if (bytes) socket.write(bytes);
	return { socket, closed, received: () => received };
}

const upgrade = (path: string) =>
	`GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
	'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

describe('closing the server', () => {
	it('ends while a phone, a y-websocket screen and peers that never hang up are still connected', async () => {
		const server = await startServer();
		const { conn } = await memberConnection(server, 'Annie');

		const doc = new Y.Doc();
		const screen = new WebsocketProvider(`${server.url.replace('http', 'ws')}/yjs/meal`, server.demo.meal.id, doc, {
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			params: { key: server.demo.screenKey },
			disableBc: true
		});
		await vi.waitFor(() => expect(screen.synced).toBe(true));

		// A browser's speculative preconnect: connected, no request yet.
		const preconnect = await rawPeer(server.url, '');
		// A request whose headers stopped half-way.
		const partial = await rawPeer(server.url, 'GET /api/health HTTP/1.1\r\nHost: x\r\n');
		// A Socket.IO WebSocket whose peer will never answer the server's close frame.
		const deafSocket = await rawPeer(server.url, upgrade('/socket.io/?EIO=4&transport=websocket'));
		await vi.waitFor(() => expect(deafSocket.received()).toContain('101 Switching Protocols'));
		// An idle HTTP keep-alive connection after a request.
		const keepAlive = await rawPeer(server.url, 'GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n');
		await vi.waitFor(() => expect(keepAlive.received()).toContain('HTTP/1.1 200'));

		await server.tablee.close();

		await Promise.all([preconnect.closed, partial.closed, deafSocket.closed, keepAlive.closed]);
		await vi.waitFor(() => expect(conn.status).not.toBe('synced'));
		await vi.waitFor(() => expect(screen.wsconnected).toBe(false));
		expect(server.tablee.sessions.loaded).toBe(0);
		screen.destroy();
		conn.close();
	});
});
