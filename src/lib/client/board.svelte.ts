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
import { sortTasks } from '../domain/claims.ts';
import type { Invite, LivePrompt, MealMeta, Member, Role, Task } from '../domain/types.ts';
import type { ErrorBody } from '../protocol/errors.ts';
import type { CommandAck, ServerToClientEvents, Welcome } from '../protocol/events.ts';
import type { CommandInput, CommandName } from '../protocol/schemas.ts';
import { BoardConnection, localRefusal, newCid, type ConnectionStatus, type Credentials } from './connection.ts';
import { applyQueued, cancels, isExpired, isQueueable, replayOutcome, type QueuedCommand } from '../domain/outbox.ts';
import type { OutboxStore } from './outbox-store.ts';

/** What became of a tap kept offline, for the page to say kindly (a toast, the live region). */
export type OutboxNotice =
	{ type: 'refused'; entry: QueuedCommand; code: string } | { type: 'expired'; entry: QueuedCommand };
import { t } from '../i18n/index.svelte.ts';

/**
 * The IndexedDB outbox, fetched as the board starts rather than with the first load: the
 * board paints and connects meanwhile, and the kept taps are applied when it arrives
 * (`outboxReady`), as they already were after IndexedDB's own asynchronous opening.
 */
function lazyOutboxStore(): OutboxStore {
	let store: Promise<OutboxStore> | undefined;
	const get = () =>
		(store ??= import('./outbox-store.ts').then(
			(m) => m.outboxStore(),
			(error: unknown) => {
				store = undefined; // fetched again at the next tap
				throw error;
			}
		));
	return {
		list: async (mealId) => (await get()).list(mealId),
		put: async (entry) => (await get()).put(entry),
		remove: async (cid) => (await get()).remove(cid)
	};
}

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
	/**
	 * Where a member's taps wait while offline (domain/outbox.ts); IndexedDB by default for
	 * a member, none for the console and the screen (`false`: commands are refused offline).
	 */
	outbox?: OutboxStore | false;
	/** A kept tap was refused after reconnecting, or dropped as too old. */
	onOutbox?: (notice: OutboxNotice) => void;
}

export interface RunInput<N extends CommandName> {
	command: N;
	payload: CommandInput<N>;
	/** What the command is about (a task id, "me", "meal"), to mark that part as busy. */
	key?: string;
}

const SAVE_DELAY_MS = 800;
/**
 * The board document on the device. `board` since protocol 3: the copy kept before it
 * (`tablee:doc:`) was the one document holding everyone's times and invitations, and is
 * deleted, not used.
 */
const docKey = (mealId: string) => `tablee:board:${mealId}`;
const oldDocKey = (mealId: string) => `tablee:doc:${mealId}`;

export class Board {
	readonly role: Role;
	readonly mealId: string;
	status = $state.raw<ConnectionStatus>('connecting');
	welcome = $state.raw<Welcome | undefined>(undefined);
	refusal = $state.raw<ErrorBody | undefined>(undefined);
	meta = $state.raw<MealMeta | undefined>(undefined);
	/** In board order (see sortTasks), with this member's waiting taps applied (see `queued`). */
	tasks = $state.raw<Task[]>([]);
	members = $state.raw<ReadonlyMap<string, Member>>(new Map());
	/** The tasks as the server has them: what the live region compares, never a waiting tap. */
	confirmedTasks = $state.raw<Task[]>([]);
	/** Taps kept on this phone until the connection is back, oldest first. */
	queued = $state.raw<QueuedCommand[]>([]);
	/** The taps kept by an earlier visit have been read back from the device. */
	outboxReady = $state.raw(false);
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
	readonly #outbox: OutboxStore | undefined;
	readonly #onOutbox: ((notice: OutboxNotice) => void) | undefined;
	#serverMembers: ReadonlyMap<string, Member> = new Map();
	#replaying = false;
	#retryTimer: ReturnType<typeof setTimeout> | undefined;
	#saveTimer: ReturnType<typeof setTimeout> | undefined;
	#unsubscribe: () => void;
	#onlineKey = '';
	#closed = false;
	#dismissedPrompt: string | undefined;

	me = $derived.by(() => {
		const id = this.welcome?.memberId ?? this.#memberId;
		return id ? this.members.get(id) : undefined;
	});

