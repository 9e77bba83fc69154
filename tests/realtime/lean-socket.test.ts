/**
 * The phone's lean Socket.IO client (src/lib/client/lean-socket.ts) against real servers:
 * the Tablée server, a plain Socket.IO server (to restart it, or to see what arrives), a
 * proxy that refuses WebSocket, and a fake Engine.IO server sending garbage.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { readBoard } from '../../src/lib/board-doc/doc.ts';
import { applyServerMessage, asBytes, encodeStep1, SYNC_STEP2 } from '../../src/lib/board-doc/sync.ts';
import { LeanSocket, type LeanSocketOptions } from '../../src/lib/client/lean-socket.ts';
import { PROTOCOL_VERSION } from '../../src/lib/protocol/version.ts';
import { freePort } from '../helpers/free-port.ts';
import { upgradeRefusingProxy } from '../helpers/proxy.ts';
import { joinMember, startServer } from '../helpers/server.ts';

const opened: LeanSocket[] = [];
afterAll(() => opened.forEach((s) => s.disconnect()));

function lean(url: string, options: LeanSocketOptions): LeanSocket {
	const socket = new LeanSocket(url, { transports: ['websocket'], ...options });
	opened.push(socket);
	return socket;
}

const next = <T = unknown[]>(socket: LeanSocket, event: string): Promise<T> =>
	new Promise((resolve) => socket.once(event, (...args: unknown[]) => resolve(args as T)));

/** A plain Socket.IO server on `port`, with an echo that answers through the ack. */
async function plainServer(port: number): Promise<{ io: Server; http: HttpServer; close(): Promise<void> }> {
	const http = createServer();
	const io = new Server(http, { pingInterval: 200, pingTimeout: 200 });
	io.on('connection', (socket) => {
		socket.on('echo', (...args: unknown[]) => {
			const ack = args.pop();
			if (typeof ack === 'function') ack(...args);
		});
	});
	await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
	return {
		io,
		http,
		close: () => new Promise<void>((resolve) => void io.close(() => resolve()))
	};
}

