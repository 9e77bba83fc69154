/**
 * One loaded meal, free of any transport: its Yjs document and the BoardState read from
 * it, the sequence of the last stored update, the serial queue its changes go through,
 * sync (step 2 for a state vector), presence, and the subscribers its updates fan out to.
 * Transports (realtime/socket-io.ts, realtime/yjs-ws.ts) adapt to it and hold no meal
 * state themselves. Model: hocuspocus `Document`, tldraw `TLSocketRoom`.
 *
 * The document only ever holds what is stored, or one change about to be stored: a change
 * goes out only after the log accepted it, and if the append fails the session reloads
 * from the log, so memory never holds what a crash would lose.
 */
import { deflateSync } from 'node:zlib';
import * as Y from 'yjs';
import {
	applyChanges,
	applyToState,
	applyUpdatesToState,
	readMutableBoard,
	type BoardDocs,
	type MutableBoardState
} from '../../src/lib/board-doc/doc.ts';
import { encodeStep2, encodeUpdate, isEmptyStateVector } from '../../src/lib/board-doc/sync.ts';
import { changesSummary } from '../../src/lib/domain/plan-board.ts';
import type { Decision } from '../../src/lib/domain/result.ts';
import type { BoardState, Change, Invite } from '../../src/lib/domain/types.ts';
import type { Logger } from '../log.ts';
import type { AppendedUpdate, BoardLog } from '../storage/board-log.ts';
import { isEmptyDelta, MealPresence, type PresenceDelta, type PresenceStore } from './presence.ts';
import { decodeStored, docsFromEntries, encodeStored, snapshotOf } from './stored-board.ts';

/** A Yjs update that changes nothing. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

/** Below this, deflating saves too little to be worth the phone's time. */
const DEFLATE_FROM_BYTES = 1024;

/**
 * What a session needs of the board log. `subscribe` is how another instance's appends to
 * a shared log (Redis) come in; the embedded log hears only this process's own.
 */
export type SessionLog = Pick<BoardLog, 'load' | 'append' | 'compact' | 'subscribe'>;

/** What a session sends its subscribers. Each frame is encoded once, for all of them. */
export type SessionMessage =
	/** A y-protocols update message (sync type 2) of the board document, as stored: for everyone. */
	| { type: 'update'; frame: Uint8Array }
	| ({ type: 'presence' } & PresenceDelta)
	/** An update message of the masters document: for Canteen Master connections only. */
	| { type: 'masters'; frame: Uint8Array }
	/** Invitations that changed: each for its invited member and the member who offered it only. */
	| { type: 'invites'; invites: Invite[] };

/** Why a subscriber is let go: its session unloaded or its meal deleted, or its access revoked. */
export type CloseReason = 'unloaded' | 'discarded' | 'revoked';

/**
 * A minimal socket-like receiver: one connection, or a whole broadcast group when the
 * transport can encode once for many (a Socket.IO room).
 */
export interface Subscriber {
	send(message: SessionMessage): void;
	close(reason: CloseReason): void;
}

export interface MealSessionOptions {
	mealId: string;
	log: SessionLog;
	presenceIntervalMs: number;
	/** Compaction is asked for (see `onCompactDue`) when this many updates follow the snapshot. */
	compactEvery: number;
	/** How many times a command is decided again after losing a race for the log. */
	maxRetries: number;
	/** Called once the log is long enough to compact; the owner schedules it off the command path. */
	onCompactDue: (session: MealSession) => void;
	/** After a stored change to what meal lists show (meta, members): the owner keeps the copy. */
	onSummaryChanged: (session: MealSession) => Promise<void>;
	/** This meal's logger (`log.child({ mealId })`). */
	logger?: Logger;
	/** Several instances: presence merged for the meal (server/scale/); absent, this process's is the meal's. */
	presenceStore?: PresenceStore;
}

