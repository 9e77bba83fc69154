/**
 * Loads meals' boards on demand, applies decided changes, stores them, then fans them out.
 * A change reaches phones only after the store acknowledged it, so nothing a phone has
 * seen can be lost by a crash. Boards idle for `idleMs` are compacted and unloaded.
 */
import * as Y from 'yjs';
import { applyChanges, readBoard } from '../../src/lib/board-doc/doc.ts';
import { changesSummary, mealSummary } from '../../src/lib/domain/plan-board.ts';
import type { Decision } from '../../src/lib/domain/result.ts';
import type { BoardState } from '../../src/lib/domain/types.ts';
import type { Logger } from '../log.ts';
import type { Storage } from '../storage/storage.ts';
import { AckCache } from './ack-cache.ts';
import { Room } from './room.ts';

export interface RoomsOptions {
	storage: Storage;
	log: Logger;
	idleMs: number;
	/** Compact when this many updates follow the snapshot. */
	compactEvery?: number;
	/** Called with each stored update, in order, to fan it out. */
	onUpdate: (mealId: string, update: Uint8Array) => void;
	/** How many times a command is decided again after losing a race for the log. */
	maxRetries?: number;
}

export class Rooms {
	#rooms = new Map<string, Room>();
	#loading = new Map<string, Promise<Room>>();
	readonly #o: Required<RoomsOptions>;

	constructor(options: RoomsOptions) {
		this.#o = { compactEvery: 200, maxRetries: 5, ...options };
	}

	get loaded(): number {
		return this.#rooms.size;
	}

	isLoaded(mealId: string): boolean {
		return this.#rooms.has(mealId);
	}

	/** The meal's room, loading it once however many callers ask at the same time. */
	async get(mealId: string): Promise<Room> {
		const room = this.#rooms.get(mealId);
		if (room) {
			this.#touch(room);
			return room;
		}
		let loading = this.#loading.get(mealId);
		if (!loading) {
			loading = this.#load(mealId).finally(() => this.#loading.delete(mealId));
			this.#loading.set(mealId, loading);
		}
		const loaded = await loading;
		this.#touch(loaded);
		return loaded;
	}

	async retain(mealId: string): Promise<Room> {
		const room = await this.get(mealId);
		room.refs++;
		this.#touch(room);
		return room;
	}

	release(mealId: string): void {
		const room = this.#rooms.get(mealId);
		if (!room) return;
		room.refs = Math.max(0, room.refs - 1);
		this.#touch(room);
	}

	/** Reads the current board inside the meal's queue. */
	async read<T>(mealId: string, fn: (state: BoardState, room: Room) => T): Promise<T> {
		const room = await this.get(mealId);
		return room.exclusive(() => fn(readBoard(room.doc), room));
	}

