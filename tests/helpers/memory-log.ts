/**
 * A board log in memory for unit tests of sessions and command handling: appends at the
 * expected sequence, can be told to fail or to hold the next append, and can be written
 * "by another process" (decided on its own copy of the board).
 */
import * as Y from 'yjs';
import { applyChanges } from '../../src/lib/board-doc/doc.ts';
import type { Change } from '../../src/lib/domain/types.ts';
import type { SessionLog } from '../../server/session/meal-session.ts';
import type { AppendListener } from '../../server/storage/board-log.ts';

export class MemoryLog implements SessionLog {
	updates: Uint8Array[] = [];
	failNext = false;
	/** When set, the next append waits for this promise. */
	hold: Promise<void> | undefined;
	#listeners = new Set<AppendListener>();

	async load() {
		return { snapshot: null, snapshotSeq: 0, updates: [...this.updates], seq: this.updates.length };
	}

	async append(_mealId: string, expectedSeq: number, update: Uint8Array) {
		const hold = this.hold;
		this.hold = undefined;
		if (hold) await hold;
		if (this.failNext) {
			this.failNext = false;
			throw new Error('disk full');
		}
		if (expectedSeq !== this.updates.length)
			return { ok: false as const, reason: 'conflict' as const, seq: this.updates.length };
		this.updates.push(update);
		this.#deliver(update);
		return { ok: true as const, seq: this.updates.length };
	}

	async compact() {}

	/** Hears every append, this log's own and `writeElsewhere`'s, like a shared log. */
	subscribe(_mealId: string, listener: AppendListener): () => void {
		const own: AppendListener = (appended) => listener(appended);
		this.#listeners.add(own);
		return () => this.#listeners.delete(own);
	}

	/** Another process's write that this one does not hear of (a missed message: a gap). */
	writeUnheard(changes: Change[]): void {
		const listeners = this.#listeners;
		this.#listeners = new Set();
		try {
			this.writeElsewhere(changes);
		} finally {
			this.#listeners = listeners;
		}
	}

	#deliver(update: Uint8Array): void {
		const appended = { mealId: 'meal', seq: this.updates.length, update };
		for (const listener of this.#listeners) listener(appended);
	}

	writeElsewhere(changes: Change[]): void {
		const doc = new Y.Doc();
		for (const u of this.updates) Y.applyUpdate(doc, u);
		const before = Y.encodeStateVector(doc);
		applyChanges(doc, changes);
		const update = Y.encodeStateAsUpdate(doc, before);
		this.updates.push(update);
		this.#deliver(update);
	}
}
