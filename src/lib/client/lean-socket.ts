/**
 * The phone's side of Socket.IO, over one WebSocket and nothing else: the server is the
 * unchanged Socket.IO server, this speaks its protocol (Engine.IO v4, Socket.IO v5) with a
 * fraction of socket.io-client's code, which is most of its weight in the member board's
 * first load (docs/benchmarks-phone.md, fourth pass).
 *
 * The same rules as socket.io-client where `client/connection.ts` relies on them: emits
 * wait in a buffer until connected (an ack with a timeout leaves it when the time is up),
 * a dropped connection reconnects with the same backoff, a refusal (CONNECT_ERROR) or the
 * server's own disconnect does not, acks waiting when the connection drops fail with
 * "socket has been disconnected". Not implemented, since Tablée uses none of them: other
 * namespaces, connection state recovery, volatile emits, `retries`, multiplexing.
 *
 * Long-polling, for networks that refuse WebSocket: when the WebSocket cannot open at all,
 * or when the caller asks for a transport list that does not start with it, the official
 * socket.io-client is loaded (a dynamic import, fetched only then) and drives the
 * connection behind this same object: listeners, buffered emits and pending acks carry over.
 */
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';

/* eslint-disable @typescript-eslint/no-explicit-any -- event arguments are any, as in Socket.IO */
type Fn = ((...args: any[]) => void) & { withError?: boolean; fn?: Fn };

/** What `new WebSocket()` needs to be: the platform's, or Node's `ws` (which takes headers). */
export type WebSocketClass = new (
	url: string,
	protocols?: string[],
	options?: { headers?: Record<string, string> }
) => WebSocket;

export interface LeanSocketOptions extends Partial<ManagerOptions & SocketOptions> {
	/** Default: `globalThis.WebSocket` (Node code sets it from `ws`, see tests/helpers/node-websocket.ts). */
	WebSocket?: WebSocketClass;
}

interface Packet {
	type: number;
	data?: unknown;
	id?: number;
}

// Socket.IO packet types.
const CONNECT = 0;
const DISCONNECT = 1;
const EVENT = 2;
const ACK = 3;
const CONNECT_ERROR = 4;
const BINARY_EVENT = 5;
const BINARY_ACK = 6;
const RESERVED = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];
/** As socket.io-parser: at most 10 binary attachments per packet. */
const MAX_ATTACHMENTS = 10;

const isBinary = (value: unknown): value is ArrayBuffer | ArrayBufferView =>
	value instanceof ArrayBuffer || ArrayBuffer.isView(value);
const isObject = (value: unknown): value is Record<string, unknown> =>
	Object.prototype.toString.call(value) === '[object Object]';

/** The packet's data with every binary value replaced by a placeholder, as socket.io-parser does. */
function deconstruct(value: unknown, buffers: unknown[]): unknown {
	if (isBinary(value)) return { _placeholder: true, num: buffers.push(value) - 1 };
	if (Array.isArray(value)) return value.map((item) => deconstruct(item, buffers));
	if (value && typeof value === 'object' && !(value instanceof Date)) {
		const json = (value as { toJSON?: () => unknown }).toJSON;
		if (typeof json === 'function') return deconstruct(json.call(value), buffers);
		// fromEntries: a key named __proto__ stays a key, as JSON.stringify would send it.
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, deconstruct(item, buffers)]));
	}
	return value;
}

function reconstruct(value: unknown, buffers: ArrayBuffer[]): unknown {
	if (Array.isArray(value)) return value.map((item) => reconstruct(item, buffers));
	if (!isObject(value)) return value;
	if (value._placeholder === true) {
		const buffer = typeof value.num === 'number' ? buffers[value.num] : undefined;
		if (!buffer) throw new Error('illegal attachments');
		return buffer;
	}
	for (const key in value) value[key] = reconstruct(value[key], buffers);
	return value;
}

/**
 * One Socket.IO packet from its text form (`<type>[<attachments>-][<nsp>,][<id>][<json>]`),
 * checked as socket.io-parser checks it. Throws on anything else.
 */
