/**
 * The phones of the load generator, for the three servers under test. Receivers are as
 * light as the protocol allows (they only count the update frames they get: no Yjs
 * document, no parsing beyond the first byte); each meal's claimer is a real client
 * (Tablée: `BoardConnection`; relay: a Socket.IO client emitting with an ack; Yjs server:
 * a `Y.Doc` speaking y-protocols over `ws`, writing the claim the way Tablée's server
 * writes it). Every phone reports the bytes its TCP socket read and wrote, headers and
 * framing included.
 */
import type { Socket as NetSocket } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { applyChanges, readBoard } from '../src/lib/board-doc/doc.ts';
import { encodeStep1 } from '../src/lib/board-doc/sync.ts';
import { BoardConnection } from '../src/lib/client/connection.ts';
import type { WebSocketClass } from '../src/lib/client/lean-socket.ts';
import { sortTasks } from '../src/lib/domain/board.ts';
import type { Task } from '../src/lib/domain/types.ts';
import { PROTOCOL_VERSION } from '../src/lib/protocol/version.ts';

export type Protocol = 'tablee' | 'relay' | 'yjs';

/** Where one meal lives on one server, and (Tablée) the members who joined it. */
export interface MealAddress {
	protocol: Protocol;
	/** http://127.0.0.1:port */
	url: string;
	/** Relay room or Yjs document name. */
	room: string;
	mealId?: string;
	joinCode?: string;
	tokens?: string[];
}

export interface Phone {
	/** Resolves once the phone has the board (Tablée: welcome and sync step 2; Yjs: step 2). */
	ready: Promise<void>;
	bytesRead(): number;
	bytesWritten(): number;
	close(): void;
}

export interface Claimer extends Phone {
	/** Emits one claim or release of the claimer's task; resolves on the ack (Yjs: when sent). */
	op(kind: 'claim' | 'release'): Promise<void>;
}

/** What a receiver saw when it became ready: the size of the sync message itself. */
export interface ReceiverInfo {
	syncPayload: number;
}

const SOCKET_OPTIONS = { transports: ['websocket'], forceNew: true, reconnection: false };
const CONNECT_TIMEOUT_MS = 20_000;

/** The TCP socket under a Socket.IO client's WebSocket (Node's `ws`, private field). */
function tcpOf(socket: Socket): NetSocket | undefined {
	const transport = socket.io.engine?.transport as unknown as { ws?: { _socket?: NetSocket } } | undefined;
	return transport?.ws?._socket;
}

function tcpOfWs(ws: WebSocket): NetSocket | undefined {
	return (ws as unknown as { _socket?: NetSocket })._socket;
}

/** Bytes counters that survive the socket being closed (the last reading is kept). */
function counters(get: () => NetSocket | undefined) {
	let read = 0;
	let written = 0;
	return {
		bytesRead: () => (read = get()?.bytesRead ?? read),
		bytesWritten: () => (written = get()?.bytesWritten ?? written)
	};
}

function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() => reject(new Error(`${what}: not ready within ${CONNECT_TIMEOUT_MS} ms`)),
			CONNECT_TIMEOUT_MS
		);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A Tablée `y` message's sync type (0 step 1, 1 step 2, 2 update): the first byte of the
 * y-protocols message, carried as base64 text or as binary.
 */
export function tableeSyncType(message: unknown): number {
	if (typeof message === 'string') return Buffer.from(message.slice(0, 4), 'base64')[0] ?? -1;
	if (message instanceof ArrayBuffer) return new Uint8Array(message)[0] ?? -1;
	if (ArrayBuffer.isView(message)) {
		return message.byteLength > 0 ? new Uint8Array(message.buffer, message.byteOffset, 1)[0]! : -1;
	}
	return -1;
}

function payloadSize(message: unknown): number {
	if (typeof message === 'string') return Buffer.byteLength(message);
	if (message instanceof ArrayBuffer || ArrayBuffer.isView(message)) return message.byteLength;
	return NaN;
}

// ---------------------------------------------------------------------------------------
// Tablée

const EMPTY_STEP1 = encodeStep1(new Y.Doc());