	/** Whether commands may go out now. */
	live = $derived(this.status === 'synced');
	/**
	 * Whether a member's own task taps and check-in are taken: live, or kept on the phone
	 * while the connection is down (a board already shown, from the network or the device).
	 */
	canTap = $derived(
		this.status === 'synced' ||
			(this.#outboxOn() && (this.status === 'offline' || this.status === 'connecting') && this.meta !== undefined)
	);

	constructor(options: BoardOptions) {
		this.role = options.credentials.role;
		this.mealId = options.credentials.mealId;
		this.#memberId = options.memberId;
		this.#persist = options.persist ?? true;
		this.#onRefusal = options.onRefusal;
		this.#onOutbox = options.onOutbox;
		const store = options.outbox ?? (this.role === 'member' ? lazyOutboxStore() : false);
		this.#outbox = store || undefined;

		const doc = this.#persist ? restoreDoc(this.mealId) : new Y.Doc();
		this.#connection = new BoardConnection({ url: options.url, credentials: options.credentials, doc });
		this.#readDoc();
		doc.on('update', this.#onDocUpdate);
		this.#connection.masters.on('update', this.#onMastersUpdate);
		this.#unsubscribe = this.#connection.subscribe(() => this.#readConnection());
		if (typeof window !== 'undefined') window.addEventListener('pagehide', this.#flush);
		this.#readConnection();
		void this.#loadOutbox();
	}

	/** Now, on the server's clock (see clockOffset). */
	serverNow(): number {
		return Date.now() + this.clockOffset;
	}

	isPending(key: string): boolean {
		return this.pending.has(key);
	}

	/** Whether a tap on this task waits on the phone for the connection. */
	isQueued(taskId: string): boolean {
		return this.queued.some((entry) => entry.taskId === taskId);
	}

	/**
	 * Sends a command and resolves with its ack; refusals also go to `onRefusal`. A member's
	 * own task taps and check-in made offline, or behind taps still waiting, are kept on the
	 * phone and answered `{ ok: true, queued: true }`; one whose answer was lost on the way
	 * is kept too, with its cid, so sending it again cannot apply it twice.
	 */
	async run<N extends CommandName>(input: RunInput<N>): Promise<CommandAck<N>> {
		const key = input.key ?? input.command;
		if (this.#closed) return this.#refused(localRefusal('unavailable'));
		const queueable = this.#outboxOn() && isQueueable(input.command);
		if (queueable && this.canTap && (!this.live || this.queued.length > 0)) return this.#enqueue(input);
		if (!this.live) return this.#refused(localRefusal('unavailable'));
		if (this.pending.has(key)) return this.#refused(localRefusal('rate_limited'), false);
		this.pending = new Set(this.pending).add(key);
		try {
			const cid = newCid();
			const ack = await this.#connection.send(input.command, input.payload, cid);
			if (!ack.ok && ack.code === 'unavailable' && queueable) return this.#enqueue(input, { cid, sent: true });
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

	/** Removes the stored board and any waiting tap, e.g. when this device leaves the meal. */
	forget(): void {
		clearTimeout(this.#saveTimer);
		this.#saveTimer = undefined;
		for (const entry of this.queued) void this.#outbox?.remove(entry.cid).catch(() => undefined);
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
		clearTimeout(this.#retryTimer);
		this.#unsubscribe();
		this.#connection.doc.off('update', this.#onDocUpdate);
		this.#connection.masters.off('update', this.#onMastersUpdate);
		if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.#flush);
		this.#connection.close();
	}

	#refused<N extends CommandName>(error: ErrorBody, notify = true): CommandAck<N> {
		if (notify) this.#onRefusal?.(error);
		return { ok: false, ...error } as CommandAck<N>;
	}

	#outboxOn(): boolean {
		return this.#outbox !== undefined && !this.removed;
	}

	async #enqueue<N extends CommandName>(
		input: RunInput<N>,
		sent?: { cid: string; sent: true }
	): Promise<CommandAck<N>> {
		const payload = input.payload as { taskId?: string };
		const entry: QueuedCommand = {
			cid: sent?.cid ?? newCid(),
			mealId: this.mealId,
			command: input.command as QueuedCommand['command'],
			...(payload.taskId ? { taskId: payload.taskId } : {}),
			queuedAt: Date.now(),
			...(sent ? { sent: true } : {})
		};
		const undone = sent ? undefined : cancels(this.queued, entry);
		try {
			if (undone) await this.#outbox!.remove(undone.cid);
			else await this.#outbox!.put(entry);
		} catch {
			return this.#refused(localRefusal('unavailable'));
		}
		this.#setQueue(undone ? this.queued.filter((e) => e !== undone) : [...this.queued, entry]);
		// Online behind older taps, or an answer lost on a live connection: send them now.
		if (this.live) void this.#replay();
		return { ok: true, queued: true } as CommandAck<N>;
	}

	async #loadOutbox() {
		if (!this.#outbox) return;
		try {
			const stored = await this.#outbox.list(this.mealId);
			if (this.#closed) return;
			const known = new Set(this.queued.map((e) => e.cid));
			this.#setQueue([...stored.filter((e) => !known.has(e.cid)), ...this.queued]);
		} catch {
			// Storage refused: nothing was kept, nothing to send.
		}
		this.outboxReady = true;
		if (this.live) void this.#replay();
	}

	/** Sends the waiting taps in order, once the board is synced; one pass at a time. */
	async #replay() {
		if (this.#replaying || !this.outboxReady || !this.#outbox) return;
		this.#replaying = true;
		try {
			while (this.live && !this.#closed && this.queued.length > 0) {
				const entry = this.queued[0]!;
				if (isExpired(entry, this.meta, Date.now())) {
					await this.#drop(entry);
					this.#onOutbox?.({ type: 'expired', entry });
					continue;
				}
				const payload = (entry.taskId ? { taskId: entry.taskId } : {}) as CommandInput<typeof entry.command>;
				if (!entry.sent) {
					// From now on it may reach the server: never cancelled on the phone again.
					entry.sent = true;
					await this.#outbox.put(entry).catch(() => undefined);
				}
				const ack = await this.#connection.send(entry.command, payload, entry.cid);
				const outcome = replayOutcome(entry.command, ack);
				if (outcome === 'retry') {
					// A dropped connection replays at the next sync; a busy server in a moment.
					clearTimeout(this.#retryTimer);
					this.#retryTimer = setTimeout(() => void this.#replay(), 3_000);
					return;
				}
				await this.#drop(entry);
				if (outcome === 'refused' && !ack.ok) this.#onOutbox?.({ type: 'refused', entry, code: ack.code });
			}
		} finally {
			this.#replaying = false;
		}
	}

	async #drop(entry: QueuedCommand) {
		await this.#outbox?.remove(entry.cid).catch(() => undefined);
		this.#setQueue(this.queued.filter((e) => e.cid !== entry.cid));
	}

	#setQueue(queue: QueuedCommand[]) {
		this.queued = queue;
		this.#applyView();
	}

	#applyView() {
		const view = applyQueued(
			this.confirmedTasks,
			this.#serverMembers,
			this.queued,
			this.welcome?.memberId ?? this.#memberId
		);
		this.tasks = view.tasks;
		this.members = view.members;
	}

	#readConnection() {
		const c = this.#connection;
		const wasLive = this.status === 'synced';
		this.status = c.status;
		if (c.welcome && c.welcome !== this.welcome) this.clockOffset = c.welcome.serverTime - Date.now();
		if (!wasLive && this.status === 'synced') void this.#replay();
		this.welcome = c.welcome;
		this.refusal = c.refusal;
		if (c.removed) this.removed = true;
		const code = c.joinCode?.code ?? c.welcome?.joinCode;
		if (code !== this.joinCode) this.joinCode = code;
		const mine = c.privatePrompt && c.privatePrompt.id !== this.#dismissedPrompt ? c.privatePrompt : undefined;
		if (mine !== this.privatePrompt) this.privatePrompt = mine;
		if (this.role === 'member' && c.invites !== this.invites) this.invites = c.invites;
		const onlineKey = c.online.join(',');
		if (onlineKey !== this.#onlineKey) {
			this.#onlineKey = onlineKey;
			this.online = new Set(c.online);
		}
	}

	#readDoc() {
		// The console's state includes the masters document; a phone's invitations come as events.
		const state = this.#connection.state;
		this.meta = state.meta;
		this.confirmedTasks = sortTasks(state.tasks.values());
		this.#serverMembers = withNeighbours(state.members);
		this.#applyView();
		this.invites = state.invites ?? new Map();
		if (state.prompt?.id !== this.prompt?.id) this.prompt = state.prompt;
	}

	#onMastersUpdate = () => this.#readDoc();

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
		localStorage.removeItem(oldDocKey(mealId));
	} catch {
		// Storage disabled: nothing kept either.
	}
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

/**
 * An erased member (domain/erasure.ts) has no name on the board any more: every view shows
 * them as "a neighbour", in the reader's language. The same map when no one is erased.
 */
function withNeighbours(members: ReadonlyMap<string, Member>): ReadonlyMap<string, Member> {
	if (![...members.values()].some((m) => m.erased)) return members;
	const neighbour = t('member.neighbour');
	return new Map([...members].map(([id, m]) => [id, m.erased ? { ...m, name: neighbour } : m]));
}
