/**
 * The board as Svelte state: wraps a BoardConnection and mirrors it into `$state.raw`
 * fields, replaced whole on each change (the doc hands out fresh snapshots anyway, so
 * deep proxies would only cost memory on cheap phones). Also keeps the Yjs document on
 * the device so a reload on bad Wi-Fi shows the last board at once and resyncs only
 * what is missing.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- the Maps and Sets here are snapshots,
   replaced whole inside $state.raw and never mutated, so reactive collections would only add cost. */
import * as Y from 'yjs';
import { fromBase64, toBase64 } from '../board-doc/sync.ts';
import { readBoard } from '../board-doc/doc.ts';
import { sortTasks } from '../domain/board.ts';
import type { Invite, LivePrompt, MealMeta, Member, Role, Task } from '../domain/types.ts';
import { errorBody, type ErrorBody } from '../protocol/errors.ts';
import type { CommandAck, ServerToClientEvents, Welcome } from '../protocol/events.ts';
import type { CommandInput, CommandName } from '../protocol/schemas.ts';
import { BoardConnection, type ConnectionStatus, type Credentials } from './connection.ts';

export interface BoardOptions {
	credentials: Credentials;
	/** Who this device is, known before the server's welcome when restoring offline. */
	memberId?: string;
	/** Keep the board document in localStorage between visits (default true). */
	persist?: boolean;
	/** Called with every refused command, e.g. to show a toast. */
	onRefusal?: (error: ErrorBody) => void;
	/** Server origin; omitted in the browser. */
	url?: string;
}

export interface RunInput<N extends CommandName> {
	command: N;
	payload: CommandInput<N>;
	/** What the command is about (a task id, "me", "meal"), to mark that part as busy. */
	key?: string;
}

const SAVE_DELAY_MS = 800;
const docKey = (mealId: string) => `tablee:doc:${mealId}`;

export class Board {
	readonly role: Role;
	readonly mealId: string;
	status = $state.raw<ConnectionStatus>('connecting');
	welcome = $state.raw<Welcome | undefined>(undefined);
	refusal = $state.raw<ErrorBody | undefined>(undefined);
	meta = $state.raw<MealMeta | undefined>(undefined);
	/** In board order (see sortTasks). */
	tasks = $state.raw<Task[]>([]);
	members = $state.raw<ReadonlyMap<string, Member>>(new Map());
	/** Invitations and hand-overs, answered or not (see domain/invitations.ts). */
	invites = $state.raw<ReadonlyMap<string, Invite>>(new Map());
	/** Members with a live socket now: shown beside attendance, never counted as it. */
	online = $state.raw<ReadonlySet<string>>(new Set());
	/** Keys (task ids, "me", "meal") with a command waiting for its ack. */
	pending = $state.raw<ReadonlySet<string>>(new Set());
	/** The icebreaker shown to everyone (board map `prompt`). */
	prompt = $state.raw<LivePrompt | undefined>(undefined);
	/** The last icebreaker sent to this member only; ephemeral, lost on reload. */
	privatePrompt = $state.raw<LivePrompt | undefined>(undefined);
	/** The Canteen Master removed this member from the meal (a calm message, then home). */
	removed = $state.raw(false);
	/** The join code people can use now (it rotates; screen and console are told). */
	joinCode = $state.raw<string | undefined>(undefined);
	/**
	 * The server's clock minus this device's, taken when the welcome arrives: task timers and
	 * the people panel compute with `Date.now() + clockOffset`, so a laptop or TV whose clock
	 * is off counts down to the same moment as everyone else.
	 */
	clockOffset = $state(0);

	readonly #connection: BoardConnection;
	readonly #memberId: string | undefined;
	readonly #persist: boolean;
	readonly #onRefusal: ((error: ErrorBody) => void) | undefined;
	#saveTimer: ReturnType<typeof setTimeout> | undefined;
	#unsubscribe: () => void;
	#onlineKey = '';
	#closed = false;
	#dismissedPrompt: string | undefined;

	me = $derived.by(() => {
		const id = this.welcome?.memberId ?? this.#memberId;
		return id ? this.members.get(id) : undefined;
	});

	/** Whether commands may go out: never queued while offline, they would surprise later. */
	live = $derived(this.status === 'synced');

