/**
 * A board log in memory for unit tests of sessions and command handling: appends at the
 * expected sequence, can be told to fail or to hold the next append, and can be written
 * "by another process" (decided on its own copy of the board).
 */
import * as Y from 'yjs';
import { applyChanges } from '../../src/lib/board-doc/doc.ts';
import type { Change } from '../../src/lib/domain/types.ts';
import type { SessionLog } from '../../server/session/meal-session.ts';
import { docsFromEntries, encodeStored } from '../../server/session/stored-board.ts';

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
		const { docs } = docsFromEntries(this.updates);
		const before = { board: Y.encodeStateVector(docs.board), masters: Y.encodeStateVector(docs.masters) };
		applyChanges(docs, changes);
		this.updates.push(
			encodeStored({
				board: Y.encodeStateAsUpdate(docs.board, before.board),
				masters: Y.encodeStateAsUpdate(docs.masters, before.masters)
			})
		);
	}
}
