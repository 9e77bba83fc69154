/**
 * A live connection to one meal's board, free of any UI: the Svelte client state wraps
 * it, and tests and benchmarks drive the very same code. It keeps a local Yjs document
 * across reconnects, so a returning phone sends its state vector and receives only
 * what it missed; commands go out with an ack, a client id for safe retries, and a
 * timeout so a dead network is reported instead of hanging.
 */
import type { Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { readBoard } from '../board-doc/doc.ts';
import { applyServerMessage, asBytes, encodeStep1, SYNC_STEP2 } from '../board-doc/sync.ts';
import type { BoardState, Invite, LivePrompt } from '../domain/types.ts';
import type { ErrorBody } from '../protocol/errors.ts';
import type {
	ClientToServerEvents,
	CommandAck,
	InvitesUpdate,
	JoinCodeInfo,
	Presence,
	PresenceDelta,
	ServerToClientEvents,
	Welcome
} from '../protocol/events.ts';
import type { CommandInput, CommandName } from '../protocol/schemas.ts';
import { PROTOCOL_VERSION } from '../protocol/version.ts';
import { LeanSocket, type LeanSocketOptions } from './lean-socket.ts';

export type Credentials =
	| { role: 'member'; mealId: string; token: string }
	/** No key: a signed-in staff member, authenticated by the session cookie the browser sends. */
	| { role: 'master'; mealId: string; key?: string }
	| { role: 'screen'; mealId: string; key: string };

/** connecting → synced ⇄ offline; refused is final (bad credentials, old page). */
export type ConnectionStatus = 'connecting' | 'synced' | 'offline' | 'refused';

export interface BoardConnectionOptions {
	/** Server origin; omit in the browser to use the page's own. */
	url?: string;
	credentials: Credentials;
	/** A document restored from the device, so the board shows before the network answers. */
	doc?: Y.Doc;
	commandTimeoutMs?: number;
	/**
	 * Socket.IO's client options, as far as the lean client (lean-socket.ts) knows them;
	 * `transports` not starting with `websocket` hands the connection to socket.io-client.
	 */
	socket?: LeanSocketOptions;
}

type Listener = () => void;
/**
 * What the app and the tests use of the socket, typed as Socket.IO's own (lean-socket.ts
 * implements it): events, acks with a timeout, the connection's state, and the transport.
 */
export type ClientSocket = Pick<
	Socket<ServerToClientEvents, ClientToServerEvents>,
	'on' | 'once' | 'off' | 'onAny' | 'offAny' | 'emit' | 'emitWithAck' | 'timeout' | 'connect' | 'disconnect' | 'id'
> & { readonly connected: boolean; readonly active: boolean; readonly transport: string | undefined };

let cidCounter = 0;
const cidPrefix = Math.random().toString(36).slice(2, 10);
/**
 * The refusals a phone gives itself (no answer in time, a tap already on its way), worded
 * as the server's (protocol/errors.ts), whose full table stays out of the phone's JavaScript.
 */
export function localRefusal(code: 'unavailable' | 'rate_limited'): ErrorBody {
	return {
		code,
		message:
			code === 'unavailable'
				? 'The service is briefly unavailable; try again.'
				: 'Too many requests; slow down a little.'
	};
}

/** A command id unique to this page (a random prefix, then a counter): see `send`. */
export const newCid = (): string => `${cidPrefix}-${++cidCounter}`;

export class BoardConnection {
	/** The board document: what every phone, the kitchen screen and the console see. */
	readonly doc: Y.Doc;
	/**
	 * The masters document (times, the canteen, every invitation): filled on a Canteen
	 * Master connection only, kept in memory only (never on the device).
	 */
	readonly masters = new Y.Doc();
	/** A member's own invitations (to them or offered by them), as the server delivers them. */
	invites: ReadonlyMap<string, Invite> = new Map();
	readonly socket: ClientSocket;
	status: ConnectionStatus = 'connecting';
	welcome: Welcome | undefined;
	online: string[] = [];
	/** Why the server refused the connection, when status is refused. */
	refusal: ErrorBody | undefined;
	/** The last protocol:error the server sent (events sent without an ack). */
	lastProtocolError: (ErrorBody & { event: string }) | undefined;
	/** The last icebreaker the Canteen Master sent to this member only (never in the board). */
	privatePrompt: LivePrompt | undefined;
	/** The Canteen Master removed this member from the meal: the server has let go, so do we. */
	removed = false;
	/** Screen and console: the join code now, which rotates (`joincode`); else the welcome's. */
	joinCode: JoinCodeInfo | undefined;
	readonly #timeout: number;
	#listeners = new Set<Listener>();
	#closed = false;
	#retry: ReturnType<typeof setTimeout> | undefined;
	readonly #role: Credentials['role'];
	/** Since the last connect: the board's step 2, and what only this role receives. */
	#boardIn = false;
	#ownIn = false;
	/** Commands sent and not yet answered: a leaving server's clients wait for them (server:leaving). */
	#pending = new Set<Promise<unknown>>();

	constructor(options: BoardConnectionOptions) {
		this.doc = options.doc ?? new Y.Doc();
		this.#role = options.credentials.role;
		this.#timeout = options.commandTimeoutMs ?? 10_000;
		const auth = {
			v: PROTOCOL_VERSION,
			...options.credentials,
			...(typeof DecompressionStream === 'function' ? { deflate: true as const } : {})
		};
		// WebSocket first: on a phone, long-polling's handshake and upgrade cost several round
		// trips before the board is live. Polling stays as the fallback when a network blocks it:
		// then lean-socket.ts loads socket.io-client.
		const socketOptions = {
			auth,
			reconnectionDelayMax: 5_000,
			transports: ['websocket', 'polling'],
			tryAllTransports: true,
			...options.socket
		};
		this.socket = new LeanSocket(options.url, socketOptions) as unknown as ClientSocket;

		this.socket.on('connect', () => {
			this.#boardIn = false;
			// A screen receives nothing of its own; a console its masters document, a phone its invitations.
			this.#ownIn = this.#role === 'screen';
			this.socket.emit('y', encodeStep1(this.doc));
		});
		this.socket.on('ym', (message) => {
			const bytes = asBytes(message);
			if (!bytes) return;
			if (applyServerMessage(this.masters, bytes, this) === SYNC_STEP2) this.#ownArrived();
		});
		this.socket.on('invites', (update: InvitesUpdate) => {
			const next = new Map(update.all ? [] : this.invites);
			for (const invite of update.invites) next.set(invite.id, invite);
			this.invites = next;
			if (update.all) this.#ownArrived();
			this.#emit();
		});
		this.socket.on('y', (message) => this.#applySync(asBytes(message)));
		this.socket.on('y:deflated', (message) => {
			// Updates arriving meanwhile are applied first: Yjs holds them until their base is in.
			void inflate(asBytes(message)).then(
				(bytes) => this.#applySync(bytes),
				() => this.socket.disconnect().connect()
			);
		});
		this.socket.on('welcome', (welcome) => {
			this.welcome = welcome;
			this.#emit();
		});
		this.socket.on('joincode', (info) => {
			this.joinCode = info;
			this.#emit();
		});
		this.socket.on('presence', (presence: Presence) => {
			this.online = presence.online;
			this.#emit();
		});
		this.socket.on('presence:delta', (delta: PresenceDelta) => {
			this.online = applyPresenceDelta(this.online, delta);
			this.#emit();
		});
		this.socket.on('prompt', (prompt) => {
			this.privatePrompt = prompt;
			this.#emit();
		});
		this.socket.on('removed', () => {
			this.removed = true;
			this.#emit();
		});
		this.socket.on('protocol:error', (error) => {
			this.lastProtocolError = error;
			this.#emit();
		});
		// The instance is shutting down: once this phone's own commands are answered, reconnect
		// after a random delay (the meal's phones spread out), through the balancer to another.
		this.socket.on('server:leaving', (info) => {
			const within = Number(info?.reconnectWithinMs) || 0;
			void Promise.allSettled(this.#pending).then(() => this.#reconnectIn(Math.random() * within));
		});
		this.socket.on('disconnect', (reason) => {
			this.#setStatus('offline');
			// Socket.IO retries every drop except one the server initiated. A phone at a meal
			// should come back anyway: if the server means it, the handshake will say so.
			if (reason === 'io server disconnect' && !this.#closed && !this.removed) {
				this.#reconnectIn(1_000 + Math.random() * 2_000);
			}
		});
		this.socket.on('connect_error', (error) => {
			const data = (error as Error & { data?: ErrorBody }).data;
			// Storage briefly away on the server: not a refusal, try again.
			if (data?.code === 'unavailable' && !this.socket.active) return this.#reconnectIn(1_000 + Math.random() * 2_000);
			// A refusal from the server is final; a network failure is retried by Socket.IO.
			if (data?.code && !this.socket.active) {
				this.refusal = data;
				this.#setStatus('refused');
			} else {
				this.#setStatus('offline');
			}
		});
		this.doc.on('update', () => this.#emit());
		this.masters.on('update', () => this.#emit());
	}

	/** The board as this connection may see it: everything for a console, no one else's invitations for a phone. */
	get state(): BoardState {
		const state = readBoard(this.doc, this.masters);
		return this.#role === 'member' ? { ...state, invites: this.invites } : state;
	}

	/** Called on every change of board, presence or status. Returns an unsubscribe. */
	subscribe(listener: Listener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Resolves once the board is in sync with the server (or immediately if it is). */
	whenSynced(): Promise<void> {
		if (this.status === 'synced') return Promise.resolve();
		return new Promise((resolve, reject) => {
			const off = this.subscribe(() => {
				if (this.status === 'synced') {
					off();
					resolve();
				} else if (this.status === 'refused') {
					off();
					reject(Object.assign(new Error(this.refusal?.code ?? 'refused'), { data: this.refusal }));
				}
			});
		});
	}

	/**
	 * Sends a command and waits for the server's answer. A timeout answers `unavailable`;
	 * retrying with the same `cid` is safe, the server answers it without applying twice.
	 * `cid`: the command's id when it was made earlier (a tap kept offline, sent again).
	 */
	async send<N extends CommandName>(name: N, payload: CommandInput<N>, cid = newCid()): Promise<CommandAck<N>> {
		const withCid = { cid, ...payload };
		try {
			const timed = this.socket.timeout(this.#timeout);
			// The event map's per-command overloads are too wide for a generic N here.
			const emit = timed.emitWithAck.bind(timed) as (event: N, payload: CommandInput<N>) => Promise<CommandAck<N>>;
			const answer = emit(name, withCid);
			this.#pending.add(answer);
			return await answer.finally(() => this.#pending.delete(answer));
		} catch {
			return { ok: false, ...localRefusal('unavailable') } as CommandAck<N>;
		}
	}

	#reconnectIn(ms: number) {
		clearTimeout(this.#retry);
		this.#retry = setTimeout(() => this.#closed || this.socket.disconnect().connect(), ms);
	}

	close(): void {
		this.#closed = true;
		clearTimeout(this.#retry);
		this.socket.disconnect();
		this.#listeners.clear();
	}

	#applySync(bytes: Uint8Array | undefined) {
		if (!bytes) return;
		const type = applyServerMessage(this.doc, bytes, this);
		if (type !== SYNC_STEP2) return;
		this.#boardIn = true;
		if (this.#ownIn) this.#setStatus('synced');
	}

	#ownArrived() {
		this.#ownIn = true;
		if (this.#boardIn) this.#setStatus('synced');
	}

	#setStatus(status: ConnectionStatus) {
		if (this.status === status) return;
		if (this.status === 'refused') return;
		this.status = status;
		this.#emit();
	}

	#emit() {
		for (const l of this.#listeners) l();
	}
}

/**
 * The online list after a delta, sorted. Set operations: a delta the newcomer's full list
 * already included changes nothing.
 */
export function applyPresenceDelta(online: readonly string[], delta: PresenceDelta): string[] {
	const next = new Set(online);
	for (const id of delta.left) next.delete(id);
	for (const id of delta.joined) next.add(id);
	return [...next].sort();
}

/** zlib (RFC 1950) bytes inflated with the platform's own DecompressionStream: no library shipped. */
async function inflate(bytes: Uint8Array | undefined): Promise<Uint8Array> {
	if (!bytes) throw new Error('not binary');
	const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
	return new Uint8Array(await new Response(stream).arrayBuffer());
}