function decode(text: string): Packet & { nsp: string; attachments: number } {
	const parts = /^([0-6])(?:(\d+)-)?(?:(\/[^,]*),)?(\d*)([\s\S]*)$/.exec(text);
	if (!parts) throw new Error('bad packet');
	const type = Number(parts[1]);
	const attachments = Number(parts[2] ?? 0);
	const binary = type === BINARY_EVENT || type === BINARY_ACK;
	if (binary !== attachments > 0 || attachments > MAX_ATTACHMENTS) throw new Error('bad attachments');
	const data = parts[5] ? JSON.parse(parts[5]) : undefined;
	const valid =
		type === CONNECT
			? isObject(data)
			: type === DISCONNECT
				? data === undefined
				: type === CONNECT_ERROR
					? typeof data === 'string' || isObject(data)
					: Array.isArray(data) &&
						(type === ACK ||
							type === BINARY_ACK ||
							typeof data[0] === 'number' ||
							(typeof data[0] === 'string' && !RESERVED.includes(data[0])));
	if (!valid) throw new Error('bad payload');
	return { type, nsp: parts[3] ?? '/', attachments, data, ...(parts[4] ? { id: Number(parts[4]) } : {}) };
}

export class LeanSocket {
	id: string | undefined;
	#connected = false;
	/** Subscribed to the connection: from connect() until a refusal or a disconnect (Socket.IO's `active`). */
	#active = false;
	readonly #url: string | undefined;
	readonly #opts: LeanSocketOptions;
	#listeners = new Map<string, Fn[]>();
	#any: Fn[] = [];
	#ws: WebSocket | undefined;
	/** The Engine.IO handshake arrived on the current WebSocket. */
	#open = false;
	/** Some WebSocket of this socket completed its handshake: the network allows WebSocket. */
	#everOpen = false;
	/** pingInterval + pingTimeout from the handshake, and when the current window ends. */
	#pingWindow = 0;
	#pingDeadline = Infinity;
	#pingTimer: ReturnType<typeof setTimeout> | undefined;
	#openTimer: ReturnType<typeof setTimeout> | undefined;
	#retryTimer: ReturnType<typeof setTimeout> | undefined;
	/** A reconnection is scheduled or under way. */
	#retrying = false;
	#attempts = 0;
	#ids = 0;
	#acks = new Map<number, Fn>();
	#sendBuffer: Packet[] = [];
	#timeout: number | undefined;
	/** A binary packet waiting for its attachments. */
	#partial: { packet: Packet; count: number; buffers: ArrayBuffer[] } | undefined;
	/** The official client, once long-polling is needed. */
	#official: Socket | undefined;
	#loading = false;

	constructor(url: string | undefined, options: LeanSocketOptions) {
		this.#url = url;
		this.#opts = options;
		if (options.autoConnect !== false) this.connect();
	}

	get connected(): boolean {
		return this.#official ? this.#official.connected : this.#connected;
	}

	get active(): boolean {
		return this.#official ? this.#official.active : this.#active;
	}