function tableeReceiver(meal: MealAddress, slot: number, onUpdate: () => void, info?: ReceiverInfo): Phone {
	const token = meal.tokens?.[slot];
	if (!meal.mealId || !token) throw new Error(`no member token ${slot} for ${meal.room}`);
	// As a phone whose browser can inflate (BoardConnection in Node can too): a first sync may come deflated.
	const socket = io(meal.url, {
		...SOCKET_OPTIONS,
		auth: { v: PROTOCOL_VERSION, role: 'member', mealId: meal.mealId, token, deflate: true }
	});
	let welcomed = false;
	let synced = false;
	const ready = new Promise<void>((resolve, reject) => {
		const check = () => welcomed && synced && resolve();
		socket.on('connect', () => socket.emit('y', EMPTY_STEP1));
		socket.on('welcome', () => {
			welcomed = true;
			check();
		});
		socket.on('y', (message: unknown) => {
			const type = tableeSyncType(message);
			if (type === syncProtocol.messageYjsUpdate) return onUpdate();
			if (type === syncProtocol.messageYjsSyncStep2 && !synced) {
				if (info) info.syncPayload = payloadSize(message);
				synced = true;
				check();
			}
		});
		// The step 2 of a first sync, deflated: the receiver has no document, so it is not inflated.
		socket.on('y:deflated', (message: unknown) => {
			if (synced) return;
			if (info) info.syncPayload = payloadSize(message);
			synced = true;
			check();
		});
		socket.on('connect_error', (error) => reject(error));
	});
	return {
		ready: bounded(ready, 'Tablée receiver'),
		...counters(() => tcpOf(socket)),
		close: () => socket.disconnect()
	};
}

function tableeClaimer(meal: MealAddress, onUpdate: () => void): Claimer {
	const token = meal.tokens?.[0];
	if (!meal.mealId || !token) throw new Error(`no claimer token for ${meal.room}`);
	// The lean client's WebSocket (ws's), kept to read its TCP socket's counters.
	const kept: WebSocket[] = [];
	class Kept extends WebSocket {
		constructor(...args: ConstructorParameters<typeof WebSocket>) {
			super(...args);
			kept.push(this);
		}
	}
	const conn = new BoardConnection({
		url: meal.url,
		credentials: { role: 'member', mealId: meal.mealId, token },
		commandTimeoutMs: 30_000,
		socket: { ...SOCKET_OPTIONS, WebSocket: Kept as unknown as WebSocketClass }
	});
	conn.socket.onAny((event: string, message: unknown) => {
		if (event === 'y' && tableeSyncType(message) === syncProtocol.messageYjsUpdate) onUpdate();
	});
	let taskId = '';
	const ready = (async () => {
		await conn.whenSynced();
		if (!conn.welcome) {
			await new Promise<void>((resolve) => {
				const off = conn.subscribe(() => {
					if (conn.welcome) {
						off();
						resolve();
					}
				});
			});
		}
		taskId = claimTask(conn.state.tasks.values()).id;
	})();
	return {
		ready: bounded(ready, 'Tablée claimer'),
		...counters(() => {
			const ws = kept.at(-1);
			return ws ? tcpOfWs(ws) : undefined;
		}),
		async op(kind) {
			const ack = await conn.send(kind === 'claim' ? 'task:claim' : 'task:release', { taskId });
			if (!ack.ok) throw new Error(`${kind} refused: ${ack.code}`);
		},
		close: () => conn.close()
	};
}

/** The task every claimer toggles its claim on: the board's second task (two places). */
function claimTask(tasks: Iterable<Task>): Task {
	const task = sortTasks(tasks)[1];
	if (!task) throw new Error('the board has fewer than two tasks');
	return task;
}

/** A Tablée master connection to one meal, for its board: the Yjs server starts from a copy. */
export async function tableeBoardUpdate(url: string, mealId: string, key: string): Promise<Uint8Array> {
	const conn = new BoardConnection({ url, credentials: { role: 'master', mealId, key }, socket: SOCKET_OPTIONS });
	try {
		await bounded(conn.whenSynced(), 'Tablée master');
		return Y.encodeStateAsUpdate(conn.doc);
	} finally {
		conn.close();
	}
}

// ---------------------------------------------------------------------------------------
// Bare Socket.IO relay

function relaySocket(meal: MealAddress) {
	const socket = io(meal.url, { ...SOCKET_OPTIONS, auth: { room: meal.room } });
	const ready = new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	return { socket, ready: bounded(ready, 'relay phone') };
}

function relayReceiver(meal: MealAddress, onUpdate: () => void): Phone {
	const { socket, ready } = relaySocket(meal);
	socket.on('op', () => onUpdate());
	return { ready, ...counters(() => tcpOf(socket)), close: () => socket.disconnect() };
}

let relayCid = 0;
const relayCidPrefix = Math.random().toString(36).slice(2, 10);

function relayClaimer(meal: MealAddress, onUpdate: () => void): Claimer {
	const { socket, ready } = relaySocket(meal);
	socket.on('op', () => onUpdate());
	let seq = 0;
	return {
		ready,
		...counters(() => tcpOf(socket)),
		async op() {
			// Shaped like a Tablée claim: a task id and a client command id, plus a sequence number.
			const payload = { seq: ++seq, taskId: 't_k3j4h5g6m7', cid: `${relayCidPrefix}-${++relayCid}` };
			const ack = (await socket.timeout(30_000).emitWithAck('op', payload)) as { ok: boolean };
			if (!ack.ok) throw new Error('relay op refused');
		},
		close: () => socket.disconnect()
	};
}

// ---------------------------------------------------------------------------------------
// @y/websocket-server: y-protocols over a plain WebSocket, one document per URL path