export class MealSession {
	readonly mealId: string;
	readonly presence: MealPresence;
	/** Open connections in this process; the owner unloads the session once it is 0 and idle. */
	refs = 0;
	#docs: BoardDocs;
	#state: MutableBoardState;
	#seq: number;
	#snapshotSeq: number;
	#subscribers = new Set<Subscriber>();
	#tail: Promise<unknown> = Promise.resolve();
	/** True while a change is in the document but not yet in the log. */
	#writing = false;
	/** The sequence an append in flight would take; null when none is. */
	#appendingAt: number | null = null;
	#closed = false;
	/** Step 2 for an empty state vector (every first-time phone), until the next change. */
	#fullSync: Uint8Array | undefined;
	#fullSyncDeflated: Uint8Array | undefined;
	/**
	 * What the log is known to hold (the snapshot read and every update stored or heard
	 * since): when an append's outcome is unknown and the log cannot be read (Redis away),
	 * the document goes back to exactly this, so no peer is ever sent a change that may not
	 * be stored.
	 */
	#stored: Uint8Array[];
	/** A reload retried until the log answers, after such a roll-back. */
	#reloadLater: ReturnType<typeof setTimeout> | undefined;
	/** Stops hearing the log's appends (another instance's changes). */
	#unsubscribe: () => void = () => undefined;
	readonly #o: MealSessionOptions;

	private constructor(o: MealSessionOptions, loaded: Loaded) {
		this.#o = o;
		this.mealId = o.mealId;
		this.#docs = loaded.docs;
		this.#state = readMutableBoard(loaded.docs.board, loaded.docs.masters);
		this.#seq = loaded.seq;
		this.#snapshotSeq = loaded.snapshotSeq;
		this.#stored = loaded.parts;
		const store = o.presenceStore;
		this.presence = new MealPresence({
			intervalMs: o.presenceIntervalMs,
			publish: (delta) =>
				store ? this.#sharePresence(store.change(this.mealId, delta)) : this.#broadcast({ type: 'presence', ...delta })
		});
	}

	/**
	 * Subscribes to the meal's log before reading it, so no append can fall between the two:
	 * what is heard meanwhile waits, and whatever the read already holds is skipped by `seq`.
	 */
	static async load(options: MealSessionOptions): Promise<MealSession> {
		const heard: AppendedUpdate[] = [];
		let hear = (appended: AppendedUpdate): void => void heard.push(appended);
		const unsubscribe = options.log.subscribe(options.mealId, (appended) => hear(appended));
		let loaded: Loaded;
		try {
			loaded = await readLog(options.log, options.mealId);
		} catch (error) {
			unsubscribe();
			throw error;
		}
		const session = new MealSession(options, loaded);
		session.#unsubscribe = unsubscribe;
		hear = (appended) => session.#heard(appended);
		for (const appended of heard.splice(0)) session.#heard(appended);
		return session;
	}

	/**
	 * The board as stored now. Kept in memory and updated in place with each stored change:
	 * read it synchronously, do not keep it across an await.
	 */
	get state(): BoardState {
		return this.#state;
	}

	get seq(): number {
		return this.#seq;
	}

