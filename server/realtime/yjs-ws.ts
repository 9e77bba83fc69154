/**
 * A raw WebSocket speaking y-websocket's binary protocol, read-only, on the same HTTP port:
 * `/yjs/<source>/<id>`. Any standard Yjs client (y-websocket's `WebsocketProvider`) can
 * follow a document live; none can change it. It is generic over "a read-only Yjs
 * document source" — the meal's board today (`mealBoardSource`), the partners' anonymised
 * document of issue #9 tomorrow — and needs nothing of MealSession beyond the
 * `ReadOnlyDoc` shape, so adding it touched no session code.
 *
 * Protocol (y-websocket): each message starts with a varuint type; 0 = sync (y-protocols),
 * 1 = awareness, 3 = query awareness. The server answers a sync step 1 with step 2 and
 * then sends every update; it never sends its own step 1, because the client would answer
 * it with a step 2, which is a write. A client's step 2 or update is refused: the
 * connection is closed with 4403 ("read-only", final for the provider) and nothing is applied. Awareness is
 * ignored (a kitchen screen has no cursor to share).
 *
 * Auth: a credential in the query string (`?key=`), checked before the upgrade; a refused
 * upgrade is answered 401 and never becomes a WebSocket. The query, not a first message,
 * because the stock provider sends its step 1 the moment the socket opens: it has no
 * place for a message before it. Keys in URLs can reach access logs: this endpoint is
 * for read-only keys only (kitchen screen, partners), never a master key.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import { WebSocketServer, type WebSocket } from 'ws';
import { readClientStep1 } from '../../src/lib/board-doc/sync.ts';
import type { ErrorCode } from '../../src/lib/protocol/errors.ts';
import type { CommandBudget } from '../limits/command-budget.ts';
import type { Logger } from '../log.ts';
import type { SessionMessage, Subscriber } from '../session/meal-session.ts';

/** What the adapter needs of a document: a meal's session has exactly this shape. */
export interface ReadOnlyDoc {
	syncStep2(stateVector: Uint8Array): Promise<Uint8Array>;
	subscribe(subscriber: Subscriber): () => void;
}

export type OpenResult = { ok: true; doc: ReadOnlyDoc; release: () => void } | { ok: false; code: ErrorCode };

/** A family of documents under `/yjs/<name>/`. */
export interface ReadOnlyDocSource {
	open(request: { id: string; query: URLSearchParams; headers: IncomingMessage['headers'] }): Promise<OpenResult>;
}

export const YJS_PATH = '/yjs/';
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;
/**
 * Close codes in 4400–4499: y-websocket's provider treats them as final and does not
 * reconnect (a write would only be refused again); like HTTP's 400, 403 and 404.
 */
export const CLOSE_BAD_MESSAGE = 4400;
export const CLOSE_REVOKED = 4401;
export const CLOSE_READ_ONLY = 4403;
export const CLOSE_GONE = 4404;
/** Over the connection caps (`YjsCaps`): final for the provider too, like HTTP's 429. */
export const CLOSE_TOO_MANY = 4429;

/**
 * Live connections to one document (`/yjs/<name>/<id>`): from one address, and in all. A
 * kitchen has a screen or two; a partner a dashboard or two. Beyond that it is a mistake
 * or an attack, and each connection holds a meal's session loaded.
 */
export interface YjsCaps {
	perAddress: number;
	perDocument: number;
}

export const DEFAULT_YJS_CAPS: YjsCaps = { perAddress: 10, perDocument: 100 };

export interface YjsWebSocketOptions {
	http: HttpServer;
	sources: Record<string, ReadOnlyDocSource>;
	log: Logger;
	/** Sync requests per connection, charged like the Socket.IO ones (limits/command-budget.ts). */
	budget: CommandBudget;
	addressOf: (req: IncomingMessage) => string;
	/** A step 1 carries a state vector: small. */
	maxPayload?: number;
	/** Dead connections are dropped after one missed ping. */
	pingIntervalMs?: number;
	caps?: Partial<YjsCaps>;
}