const MESSAGE_SYNC = 0;

function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

const EMPTY_DOC = new Y.Doc();
const YJS_EMPTY_STEP1 = syncMessage((e) => syncProtocol.writeSyncStep1(e, EMPTY_DOC));
const YJS_EMPTY_STEP2 = syncMessage((e) => syncProtocol.writeSyncStep2(e, EMPTY_DOC));

function yjsSocket(meal: MealAddress): WebSocket {
	return new WebSocket(`${meal.url.replace(/^http/, 'ws')}/${meal.room}`, { perMessageDeflate: false });
}

function yjsReceiver(meal: MealAddress, onUpdate: () => void, info?: ReceiverInfo): Phone {
	const ws = yjsSocket(meal);
	const ready = new Promise<void>((resolve, reject) => {
		ws.on('open', () => ws.send(YJS_EMPTY_STEP1));
		ws.on('message', (data: Buffer) => {
			if (data[0] !== MESSAGE_SYNC) return; // awareness: none is set in this benchmark
			const type = data[1];
			if (type === syncProtocol.messageYjsUpdate) return onUpdate();
			// The server's step 1: answer as a phone with nothing to add would.
			if (type === syncProtocol.messageYjsSyncStep1) return ws.send(YJS_EMPTY_STEP2);
			if (type === syncProtocol.messageYjsSyncStep2) {
				if (info) info.syncPayload = data.length;
				resolve();
			}
		});
		ws.on('error', reject);
	});
	return { ready: bounded(ready, 'Yjs receiver'), ...counters(() => tcpOfWs(ws)), close: () => ws.terminate() };
}

function yjsClaimer(meal: MealAddress, onUpdate: () => void): Claimer {
	const ws = yjsSocket(meal);
	const doc = new Y.Doc();
	const fromServer = Symbol('server');
	let task = '';
	let memberId = '';
	const masters = new Y.Doc();
	doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== fromServer) ws.send(syncMessage((e) => syncProtocol.writeUpdate(e, update)));
	});
	const ready = new Promise<void>((resolve, reject) => {
		ws.on('open', () => ws.send(syncMessage((e) => syncProtocol.writeSyncStep1(e, doc))));
		ws.on('message', (data: Buffer) => {
			const decoder = decoding.createDecoder(new Uint8Array(data));
			if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			const type = syncProtocol.readSyncMessage(decoder, encoder, doc, fromServer);
			if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder));
			if (type === syncProtocol.messageYjsUpdate) onUpdate();
			if (type === syncProtocol.messageYjsSyncStep2) {
				const board = readBoard(doc);
				task = claimTask(board.tasks.values()).id;
				memberId = [...board.members.keys()][0] ?? 'm_bench';
				resolve();
			}
		});
		ws.on('error', reject);
	});
	return {
		ready: bounded(ready, 'Yjs claimer'),
		...counters(() => tcpOfWs(ws)),
		async op(kind) {
			// The change Tablée's server makes for a claim (decide → applyChanges), made here.
			const current = readBoard(doc).tasks.get(task);
			if (!current) throw new Error('claim task missing from the Yjs document');
			const claims =
				kind === 'claim'
					? [...current.claims, { memberId, at: Date.now() }]
					: current.claims.filter((c) => c.memberId !== memberId);
			// Only the board document travels here; the claim times would go to the masters document.
			applyChanges({ board: doc, masters }, [{ type: 'task:set', task: { ...current, claims } }]);
		},
		close: () => ws.terminate()
	};
}

// ---------------------------------------------------------------------------------------

export function connectReceiver(meal: MealAddress, slot: number, onUpdate: () => void, info?: ReceiverInfo): Phone {
	if (meal.protocol === 'tablee') return tableeReceiver(meal, slot, onUpdate, info);
	if (meal.protocol === 'relay') return relayReceiver(meal, onUpdate);
	return yjsReceiver(meal, onUpdate, info);
}

export function connectClaimer(meal: MealAddress, onUpdate: () => void): Claimer {
	if (meal.protocol === 'tablee') return tableeClaimer(meal, onUpdate);
	if (meal.protocol === 'relay') return relayClaimer(meal, onUpdate);
	return yjsClaimer(meal, onUpdate);
}

/** Joins `count` members to a Tablée meal over HTTP, as phones do; returns their tokens. */
export async function joinMembers(url: string, joinCode: string, count: number, label: string): Promise<string[]> {
	const tokens: string[] = new Array<string>(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const i = next++;
			const res = await fetch(`${url}/api/join/${joinCode}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name: `${label} ${i + 1}`, emoji: '' }),
				signal: AbortSignal.timeout(20_000)
			});
			if (res.status !== 201) throw new Error(`join failed: ${res.status} ${await res.text()}`);
			tokens[i] = ((await res.json()) as { token: string }).token;
		}
	};
	await Promise.all(Array.from({ length: 4 }, worker));
	return tokens;
}