	/** Both documents as one log entry (what a compaction writes). */
	snapshot(): Uint8Array {
		return snapshotOf(this.#docs);
	}

	/**
	 * The whole masters document as a sync step 2, for a Canteen Master connection (times,
	 * the canteen, every invitation). Waits, like syncStep2, for a change on its way to the log.
	 */
	async mastersSync(): Promise<Uint8Array> {
		if (this.#writing) await this.exclusive(() => undefined);
		return encodeStep2(Y.encodeStateAsUpdate(this.#docs.masters));
	}

	/**
	 * Who is connected to the meal now: this process's connections, and with several
	 * instances everyone the shared presence knows of too.
	 */
	async online(): Promise<string[]> {
		const store = this.#o.presenceStore;
		if (!store) return this.presence.online();
		// Redis away: this instance's own connections, rather than no answer (a phone waits for it).
		const everywhere = await store.online(this.mealId).catch((error: unknown) => {
			this.#o.logger?.warn('shared presence unreadable', { error: String(error) });
			return [] as string[];
		});
		return [...new Set([...everywhere, ...this.presence.online()])].sort();
	}

	/** Several instances: the heartbeat that keeps this instance's members in the meal's presence. */
	refreshPresence(): Promise<void> {
		const store = this.#o.presenceStore;
		if (!store || this.#closed) return Promise.resolve();
		return this.#sharePresence(store.refresh(this.mealId, this.presence.online()));
	}

	/** The meal's change, decided once by the store, goes to every instance's sockets through this one's subscribers. */
	#sharePresence(change: Promise<PresenceDelta>): Promise<void> {
		return change.then(
			(delta) => {
				if (!this.#closed && !isEmptyDelta(delta)) this.#broadcast({ type: 'presence', ...delta });
			},
			(error) => this.#o.logger?.warn('presence not shared', { error: String(error) })
		);
	}

	/** Runs `fn` after every earlier operation on this meal has finished. */
	exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
		const run = this.#tail.then(fn, fn);
		this.#tail = run.catch(() => undefined);
		return run;
	}

	subscribe(subscriber: Subscriber): () => void {
		this.#subscribers.add(subscriber);
		return () => this.#subscribers.delete(subscriber);
	}

	/**
	 * Sync step 2 holding what a peer with `stateVector` misses. A first-time phone (empty
	 * state vector) gets the same cached bytes as every other until the board changes. While
	 * a change waits for the log, the answer waits for it too, so no peer sees it early.
	 */
	async syncStep2(stateVector: Uint8Array): Promise<Uint8Array> {
		if (this.#writing) await this.exclusive(() => undefined);
		if (!isEmptyStateVector(stateVector)) return encodeStep2(Y.encodeStateAsUpdate(this.#docs.board, stateVector));
		this.#fullSync ??= encodeStep2(Y.encodeStateAsUpdate(this.#docs.board));
		return this.#fullSync;
	}

	/**
	 * syncStep2, deflated (zlib) when that is worth it, for a peer that can inflate. The
	 * whole board for a first-time phone is deflated once per state, like it is encoded once.
	 */
	async syncStep2Deflated(stateVector: Uint8Array): Promise<{ frame: Uint8Array; deflated: boolean }> {
		const frame = await this.syncStep2(stateVector);
		if (frame.length < DEFLATE_FROM_BYTES) return { frame, deflated: false };
		if (frame !== this.#fullSync) return { frame: deflateSync(frame), deflated: true };
		this.#fullSyncDeflated ??= deflateSync(frame);
		return { frame: this.#fullSyncDeflated, deflated: true };
	}

	/**
	 * Decides against the current board and stores the result, then fans it out. If another
	 * writer stored first (only possible with several processes), the board is reloaded and
	 * the decision made again on what is now true.
	 */
	apply<R>(decideFn: (state: BoardState) => Decision<R>): Promise<Decision<R>> {
		return this.exclusive(async () => {
			for (let attempt = 0; ; attempt++) {
				const decision = decideFn(this.#state);
				// A refusal may carry changes too (see refuseWith); they are stored all the same.
				const changes = decision.changes ?? [];
				if (changes.length === 0) return decision;
				this.#writing = true;
				let stored;
				try {
					const updates = captureUpdates(this.#docs, (docs) => applyChanges(docs, changes));
					const entry = encodeStored({
						board: updates.board ?? EMPTY_UPDATE,
						masters: updates.masters ?? EMPTY_UPDATE
					});
					try {
						this.#appendingAt = this.#seq + 1;
						stored = await this.#o.log.append(this.mealId, this.#seq, entry);
					} catch (err) {
						this.#appendingAt = null;
						// The append may or may not have been stored (a deadline passed while it
						// was on its way): never assume; learn it from the log.
						await this.#recover();
						throw err;
					}
					this.#appendingAt = null;
					if (stored.ok) {
						this.#seq = stored.seq;
						this.#stored.push(entry);
						applyToState(this.#state, changes);
						this.#changed(updates, changes);
						if (changesSummary(changes)) await this.#o.onSummaryChanged(this);
						if (this.#seq - this.#snapshotSeq >= this.#o.compactEvery) this.#o.onCompactDue(this);
						return decision;
					}
					await this.#reload();
				} finally {
					this.#writing = false;
				}
				if (attempt >= this.#o.maxRetries) return { ok: false, code: 'unavailable' };
			}
		});
	}

	/** Writes a snapshot of the board up to now; an optimisation, the log is complete without it. */
	compact(): Promise<void> {
		return this.exclusive(() => this.compactInQueue());
	}

	/** compact() for a caller already inside exclusive() (it would wait for itself otherwise). */
	async compactInQueue(): Promise<void> {
		if (this.#seq <= this.#snapshotSeq) return;
		const seq = this.#seq;
		const snapshot = this.snapshot();
		await this.#o.log.compact(this.mealId, seq, snapshot);
		this.#snapshotSeq = seq;
		this.#stored = [snapshot];
	}

	/** Lets go of every subscriber and the document; the owner has forgotten this session. */
	close(reason: 'unloaded' | 'discarded'): void {
		this.#unsubscribe();
		this.#closed = true;
		clearTimeout(this.#reloadLater);
		this.presence.close();
		for (const subscriber of [...this.#subscribers]) subscriber.close(reason);
		this.#subscribers.clear();
		this.#docs.board.destroy();
		this.#docs.masters.destroy();
	}

	/**
	 * An append heard from the log: another instance's change (or this session's own, which
	 * its `seq` already covers). Applied inside the queue, in sequence order, so it never
	 * interleaves with a change being decided here; a gap (an append missed, or trimmed by a
	 * compaction before it was read) reloads from the log, which fans out what was missed.
	 */
	#heard(appended: AppendedUpdate): void {
		if (appended.seq <= this.#seq) return;
		// The sequence this session is appending at: its own (the embedded log tells before the
		// append returns), or another's that won it, and then the append conflicts and reloads.
		if (appended.seq === this.#appendingAt) return;
		void this.exclusive(async () => {
			if (this.#closed || appended.seq <= this.#seq) return;
			// Both documents' updates of one entry (stored-board.ts); an entry in the old layout
			// (an older instance still running) is read whole by a reload instead.
			const updates = appended.seq === this.#seq + 1 ? decodeStored(appended.update) : undefined;
			if (updates) {
				const touched = applyUpdatesToState(this.#state, this.#docs, updates);
				this.#seq = appended.seq;
				this.#stored.push(appended.update);
				const nonEmpty = (u: Uint8Array) => (u.length > 2 ? u : undefined);
				const invites = [...touched.invites].flatMap((id): Change[] => {
					const invite = this.#state.invites.get(id);
					return invite ? [{ type: 'invite:set', invite }] : [];
				});
				this.#changed({ board: nonEmpty(updates.board), masters: nonEmpty(updates.masters) }, invites);
				return;
			}
			this.#o.logger?.debug('board log gap: reloading', { seq: this.#seq, heard: appended.seq });
			await this.#reload();
		}).catch((error) => this.#o.logger?.warn('applying another instance’s change failed', { error: String(error) }));
	}

	/**
	 * Fans a stored change out: the board document's update to everyone, the masters
	 * document's to Canteen Masters, and each changed invitation to its two members.
	 */
	#changed(updates: { board: Uint8Array | undefined; masters: Uint8Array | undefined }, changes: readonly Change[]) {
		if (updates.board) {
			this.#fullSync = this.#fullSyncDeflated = undefined;
			this.#broadcast({ type: 'update', frame: encodeUpdate(updates.board) });
		}
		if (updates.masters) this.#broadcast({ type: 'masters', frame: encodeUpdate(updates.masters) });
		const invites = changes.flatMap((c) => (c.type === 'invite:set' ? [c.invite] : []));
		if (invites.length > 0) this.#broadcast({ type: 'invites', invites });
	}

	#broadcast(message: SessionMessage): void {
		for (const subscriber of this.#subscribers) subscriber.send(message);
	}

	/**
	 * After an append that failed: reload, so memory holds exactly what is stored (the
	 * append included if it landed after all). If the log cannot be read either, go back
	 * to what is known stored, and reload once it answers again (fanning out the append if
	 * it did land). A later append at the old sequence also finds out: it conflicts.
	 */
	async #recover(): Promise<void> {
		try {
			await this.#reload();
		} catch {
			this.#rollBack();
			this.#retryReload();
		}
	}

	#rollBack(): void {
		const { docs } = docsFromEntries(this.#stored);
		this.#docs.board.destroy();
		this.#docs.masters.destroy();
		this.#docs = docs;
		this.#state = readMutableBoard(docs.board, docs.masters);
		this.#fullSync = this.#fullSyncDeflated = undefined;
	}

	#retryReload(): void {
		if (this.#reloadLater || this.#closed) return;
		this.#reloadLater = setTimeout(() => {
			this.#reloadLater = undefined;
			if (this.#closed) return;
			this.exclusive(() => this.#reload()).catch(() => this.#retryReload());
		}, 1_000);
		this.#reloadLater.unref?.();
	}

	async #reload(): Promise<void> {
		const fresh = await readLog(this.#o.log, this.mealId);
		const missed = missedUpdates(fresh.docs, this.#docs);
		const before = this.#state;
		this.#docs.board.destroy();
		this.#docs.masters.destroy();
		this.#docs = fresh.docs;
		this.#state = readMutableBoard(fresh.docs.board, fresh.docs.masters);
		this.#seq = fresh.seq;
		this.#snapshotSeq = fresh.snapshotSeq;
		this.#stored = fresh.parts;
		this.#fullSync = this.#fullSyncDeflated = undefined;
		// What another writer stored and this process had not yet fanned out.
		this.#changed(missed, changedInvites(before, this.#state));
	}
}

interface Loaded {
	docs: BoardDocs;
	seq: number;
	snapshotSeq: number;
	/** The snapshot and updates as read: the document is exactly these. */
	parts: Uint8Array[];
}

async function readLog(log: SessionLog, mealId: string): Promise<Loaded> {
	const stored = await log.load(mealId);
	const entries = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
	// A board stored in the old one-document layout is migrated here (stored-board.ts).
	const { docs } = docsFromEntries(entries);
	return { docs, seq: stored.seq, snapshotSeq: stored.snapshotSeq, parts: entries };
}

/** What `fresh` holds that `old` lacks, per document; undefined where nothing. */
function missedUpdates(fresh: BoardDocs, old: BoardDocs) {
	const diff = (a: Y.Doc, b: Y.Doc) => {
		const update = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
		return update.length > 2 ? update : undefined;
	};
	return { board: diff(fresh.board, old.board), masters: diff(fresh.masters, old.masters) };
}

/** The invitations that differ between two states, as changes (for the members concerned). */
function changedInvites(before: BoardState, after: BoardState): Change[] {
	const changed: Change[] = [];
	for (const invite of after.invites?.values() ?? []) {
		if (JSON.stringify(before.invites?.get(invite.id)) !== JSON.stringify(invite)) {
			changed.push({ type: 'invite:set', invite });
		}
	}
	return changed;
}

/** Runs `mutate` and returns each document's one update, undefined for one it left alone. */
function captureUpdates(docs: BoardDocs, mutate: (docs: BoardDocs) => void) {
	const capture = (doc: Y.Doc) => {
		const updates: Uint8Array[] = [];
		const onUpdate = (u: Uint8Array) => updates.push(u);
		doc.on('update', onUpdate);
		return {
			done() {
				doc.off('update', onUpdate);
				if (updates.length === 0) return undefined;
				return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
			}
		};
	};
	const board = capture(docs.board);
	const masters = capture(docs.masters);
	try {
		mutate(docs);
	} catch (err) {
		board.done();
		masters.done();
		throw err;
	}
	return { board: board.done(), masters: masters.done() };
}
