/**
 * The board log in SQLite, on raw prepared statements: it is the hot path (one append per
 * board change), and better-sqlite3 being synchronous, an append is committed before its
 * promise resolves. Subscribers hear the appends made through this instance, in order,
 * right after each commit; other processes' appends reach them only through a shared log.
 */
import type Database from 'better-sqlite3';
import type { AppendListener, AppendResult, BoardLog, StoredBoard } from '../board-log.ts';

export function sqliteBoardLog({
	db,
	onListenerError
}: {
	db: Database.Database;
	onListenerError: (error: unknown) => void;
}): BoardLog {
	const q = {
		snapshot: db.prepare<[string], { seq: number; data: Buffer }>(
			'select seq, data from board_snapshots where meal_id = ?'
		),
		updatesAfter: db.prepare<[string, number], { seq: number; data: Buffer }>(
			'select seq, data from board_updates where meal_id = ? and seq > ? order by seq'
		),
		lastSeq: db.prepare<[string], { seq: number | null }>(
			'select max(seq) as seq from board_updates where meal_id = ?'
		),
		insertUpdate: db.prepare('insert into board_updates (meal_id, seq, data) values (?, ?, ?)'),
		upsertSnapshot: db.prepare(
			`insert into board_snapshots (meal_id, seq, data) values (?, ?, ?)
			 on conflict (meal_id) do update set seq = excluded.seq, data = excluded.data`
		),
		deleteUpdatesUpTo: db.prepare('delete from board_updates where meal_id = ? and seq <= ?')
	};
	const listeners = new Map<string, Set<AppendListener>>();

	const currentSeq = (mealId: string): number => {
		const last = q.lastSeq.get(mealId)?.seq;
		if (last != null) return last;
		return q.snapshot.get(mealId)?.seq ?? 0;
	};

	// One read transaction so a concurrent compaction cannot split the picture.
	const load = db.transaction((mealId: string): StoredBoard => {
		const snap = q.snapshot.get(mealId);
		const snapshotSeq = snap?.seq ?? 0;
		const rows = q.updatesAfter.all(mealId, snapshotSeq);
		return {
			snapshot: snap ? new Uint8Array(snap.data) : null,
			snapshotSeq,
			updates: rows.map((r) => new Uint8Array(r.data)),
			seq: rows.at(-1)?.seq ?? snapshotSeq
		};
	});

	const append = db.transaction((mealId: string, expectedSeq: number, update: Uint8Array): AppendResult => {
		const seq = currentSeq(mealId);
		if (seq !== expectedSeq) return { ok: false, reason: 'conflict', seq };
		q.insertUpdate.run(mealId, seq + 1, update);
		return { ok: true, seq: seq + 1 };
	});

	const compact = db.transaction((mealId: string, seq: number, snapshot: Uint8Array) => {
		const existing = q.snapshot.get(mealId);
		if (existing && existing.seq >= seq) return;
		if (seq > currentSeq(mealId)) throw new Error(`cannot compact ${mealId} beyond its log`);
		q.upsertSnapshot.run(mealId, seq, snapshot);
		q.deleteUpdatesUpTo.run(mealId, seq);
	});

	const deliver = (mealId: string, seq: number, update: Uint8Array) => {
		for (const listener of listeners.get(mealId) ?? []) {
			try {
				listener({ mealId, seq, update });
			} catch (error) {
				onListenerError(error);
			}
		}
	};

	return {
		async load(mealId) {
			return load(mealId);
		},
		async append(mealId, expectedSeq, update) {
			let result: AppendResult;
			try {
				// IMMEDIATE: the write lock first, so a writer in another process makes this wait
				// (busy_timeout) or fail up front, never fail after reading a stale sequence.
				result = append.immediate(mealId, expectedSeq, update);
			} catch (error) {
				if (!isBusy(error)) throw error;
				// Another process holds the file: like losing the race for the sequence.
				return { ok: false, reason: 'conflict', seq: currentSeq(mealId) };
			}
			if (result.ok) deliver(mealId, result.seq, update);
			return result;
		},
		async compact(mealId, seq, snapshot) {
			compact(mealId, seq, snapshot);
		},
		subscribe(mealId, listener) {
			let set = listeners.get(mealId);
			if (!set) listeners.set(mealId, (set = new Set()));
			// A listener added twice is two subscriptions: wrap it so each unsubscribe removes its own.
			const own: AppendListener = (appended) => listener(appended);
			set.add(own);
			return () => {
				set.delete(own);
				if (set.size === 0 && listeners.get(mealId) === set) listeners.delete(mealId);
			};
		}
	};
}

/** SQLITE_BUSY and its extended codes: another connection holds the lock. */
function isBusy(error: unknown): boolean {
	return error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_BUSY');
}