describe('the lean Socket.IO client against the Tablée server', async () => {
	const server = await startServer({
		joinRate: { burst: 1000, perSecond: 100 },
		// Pings every 100 ms, answered within 100 ms: a client that did not answer would drop in 0.2 s.
		heartbeat: { pingIntervalMs: 100, pingTimeoutMs: 100 }
	});
	const { meal } = server.demo;
	const member = async () => {
		const { token, memberId } = await joinMember(server.url, meal.joinCode, 'Lean');
		return { memberId, auth: { v: PROTOCOL_VERSION, role: 'member', mealId: meal.id, token } };
	};

	it('connects with its auth over WebSocket and answers acks', async () => {
		const socket = lean(server.url, { auth: (await member()).auth });
		await next(socket, 'connect');
		expect(socket.connected && socket.active).toBe(true);
		expect(socket.transport).toBe('websocket');
		expect(socket.id).toMatch(/./);
		expect(await socket.timeout(5000).emitWithAck('member:checkin', { cid: 'lean-1' })).toEqual({ ok: true });
	});

	it('sends and receives binary events: a state vector out, the board in', async () => {
		const socket = lean(server.url, { auth: (await member()).auth });
		await next(socket, 'connect');
		const answer = next<[unknown]>(socket, 'y');
		socket.emit('y', encodeStep1(new Y.Doc()));
		const [message] = await answer;
		expect(message).toBeInstanceOf(ArrayBuffer);
		const doc = new Y.Doc();
		expect(applyServerMessage(doc, asBytes(message)!, 'test')).toBe(SYNC_STEP2);
		expect(readBoard(doc).tasks.size).toBeGreaterThan(0);
	});

	it('reports a refusal with the server’s data and does not retry it', async () => {
		const socket = lean(server.url, { auth: { v: PROTOCOL_VERSION, role: 'member', mealId: meal.id, token: 'nope' } });
		const [error] = await next<[Error & { data?: { code: string } }]>(socket, 'connect_error');
		expect(error.data?.code).toMatch(/./);
		expect(socket.active).toBe(false);
		expect(socket.connected).toBe(false);
	});

	it('answers pings: still connected after many ping timeouts’ worth of time', async () => {
		const socket = lean(server.url, { auth: (await member()).auth });
		await next(socket, 'connect');
		let dropped = '';
		socket.on('disconnect', (reason: string) => (dropped = reason));
		// Ten heartbeats of 0.1 s + 0.1 s each: without pongs the server would have closed it.
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		expect(dropped).toBe('');
		expect(await socket.timeout(5000).emitWithAck('member:checkin', { cid: 'lean-ping' })).toEqual({ ok: true });
	});

	it('says "io server disconnect" when the server lets go, and stays down', async () => {
		const { auth, memberId } = await member();
		const socket = lean(server.url, { auth });
		await next(socket, 'connect');
		const gone = next<[string]>(socket, 'disconnect');
		const sockets = await server.tablee.io.in(`meal:${meal.id}`).fetchSockets();
		sockets.find((s) => s.data.memberId === memberId)!.disconnect(true);
		expect((await gone)[0]).toBe('io server disconnect');
		expect(socket.active).toBe(false);
		// And comes back when asked to, as BoardConnection does.
		socket.connect();
		await next(socket, 'connect');
		expect(socket.connected).toBe(true);
	});

	it('reconnects by itself when the connection under it is cut', async () => {
		const { auth, memberId } = await member();
		const socket = lean(server.url, { auth, reconnectionDelay: 50, reconnectionDelayMax: 100 });
		await next(socket, 'connect');
		const gone = next<[string]>(socket, 'disconnect');
		const serverSide = [...server.tablee.io.sockets.sockets.values()].find((s) => s.data.memberId === memberId)!;
		// The Engine.IO connection under the Socket.IO session: the client sees its WebSocket close.
		serverSide.conn.close();
		expect((await gone)[0]).toBe('transport close');
		await next(socket, 'connect');
		expect(await socket.timeout(5000).emitWithAck('member:checkin', { cid: 'lean-back' })).toEqual({ ok: true });
	});

	it('falls back to long-polling through socket.io-client where WebSocket is refused', async () => {
		const proxy = await upgradeRefusingProxy(server.url);
		afterAll(() => new Promise<void>((resolve) => proxy.server.close(() => resolve())));
		const socket = lean(proxy.url, {
			auth: (await member()).auth,
			transports: ['websocket', 'polling'],
			tryAllTransports: true
		});
		// Emitted before any connection: buffered, carried over to the official client.
		const early = socket.timeout(10_000).emitWithAck('member:checkin', { cid: 'lean-early' });
		await next(socket, 'connect');
		expect(socket.transport).toBe('polling');
		expect(await early).toEqual({ ok: true });
		const answer = next<[unknown]>(socket, 'y');
		socket.emit('y', encodeStep1(new Y.Doc()));
		expect(asBytes((await answer)[0])!.length).toBeGreaterThan(10);
	});

	it('uses socket.io-client from the start when asked for long-polling only', async () => {
		const socket = lean(server.url, { auth: (await member()).auth, transports: ['polling'] });
		await next(socket, 'connect');
		expect(socket.transport).toBe('polling');
		expect(await socket.timeout(5000).emitWithAck('member:checkin', { cid: 'lean-polling' })).toEqual({ ok: true });
	});

	it('without tryAllTransports, or for WebSocket only, a refused WebSocket is an error, not a fallback', async () => {
		const proxy = await upgradeRefusingProxy(server.url);
		afterAll(() => new Promise<void>((resolve) => proxy.server.close(() => resolve())));
		const socket = lean(proxy.url, { auth: (await member()).auth, reconnection: false });
		const [error] = await next<[Error]>(socket, 'connect_error');
		expect(error.message).toBe('websocket error');
		expect(socket.transport).toBeUndefined();
	});

	it('refuses reserved event names, as socket.io-client does', () => {
		const socket = lean(server.url, { auth: {}, autoConnect: false });
		for (const name of ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'])
			expect(() => socket.emit(name), name).toThrow('reserved event name');
	});
});

describe('the lean Socket.IO client against a plain Socket.IO server', () => {
	it('buffers emits until connected; a timed-out ack leaves the buffer', async () => {
		const port = await freePort();
		const socket = lean(`http://127.0.0.1:${port}`, { auth: {}, reconnectionDelay: 50, reconnectionDelayMax: 100 });
		const lost = socket.timeout(50).emitWithAck('echo', 'too late');
		await expect(lost).rejects.toThrow('operation has timed out');
		const kept = socket.timeout(10_000).emitWithAck('echo', 'kept', new Uint8Array([1, 2, 3]));
		const plain = await plainServer(port);
		afterAll(() => plain.close());
		const received: unknown[][] = [];
		plain.io.on('connection', (s) => s.onAny((...args: unknown[]) => received.push(args)));
		// A binary ack: the echo sends the bytes back as an attachment.
		const answer = (await kept) as unknown;
		expect(answer).toBe('kept');
		expect(received.map((args) => args[0])).toEqual(['echo']);
		const both = await socket.timeout(5000).emitWithAck('echo', new Uint8Array([4, 5]));
		expect(new Uint8Array(both as ArrayBuffer)).toEqual(new Uint8Array([4, 5]));
	});

	it('fails acks waiting on a dropped connection, and reconnects after the server restarts', async () => {
		const port = await freePort();
		let plain = await plainServer(port);
		plain.io.on('connection', (s) => s.on('never', () => undefined));
		const socket = lean(`http://127.0.0.1:${port}`, { auth: {}, reconnectionDelay: 50, reconnectionDelayMax: 200 });
		await next(socket, 'connect');
		const waiting = socket.emitWithAck('never');
		const gone = next<[string]>(socket, 'disconnect');
		await plain.close();
		expect((await gone)[0]).toBe('transport close');
		await expect(waiting).rejects.toThrow('socket has been disconnected');
		plain = await plainServer(port);
		afterAll(() => plain.close());
		await next(socket, 'connect');
		expect(await socket.timeout(5000).emitWithAck('echo', 'again')).toBe('again');
	});

	it('sends events from the server with an ack back through the callback', async () => {
		const port = await freePort();
		const plain = await plainServer(port);
		afterAll(() => plain.close());
		const socket = lean(`http://127.0.0.1:${port}`, { auth: { who: 'phone' } });
		socket.on('ask', (bytes: ArrayBuffer, reply: (answer: unknown) => void) => reply(new Uint8Array(bytes).length));
		const [serverSide] = await new Promise<[import('socket.io').Socket]>((resolve) =>
			plain.io.once('connection', (s) => resolve([s]))
		);
		expect(serverSide.handshake.auth).toEqual({ who: 'phone' });
		expect(await serverSide.timeout(5000).emitWithAck('ask', Buffer.from([9, 9, 9]))).toBe(3);
	});
});

describe('the lean Socket.IO client against a server sending garbage', () => {
	/** A fake Engine.IO server: a proper handshake and Socket.IO CONNECT, then `frames`. */
	async function fake(
		frames: (string | Buffer)[],
		heartbeat = '"pingInterval":25000,"pingTimeout":20000'
	): Promise<{ url: string; connections: () => number }> {
		const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
		let connections = 0;
		wss.on('connection', (ws) => {
			connections++;
			ws.send(`0{"sid":"fake","upgrades":[],${heartbeat},"maxPayload":1000000}`);
			ws.once('message', () => {
				ws.send('40{"sid":"s"}');
				// Only the first connection gets garbage; the next one stays good.
				if (connections === 1) for (const frame of frames) ws.send(frame);
			});
		});
		await new Promise((resolve) => wss.once('listening', resolve));
		afterAll(() => {
			for (const client of wss.clients) client.terminate();
			return new Promise<void>((resolve) => wss.close(() => resolve()));
		});
		return { url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`, connections: () => connections };
	}

	const GARBAGE: [string, (string | Buffer)[]][] = [
		['an unknown Engine.IO type', ['9hello']],
		['a bad Socket.IO type', ['49["x"]']],
		['bad JSON', ['42["x",']],
		['an event that is not an array', ['42{"a":1}']],
		['a reserved event name', ['42["connect"]']],
		['a second handshake', ['0{"sid":"again","pingInterval":1,"pingTimeout":1}']],
		['bytes nobody announced', [Buffer.from([1, 2, 3])]],
		['text where bytes were announced', ['451-["x",{"_placeholder":true,"num":0}]', '42["x"]']],
		['a placeholder out of range', ['451-["x",{"_placeholder":true,"num":7}]', Buffer.from([1])]],
		['too many attachments', ['4511-["x"]']],
		['an empty frame', ['']]
	];

	for (const [what, frames] of GARBAGE) {
		it(`drops and reconnects on ${what}, without throwing`, async () => {
			const server = await fake(frames);
			const socket = lean(server.url, { auth: {}, reconnectionDelay: 20, reconnectionDelayMax: 50 });
			const heard = vi.fn();
			socket.onAny(heard);
			// The garbage follows the connect in the same read: listen for the drop first.
			const dropped = next<[string]>(socket, 'disconnect');
			await next(socket, 'connect');
			const [reason] = await dropped;
			expect(['parse error', 'transport error']).toContain(reason);
			await next(socket, 'connect');
			expect(server.connections()).toBe(2);
			expect(heard).not.toHaveBeenCalled();
		});
	}

	it('drops with "ping timeout" when the server stops pinging, and reconnects', async () => {
		// A server that promises a ping every 50 ms and never sends one.
		const server = await fake([], '"pingInterval":50,"pingTimeout":50');
		const socket = lean(server.url, { auth: {}, reconnectionDelay: 20, reconnectionDelayMax: 50 });
		const dropped = next<[string]>(socket, 'disconnect');
		await next(socket, 'connect');
		expect((await dropped)[0]).toBe('ping timeout');
		await next(socket, 'connect');
		expect(server.connections()).toBe(2);
	});
});
