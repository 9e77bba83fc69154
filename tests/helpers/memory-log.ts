/**
 * A board log in memory for unit tests of sessions and command handling: appends at the
 * expected sequence, can be told to fail or to hold the next append, and can be written
 * "by another process" (decided on its own copy of the board).
 */
import * as Y from 'yjs';
import { applyChanges } from '../../src/lib/board-doc/doc.ts';
import type { Change } from '../../src/lib/domain/types.ts';
import type { SessionLog } from '../../server/session/meal-session.ts';

export class MemoryLog implements SessionLog {
	updates: Uint8Array[] = [];
	failNext = false;
	/** When set, the next append waits for this promise. */
	hold: Promise<void> | undefined;

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
		return { ok: true as const, seq: this.updates.length };
	}

	async compact() {}

	writeElsewhere(changes: Change[]): void {
		const doc = new Y.Doc();
		for (const u of this.updates) Y.applyUpdate(doc, u);
		const before = Y.encodeStateVector(doc);
		applyChanges(doc, changes);
		this.updates.push(Y.encodeStateAsUpdate(doc, before));
	}
}
