/**
 * A meal's board as an append-only log of y-protocols updates with a sequence number,
 * compacted now and then into a snapshot. It is the only part of storage that several
 * processes serving one meal must share, so it is kept this narrow: the embedded
 * implementation is SQLite (sqlite/board-log.ts); a shared one (Redis, issue #8) must pass
 * the same contract suite, tests/storage/contract/board-log.ts, unchanged.
 *
 * `append` succeeds only at the expected sequence, so two writers can never both take
 * "the last place": the loser reloads and decides again.
 */

/** What `load` returns: the snapshot and the updates after it, which together are the board. */
export interface StoredBoard {
	/** Merged state of every update up to `snapshotSeq`, or null before the first compaction. */
	snapshot: Uint8Array | null;
	snapshotSeq: number;
	/** Updates after the snapshot, in sequence order. */
	updates: Uint8Array[];
	/** Sequence number of the last update; 0 for a board never written. */
	seq: number;
}

export type AppendResult = { ok: true; seq: number } | { ok: false; reason: 'conflict'; seq: number };

/** One update as it was appended: `seq` is its place in the meal's log. */
export interface AppendedUpdate {
	mealId: string;
	seq: number;
	update: Uint8Array;
}

export type AppendListener = (appended: AppendedUpdate) => void;

export interface BoardLog {
	/** The meal's snapshot and later updates, read as one consistent picture; empty for an unknown meal. */
	load(mealId: string): Promise<StoredBoard>;
	/** Appends iff the log's sequence is `expectedSeq`; durable before it resolves. */
	append(mealId: string, expectedSeq: number, update: Uint8Array): Promise<AppendResult>;
	/**
	 * Replaces updates up to `seq` by `snapshot`. Ignored if an equal or newer snapshot
	 * exists; rejects if `seq` is beyond the log.
	 */
	compact(mealId: string, seq: number, snapshot: Uint8Array): Promise<void>;
	/**
	 * Calls `listener` with every update appended to the meal from now on, in sequence
	 * order, until the returned function is called. The embedded log delivers the appends
	 * made through this same instance (one process); a shared log delivers every process's.
	 * A listener that throws stops neither the append nor the other listeners.
	 */
	subscribe(mealId: string, listener: AppendListener): () => void;
}
