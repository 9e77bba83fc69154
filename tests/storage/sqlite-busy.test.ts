/**
 * Two connections on one SQLite file (two processes sharing it): a board append that finds
 * the file locked by the other writer is answered as a conflict after a short wait
 * (SQLITE_BUSY_TIMEOUT_MS), which the session treats like losing the race for the sequence,
 * instead of blocking this process's event loop for seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';

describe('SQLite shared by two processes', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tablee-busy-'));
	const a = openSqliteStorage({ dataDir: dir });
	const b = openSqliteStorage({ dataDir: dir });
	/** Stands for another process in the middle of a write. */
	const other = new Database(join(dir, 'tablee.db'));
	afterAll(async () => {
		other.close();
		await a.close();
		await b.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('answers an append to a locked file as a conflict, then appends once the lock is gone', async () => {
		expect(await a.boardLog.append('meal', 0, new Uint8Array([1]))).toEqual({ ok: true, seq: 1 });
		other.prepare('BEGIN IMMEDIATE').run();
		try {
			expect(await a.boardLog.append('meal', 1, new Uint8Array([2]))).toEqual({
				ok: false,
				reason: 'conflict',
				seq: 1
			});
		} finally {
			other.prepare('COMMIT').run();
		}
		expect(await a.boardLog.append('meal', 1, new Uint8Array([2]))).toEqual({ ok: true, seq: 2 });
		// The other storage on the file sees it and loses the race at the old sequence.
		expect(await b.boardLog.append('meal', 1, new Uint8Array([3]))).toEqual({ ok: false, reason: 'conflict', seq: 2 });
		expect((await b.boardLog.load('meal')).seq).toBe(2);
	});
});