	/** The transport carrying the connection now: `websocket`, `polling`, or none. */
	get transport(): string | undefined {
		if (this.#official) return this.#official.io.engine?.transport?.name;
		return this.#open ? 'websocket' : undefined;
	}

	on(event: string, listener: Fn): this {
		this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
		return this;
	}

	once(event: string, listener: Fn): this {
		const once: Fn = (...args) => {
			this.off(event, once);
			listener(...args);
		};
		once.fn = listener;
		return this.on(event, once);
	}

	off(event?: string, listener?: Fn): this {
		if (event === undefined) this.#listeners.clear();
		else if (!listener) this.#listeners.delete(event);
		else {
			const kept = (this.#listeners.get(event) ?? []).filter((l) => l !== listener && l.fn !== listener);
			this.#listeners.set(event, kept);
		}
		return this;
	}

	onAny(listener: Fn): this {
		this.#any.push(listener);
		return this;
	}

	offAny(listener?: Fn): this {
		this.#any = listener ? this.#any.filter((l) => l !== listener) : [];
		return this;
	}

	/** The next emit's ack fails with "operation has timed out" after `ms`. */
	timeout(ms: number): this {
		this.#timeout = ms;
		return this;
	}

	emit(event: string, ...args: unknown[]): this {
		if (RESERVED.includes(event)) throw new Error(`"${event}" is a reserved event name`);
		const timeout = this.#timeout;
		this.#timeout = undefined;
		const official = this.#official;
		if (official) {
			(timeout === undefined ? official : official.timeout(timeout)).emit(event, ...args);
			return this;
		}
		const last = args[args.length - 1];
		const ack = typeof last === 'function' ? (args.pop() as Fn) : undefined;
		const packet: Packet = { type: EVENT, data: [event, ...args] };
		if (ack) {
			packet.id = this.#ids++;
			this.#registerAck(packet.id, ack, timeout);
		}
		if (this.#connected && !this.#pingExpired()) this.#packet(packet);
		else this.#sendBuffer.push(packet);
		return this;
	}

	emitWithAck(event: string, ...args: unknown[]): Promise<any> {
		return new Promise((resolve, reject) => {
			const ack: Fn = (error, answer) => (error ? reject(error) : resolve(answer));
			ack.withError = true;
			this.emit(event, ...args, ack);
		});
	}

	connect(): this {
		if (this.#official) this.#official.connect();
		else if (!this.#connected) {
			this.#active = true;
			if (!this.#retrying) this.#openWebSocket();
		}
		return this;
	}

	disconnect(): this {
		if (this.#official) {
			this.#official.disconnect();
			return this;
		}
		const wasConnected = this.#connected;
		if (wasConnected) this.#packet({ type: DISCONNECT });
		this.#destroy();
		if (wasConnected) this.#closed('io client disconnect');
		return this;
	}

	#fire(event: string, ...args: unknown[]) {
		for (const listener of this.#listeners.get(event) ?? []) listener.apply(this, args);
	}

	#dispatch(args: unknown[]) {
		for (const listener of [...this.#any]) listener.apply(this, args);
		this.#fire(...(args as [string, ...unknown[]]));
	}

	#registerAck(id: number, ack: Fn, timeout: number | undefined) {
		if (timeout === undefined) {
			this.#acks.set(id, ack);
			return;
		}
		const timer = setTimeout(() => {
			this.#acks.delete(id);
			this.#sendBuffer = this.#sendBuffer.filter((p) => p.id !== id);
			ack(new Error('operation has timed out'));
		}, timeout);
		const timed: Fn = (...args) => {
			clearTimeout(timer);
			ack(...args);
		};
		timed.withError = true;
		this.#acks.set(id, timed);
	}

	#onAck(id: number | undefined, data: unknown[]) {
		const ack = id === undefined ? undefined : this.#acks.get(id);
		if (!ack) return;
		this.#acks.delete(id!);
		if (ack.withError) ack(null, ...data);
		else ack(...data);
	}

	#webSocketUrl(): string {
		const base = this.#url ?? location.href;
		const url = new URL(`${(this.#opts.path ?? '/socket.io').replace(/\/$/, '')}/`, base);
		url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
		url.search = '?EIO=4&transport=websocket';
		return url.href;
	}

	#openWebSocket() {
		if (this.#ws || this.#loading) return;
		const polling = this.#opts.transports?.[0] !== 'websocket' && this.#opts.transports !== undefined;
		if (polling) return this.#fallBack(new Error('polling asked for'), this.#opts.transports);
		const Ctor = this.#opts.WebSocket ?? (globalThis.WebSocket as WebSocketClass);
		const headers = this.#opts.extraHeaders;
		let ws: WebSocket;
		try {
			ws = headers ? new Ctor(this.#webSocketUrl(), [], { headers }) : new Ctor(this.#webSocketUrl());
		} catch (error) {
			setTimeout(() => this.#openFailed(error as Error));
			return;
		}
		this.#ws = ws;
		ws.binaryType = 'arraybuffer';
		ws.onmessage = (event) => this.#onFrame(event.data);
		ws.onclose = ws.onerror = (event) => {
			if (this.#open) this.#drop(event.type === 'error' ? 'transport error' : 'transport close');
			else this.#openFailed(new Error('websocket error'));
		};
		this.#openTimer = setTimeout(() => this.#openFailed(new Error('timeout')), this.#opts.timeout ?? 20_000);
		if (typeof addEventListener === 'function') addEventListener('offline', this.#offline);
	}

	/** The phone says it lost the network: as socket.io-client, do not wait for the ping timeout. */
	#offline = () => {
		if (this.#open && location.hostname !== 'localhost') this.#drop('transport close');
	};

	/** Closes the WebSocket and forgets it; no event. */
	#stop() {
		clearTimeout(this.#pingTimer);
		clearTimeout(this.#openTimer);
		if (typeof removeEventListener === 'function') removeEventListener('offline', this.#offline);
		const ws = this.#ws;
		this.#ws = undefined;
		this.#open = false;
		this.#partial = undefined;
		if (!ws) return;
		ws.onmessage = ws.onclose = ws.onerror = null;
		try {
			ws.close();
		} catch {
			// Closing a WebSocket that never opened: nothing to close.
		}
	}

	/** The WebSocket failed before its handshake: long-polling if it never worked here, else retry. */
	#openFailed(error: Error) {
		this.#stop();
		const { transports, tryAllTransports } = this.#opts;
		const canPoll = tryAllTransports && (transports as string[] | undefined)?.includes('polling');
		const online = typeof navigator === 'undefined' || navigator.onLine !== false;
		if (canPoll && !this.#everOpen && online) return this.#fallBack(error);
		this.#failed(error);
	}

	#failed(error: Error) {
		this.#retrying = false;
		if (!this.#active) return;
		if (!this.#connected) this.#fire('connect_error', error);
		this.#reconnect();
	}

	/** Socket.IO's backoff: reconnectionDelay × 2^attempts, ± randomizationFactor, at most reconnectionDelayMax. */
	#reconnect() {
		if (this.#retrying || !this.#active || this.#opts.reconnection === false) return;
		this.#retrying = true;
		const jitter = this.#opts.randomizationFactor ?? 0.5;
		let delay = (this.#opts.reconnectionDelay ?? 1_000) * 2 ** this.#attempts++;
		const rand = Math.random();
		const deviation = Math.floor(rand * jitter * delay);
		delay = (Math.floor(rand * 10) & 1) === 0 ? delay - deviation : delay + deviation;
		this.#retryTimer = setTimeout(
			() => {
				this.#retrying = false;
				if (this.#active) {
					this.#retrying = true;
					this.#openWebSocket();
				}
			},
			Math.min(delay, this.#opts.reconnectionDelayMax ?? 5_000) | 0
		);
	}

	/** Not subscribed any more: no reconnection (a refusal, the server's or our own disconnect). */
	#destroy() {
		this.#active = false;
		this.#retrying = false;
		this.#attempts = 0;
		clearTimeout(this.#retryTimer);
		this.#stop();
	}

	/** The connection dropped after it opened. */
	#drop(reason: string) {
		this.#stop();
		this.#retrying = false;
		if (!this.#active) return;
		this.#closed(reason);
		this.#reconnect();
	}

	#closed(reason: string) {
		this.#connected = false;
		this.id = undefined;
		this.#fire('disconnect', reason);
		for (const [id, ack] of this.#acks) {
			if (this.#sendBuffer.some((p) => p.id === id)) continue;
			this.#acks.delete(id);
			if (ack.withError) ack(new Error('socket has been disconnected'));
		}
	}

	#pingExpired(): boolean {
		if (Date.now() <= this.#pingDeadline) return false;
		setTimeout(() => this.#open && this.#drop('ping timeout'));
		return true;
	}

	#heartbeat() {
		clearTimeout(this.#pingTimer);
		this.#pingDeadline = Date.now() + this.#pingWindow;
		this.#pingTimer = setTimeout(() => this.#drop('ping timeout'), this.#pingWindow);
	}

	#packet(packet: Packet) {
		const buffers: unknown[] = [];
		const data = packet.data === undefined ? undefined : deconstruct(packet.data, buffers);
		const text =
			String(buffers.length ? packet.type + 3 : packet.type) +
			(buffers.length ? `${buffers.length}-` : '') +
			(packet.id ?? '') +
			(data === undefined ? '' : JSON.stringify(data));
		try {
			this.#ws?.send(`4${text}`);
			for (const buffer of buffers) this.#ws?.send(buffer as ArrayBuffer);
		} catch {
			// Closed under us: the close event follows.
		}
	}

	#onFrame(frame: unknown) {
		let packet: (Packet & { nsp?: string }) | undefined;
		try {
			packet = this.#read(frame);
		} catch {
			return this.#drop('parse error');
		}
		if (packet && packet.nsp === '/') this.#onPacket(packet);
	}

	/** One WebSocket frame: an Engine.IO packet, or a binary attachment. Returns a complete Socket.IO packet. */
	#read(frame: unknown): (Packet & { nsp?: string }) | undefined {
		if (typeof frame !== 'string') {
			const partial = this.#partial;
			if (!partial || !(frame instanceof ArrayBuffer)) throw new Error('unexpected binary');
			partial.buffers.push(frame);
			if (partial.buffers.length < partial.count) return undefined;
			this.#partial = undefined;
			return { ...partial.packet, data: reconstruct(partial.packet.data, partial.buffers) };
		}
		if (this.#partial) throw new Error('text before the attachments');
		switch (frame[0]) {
			case '0': {
				const handshake = JSON.parse(frame.slice(1)) as {
					sid?: unknown;
					pingInterval?: unknown;
					pingTimeout?: unknown;
				};
				const window = Number(handshake.pingInterval) + Number(handshake.pingTimeout);
				if (this.#open || typeof handshake.sid !== 'string' || !(window > 0)) throw new Error('bad handshake');
				clearTimeout(this.#openTimer);
				this.#open = this.#everOpen = true;
				this.#retrying = false;
				this.#attempts = 0;
				this.#pingWindow = window;
				this.#heartbeat();
				if (this.#active) this.#packet({ type: CONNECT, data: this.#opts.auth });
				return undefined;
			}
			case '1':
				this.#drop('transport close');
				return undefined;
			case '2':
				this.#ws?.send('3');
				this.#heartbeat();
				return undefined;
			case '3':
			case '6':
				return undefined;
			case '4': {
				if (!this.#open) throw new Error('message before the handshake');
				const packet = decode(frame.slice(1));
				if (packet.attachments === 0) return packet;
				this.#partial = {
					packet: { ...packet, type: packet.type === BINARY_EVENT ? EVENT : ACK },
					count: packet.attachments,
					buffers: []
				};
				return undefined;
			}
			default:
				throw new Error('unknown packet');
		}
	}

	#onPacket(packet: Packet): void {
		const data = packet.data as any;
		switch (packet.type) {
			case CONNECT:
				if (typeof data.sid !== 'string') return this.#onPacket({ type: CONNECT_ERROR, data: { message: 'no sid' } });
				this.id = data.sid;
				this.#connected = true;
				for (const buffered of this.#sendBuffer.splice(0)) this.#packet(buffered);
				this.#fire('connect');
				return;
			case CONNECT_ERROR: {
				this.#destroy();
				const error = Object.assign(new Error(typeof data === 'string' ? data : String(data.message)), {
					data: data.data
				});
				this.#fire('connect_error', error);
				return;
			}
			case DISCONNECT:
				this.#destroy();
				this.#closed('io server disconnect');
				return;
			case EVENT: {
				const args = [...data];
				if (packet.id !== undefined) args.push(this.#answer(packet.id));
				// Before CONNECT's answer, nothing: the server sends no event then.
				if (this.#connected) this.#dispatch(args);
				return;
			}
			default:
				this.#onAck(packet.id, data);
		}
	}

	/** The callback a server's event with an ack gets: answers once. */
	#answer(id: number): Fn {
		let sent = false;
		return (...args) => {
			if (sent) return;
			sent = true;
			this.#packet({ type: ACK, id, data: args });
		};
	}

	/**
	 * Hands the connection to the official client: the caller's transports when it asked for
	 * long-polling, else long-polling first, upgrading to WebSocket if the network ever allows it.
	 */
	#fallBack(error: Error, transports: LeanSocketOptions['transports'] = ['polling', 'websocket']) {
		this.#loading = true;
		import('socket.io-client').then(
			({ io }) => {
				this.#loading = false;
				const { WebSocket: _, autoConnect: __, ...rest } = this.#opts;
				const options = { ...rest, transports, autoConnect: false, forceNew: true };
				const official = this.#url ? io(this.#url, options) : io(options);
				this.#official = official;
				official.on('connect', () => this.#fire('connect'));
				official.on('disconnect', (reason, description) => this.#fire('disconnect', reason, description));
				official.on('connect_error', (e) => this.#fire('connect_error', e));
				official.onAny((...args) => this.#dispatch(args));
				for (const { data, id } of this.#sendBuffer.splice(0)) {
					const args = data as [string, ...unknown[]];
					official.emit(...args, ...(id === undefined ? [] : [(...answer: unknown[]) => this.#onAck(id, answer)]));
				}
				if (this.#active) official.connect();
			},
			() => {
				// The library could not be fetched (offline): try the WebSocket again later.
				this.#loading = false;
				this.#failed(error);
			}
		);
	}
}