	constructor(options: BoardOptions) {
		this.role = options.credentials.role;
		this.mealId = options.credentials.mealId;
		this.#memberId = options.memberId;
		this.#persist = options.persist ?? true;
		this.#onRefusal = options.onRefusal;

		const doc = this.#persist ? restoreDoc(this.mealId) : new Y.Doc();
		this.#connection = new BoardConnection({ url: options.url, credentials: options.credentials, doc });
		this.#readDoc();
		doc.on('update', this.#onDocUpdate);
		this.#unsubscribe = this.#connection.subscribe(() => this.#readConnection());
		if (typeof window !== 'undefined') window.addEventListener('pagehide', this.#flush);
		this.#readConnection();
	}

	/** Now, on the server's clock (see clockOffset). */
	serverNow(): number {
		return Date.now() + this.clockOffset;
	}

	isPending(key: string): boolean {
		return this.pending.has(key);
	}

	/** Sends a command and resolves with its ack; refusals also go to `onRefusal`. */
	async run<N extends CommandName>(input: RunInput<N>): Promise<CommandAck<N>> {
		const key = input.key ?? input.command;
		if (!this.live || this.#closed) return this.#refused(errorBody('unavailable'));
		if (this.pending.has(key)) return this.#refused(errorBody('rate_limited'), false);
		this.pending = new Set(this.pending).add(key);
		try {
			const ack = await this.#connection.send(input.command, input.payload);
			if (!ack.ok) this.#onRefusal?.(ack);
			return ack;
		} finally {
			const next = new Set(this.pending);
			next.delete(key);
			this.pending = next;
		}
	}

	/**
	 * Listens to one server event on this board's socket (the console's `people`, sent to
	 * Canteen Master sockets only). Returns the way to stop listening.
	 */
	on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void {
		const socket = this.#connection.socket;
		socket.on(event, handler as never);
		return () => void socket.off(event, handler as never);
	}

	/** Hides the prompt sent to this member only (a tap on "Merci"). */
	dismissPrivatePrompt(): void {
		this.#dismissedPrompt = this.privatePrompt?.id;
		this.privatePrompt = undefined;
	}

	/** Removes the stored board, e.g. when this device leaves the meal. */
	forget(): void {
		clearTimeout(this.#saveTimer);
		this.#saveTimer = undefined;
		try {
			localStorage.removeItem(docKey(this.mealId));
		} catch {
			// Nothing stored, nothing to forget.
		}
	}

	close(): void {
		if (this.#closed) return;
		this.#flush();
		this.#closed = true;
		this.#unsubscribe();
		this.#connection.doc.off('update', this.#onDocUpdate);
		if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.#flush);
		this.#connection.close();
	}

	#refused<N extends CommandName>(error: ErrorBody, notify = true): CommandAck<N> {
		if (notify) this.#onRefusal?.(error);
		return { ok: false, ...error } as CommandAck<N>;
	}

	#readConnection() {
		const c = this.#connection;
		this.status = c.status;
		if (c.welcome && c.welcome !== this.welcome) this.clockOffset = c.welcome.serverTime - Date.now();
		this.welcome = c.welcome;
		this.refusal = c.refusal;
		if (c.removed) this.removed = true;
		const code = c.joinCode?.code ?? c.welcome?.joinCode;
		if (code !== this.joinCode) this.joinCode = code;
		const mine = c.privatePrompt && c.privatePrompt.id !== this.#dismissedPrompt ? c.privatePrompt : undefined;
		if (mine !== this.privatePrompt) this.privatePrompt = mine;
		const onlineKey = c.online.join(',');
		if (onlineKey !== this.#onlineKey) {
			this.#onlineKey = onlineKey;
			this.online = new Set(c.online);
		}
	}

	#readDoc() {
		const state = readBoard(this.#connection.doc);
		this.meta = state.meta;
		this.tasks = sortTasks(state.tasks.values());
		this.members = state.members;
		this.invites = state.invites ?? new Map();
		if (state.prompt?.id !== this.prompt?.id) this.prompt = state.prompt;
	}

	#onDocUpdate = () => {
		this.#readDoc();
		if (!this.#persist || this.#closed) return;
		clearTimeout(this.#saveTimer);
		this.#saveTimer = setTimeout(this.#flush, SAVE_DELAY_MS);
	};

	#flush = () => {
		if (this.#saveTimer === undefined || this.#closed) return;
		clearTimeout(this.#saveTimer);
		this.#saveTimer = undefined;
		try {
			localStorage.setItem(docKey(this.mealId), toBase64(Y.encodeStateAsUpdate(this.#connection.doc)));
		} catch {
			// Storage full or disabled: the board still works, a reload just starts empty.
		}
	};
}

function restoreDoc(mealId: string): Y.Doc {
	const doc = new Y.Doc();
	try {
		const saved = localStorage.getItem(docKey(mealId));
		if (saved) Y.applyUpdate(doc, fromBase64(saved));
	} catch {
		// A damaged copy would only confuse the sync; start clean instead.
		try {
			localStorage.removeItem(docKey(mealId));
		} catch {
			// Storage disabled.
		}
		return new Y.Doc();
	}
	return doc;
}