	/**
	 * Decides against the current board and stores the result. If another writer stored
	 * first (only possible with several instances), the board is reloaded and the decision
	 * made again on what is now true.
	 */
	async apply<R>(mealId: string, decideFn: (state: BoardState) => Decision<R>): Promise<Decision<R>> {
		const room = await this.get(mealId);
		return room.exclusive(async () => {
			for (let attempt = 0; ; attempt++) {
				const decision = decideFn(readBoard(room.doc));
				// A refusal may carry changes too (see refuseWith); they are stored all the same.
				const changes = decision.changes ?? [];
				if (changes.length === 0) return decision;
				const update = captureUpdate(room.doc, (doc) => applyChanges(doc, changes));
				let stored;
				try {
					stored = await this.#o.storage.boardLog.append(mealId, room.seq, update);
				} catch (err) {
					await this.#reload(room);
					throw err;
				}
				if (stored.ok) {
					room.seq = stored.seq;
					this.#o.onUpdate(mealId, update);
					// Storage: the meal's listed summary follows its meta and members (storage/meals.ts).
					if (changesSummary(changes)) await this.#storeSummary(mealId, room.doc);
					if (room.seq - room.snapshotSeq >= this.#o.compactEvery) await this.#compact(room);
					return decision;
				}
				await this.#reload(room);
				if (attempt >= this.#o.maxRetries) return { ok: false, code: 'unavailable' };
			}
		});
	}

	/**
	 * Runs `fn` on the current board inside the meal's queue; when it answers true (it
	 * deleted the meal from the storage: a cancelled plan), the board is dropped from memory
	 * without being compacted back. An operation already queued behind it finds an empty
	 * log (its append conflicts, the reload is empty) and is refused `not_found`.
	 */
	async discard(mealId: string, fn: (state: BoardState) => Promise<boolean>): Promise<boolean> {
		const room = await this.get(mealId);
		return room.exclusive(async () => {
			const gone = await fn(readBoard(room.doc));
			if (gone && this.#rooms.get(mealId) === room) {
				clearTimeout(room.idleTimer);
				this.#rooms.delete(mealId);
			}
			return gone;
		});
	}

	/** Compacts and drops every board; used at shutdown. */
	async closeAll(): Promise<void> {
		await Promise.allSettled([...this.#loading.values()]);
		const rooms = [...this.#rooms.values()];
		this.#rooms.clear();
		for (const room of rooms) clearTimeout(room.idleTimer);
		await Promise.allSettled(rooms.map((room) => room.exclusive(() => this.#compact(room))));
		for (const room of rooms) room.doc.destroy();
	}

	async #load(mealId: string): Promise<Room> {
		const { doc, seq, snapshotSeq } = await this.#readLog(mealId);
		const room = new Room({ mealId, doc, seq, snapshotSeq, acks: new AckCache() });
		this.#rooms.set(mealId, room);
		// Storage: repairs a summary a crash kept from following its last change.
		if (seq > 0) await this.#storeSummary(mealId, doc);
		this.#o.log.debug('board loaded', { mealId, seq });
		return room;
	}

	async #readLog(mealId: string) {
		const log = await this.#o.storage.boardLog.load(mealId);
		const doc = new Y.Doc();
		const updates = log.snapshot ? [log.snapshot, ...log.updates] : log.updates;
		if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
		return { doc, seq: log.seq, snapshotSeq: log.snapshotSeq };
	}

	async #reload(room: Room): Promise<void> {
		const fresh = await this.#readLog(room.mealId);
		const missed = Y.encodeStateAsUpdate(fresh.doc, Y.encodeStateVector(room.doc));
		room.doc.destroy();
		room.doc = fresh.doc;
		room.seq = fresh.seq;
		room.snapshotSeq = fresh.snapshotSeq;
		// What another writer stored and this instance had not yet fanned out.
		if (missed.length > 2) this.#o.onUpdate(room.mealId, missed);
	}

	/** The summary is a copy for lists: failing to write it fails no command (the next load repairs it). */
	async #storeSummary(mealId: string, doc: Y.Doc): Promise<void> {
		try {
			await this.#o.storage.meals.updateSummary(mealId, mealSummary(readBoard(doc)));
		} catch (err) {
			this.#o.log.warn('meal summary not stored', { mealId, error: String(err) });
		}
	}

	async #compact(room: Room): Promise<void> {
		if (room.seq <= room.snapshotSeq) return;
		try {
			await this.#o.storage.boardLog.compact(room.mealId, room.seq, Y.encodeStateAsUpdate(room.doc));
			room.snapshotSeq = room.seq;
		} catch (err) {
			// Compaction is an optimisation: the log is still complete without it.
			this.#o.log.warn('compaction failed', { mealId: room.mealId, error: String(err) });
		}
	}

	#touch(room: Room): void {
		clearTimeout(room.idleTimer);
		room.idleTimer = undefined;
		if (room.refs > 0) return;
		room.idleTimer = setTimeout(() => {
			void room.exclusive(async () => {
				if (room.refs > 0 || this.#rooms.get(room.mealId) !== room) return;
				await this.#compact(room);
				this.#rooms.delete(room.mealId);
				room.doc.destroy();
				this.#o.log.debug('board unloaded', { mealId: room.mealId });
			});
		}, this.#o.idleMs);
		room.idleTimer.unref?.();
	}
}

/** Runs `mutate` and returns the single update it produced. */
function captureUpdate(doc: Y.Doc, mutate: (doc: Y.Doc) => void): Uint8Array {
	const updates: Uint8Array[] = [];
	const onUpdate = (u: Uint8Array) => updates.push(u);
	doc.on('update', onUpdate);
	try {
		mutate(doc);
	} finally {
		doc.off('update', onUpdate);
	}
	return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
}