export function attachYjsWebSocket(options: YjsWebSocketOptions): { close(): void } {
	const { http, sources, log, budget, addressOf } = options;
	const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 16 * 1024 });
	/** The y-websocket frame of a session frame, made once per update for every connection. */
	const framed = new WeakMap<Uint8Array, Uint8Array>();
	const alive = new WeakSet<WebSocket>();
	let closed = false;
	const caps = { ...DEFAULT_YJS_CAPS, ...options.caps };
	/** Live connections per document and per document and address. */
	const live = new Map<string, number>();
	const count = (key: string, by: number) => {
		const n = (live.get(key) ?? 0) + by;
		if (n > 0) live.set(key, n);
		else live.delete(key);
	};

	http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		const url = new URL(req.url ?? '/', 'http://local');
		if (url.pathname.startsWith('/socket.io/')) return;
		// Closing: load no meal for a connection about to be cut.
		if (closed) return refuse(socket, 503);
		const [name, id, ...rest] = url.pathname.startsWith(YJS_PATH) ? url.pathname.slice(YJS_PATH.length).split('/') : [];
		const source = name !== undefined ? sources[name] : undefined;
		if (!source || !id || rest.length > 0) return refuse(socket, 404);
		source
			.open({ id: decodeURIComponent(id), query: url.searchParams, headers: req.headers })
			.then((opened) => {
				if (!opened.ok) return refuse(socket, opened.code === 'unauthorized' ? 401 : 400);
				if (socket.destroyed) return opened.release();
				const address = addressOf(req);
				const doc = `${name}/${id}`;
				const mine = `${doc} ${address}`;
				wss.handleUpgrade(req, socket, head, (ws) => {
					// Refused with a close code and a reason a client can show, not a bare HTTP error.
					if ((live.get(mine) ?? 0) >= caps.perAddress || (live.get(doc) ?? 0) >= caps.perDocument) {
						log.warn('yjs connection refused: too many', {
							doc,
							per: (live.get(mine) ?? 0) >= caps.perAddress ? 'address' : 'document'
						});
						opened.release();
						return ws.close(CLOSE_TOO_MANY, 'too many connections');
					}
					count(doc, 1);
					count(mine, 1);
					ws.once('close', () => {
						count(doc, -1);
						count(mine, -1);
					});
					serve(ws, opened.doc, opened.release, address);
				});
			})
			.catch((error) => {
				log.error('yjs upgrade failed', { error: String(error) });
				refuse(socket, 500);
			});
	});

	let connections = 0;
	function serve(ws: WebSocket, doc: ReadOnlyDoc, release: () => void, address: string) {
		const asker = { socketId: `yjs:${++connections}`, address };
		alive.add(ws);
		const subscriber: Subscriber = {
			send(message: SessionMessage) {
				if (message.type !== 'update' || ws.readyState !== ws.OPEN) return;
				let frame = framed.get(message.frame);
				if (!frame) framed.set(message.frame, (frame = prefixed(message.frame)));
				ws.send(frame);
			},
			close: (reason) => (reason === 'revoked' ? ws.close(CLOSE_REVOKED, 'revoked') : ws.close(CLOSE_GONE, 'gone'))
		};
		const unsubscribe = doc.subscribe(subscriber);
		ws.on('pong', () => alive.add(ws));
		ws.on('close', () => {
			unsubscribe();
			release();
			void budget.forgetSocket(asker.socketId);
		});
		ws.on('error', () => ws.terminate());
		ws.on('message', (data: Buffer, isBinary: boolean) => {
			if (!isBinary) return ws.close(CLOSE_BAD_MESSAGE, 'bad message');
			void answer(data);
		});
		// Every message costs a command from the connection's and address's budgets; a sync
		// request (the whole board for an empty state vector) is also limited per connection.
		async function answer(data: Buffer) {
			const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
			let type: number;
			try {
				type = decoding.readVarUint(decoding.createDecoder(bytes));
			} catch {
				return ws.close(CLOSE_BAD_MESSAGE, 'bad message');
			}
			const allowed = type === MESSAGE_SYNC ? await budget.syncRequest(asker) : await budget.command(asker);
			if (!allowed.ok) return ws.close(CLOSE_BAD_MESSAGE, 'bad message');
			if (type === MESSAGE_AWARENESS || type === MESSAGE_QUERY_AWARENESS) return;
			if (type !== MESSAGE_SYNC) return ws.close(CLOSE_BAD_MESSAGE, 'bad message');
			const step1 = readClientStep1(bytes.subarray(1));
			if (!step1.ok) {
				return step1.code === 'read_only'
					? ws.close(CLOSE_READ_ONLY, 'read-only')
					: ws.close(CLOSE_BAD_MESSAGE, 'bad message');
			}
			doc.syncStep2(step1.stateVector).then(
				(step2) => {
					void budget.syncAnswer(asker, step2.length);
					if (ws.readyState === ws.OPEN) ws.send(prefixed(step2));
				},
				(error) => {
					log.error('yjs sync failed', { error: String(error) });
					ws.close(1011, 'internal');
				}
			);
		}
	}

	const heartbeat = setInterval(() => {
		for (const ws of wss.clients) {
			if (!alive.has(ws)) {
				ws.terminate();
				continue;
			}
			alive.delete(ws);
			ws.ping();
		}
	}, options.pingIntervalMs ?? 30_000);
	heartbeat.unref?.();

	return {
		close() {
			closed = true;
			clearInterval(heartbeat);
			for (const ws of wss.clients) ws.terminate();
			wss.close();
		}
	};
}

/** y-websocket's sync message: the y-protocols message behind a 0. */
function prefixed(syncMessage: Uint8Array): Uint8Array {
	const out = new Uint8Array(syncMessage.length + 1);
	out[0] = MESSAGE_SYNC;
	out.set(syncMessage, 1);
	return out;
}

function refuse(socket: Duplex, status: 400 | 401 | 404 | 500 | 503) {
	const text = {
		400: 'Bad Request',
		401: 'Unauthorized',
		404: 'Not Found',
		500: 'Internal Server Error',
		503: 'Service Unavailable'
	}[status];
	socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
