/**
 * The operator's own connection to the database, apart from the store's: it checks the
 * file at start (quick_check, installation record), checkpoints the WAL on a timer and at
 * shutdown (so a lost or cut tablee.db-wal loses at most one interval), and probes that
 * writes still succeed for /readyz. SQLite in WAL mode lets both connections work on one
 * file; better-sqlite3 is synchronous, so no reader of this process is ever mid-read when
 * the checkpoint runs.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DB_FILE, type DatabaseFacts } from './installation.ts';
import { StartupError } from './startup-error.ts';

export interface Maintenance {
	facts(): DatabaseFacts;
	identity(): DatabaseFacts['identity'];
	recordIdentity(identity: { id: string; createdAt: string }): void;
	/** Moves every committed page into tablee.db and empties the WAL. */
	checkpoint(): { busy: boolean; walFrames: number };
	/** A real write (one row updated in a transaction): throws what SQLite throws. */
	probeWrite(now: number): void;
	close(): void;
}

const INSTALLATION_TABLE = `create table if not exists tablee_installation (
	only_one integer primary key check (only_one = 1),
	id text not null,
	created_at text not null,
	probed_at integer not null default 0
)`;

export function openMaintenance({ dataDir }: { dataDir: string }): Maintenance {
	const file = join(dataDir, DB_FILE);
	let db: Database.Database;
	try {
		db = new Database(file);
		db.pragma('journal_mode = WAL');
		db.pragma('busy_timeout = 5000');
	} catch (error) {
		throw openFailure(file, error);
	}

	const hasTable = () =>
		db.prepare(`select 1 from sqlite_master where type = 'table' and name = 'tablee_installation'`).get() !== undefined;

	const identity = () => {
		const row = hasTable()
			? (db.prepare('select id, created_at from tablee_installation').get() as
					{ id: string; created_at: string } | undefined)
			: undefined;
		return row && { id: row.id, createdAt: row.created_at };
	};

	return {
		facts() {
			try {
				const quickCheck = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
				const schemaVersion = db.pragma('user_version', { simple: true }) as number;
				return { quickCheck, schemaVersion, identity: identity() };
			} catch (error) {
				throw openFailure(file, error);
			}
		},
		identity,
		recordIdentity({ id, createdAt }) {
			db.exec(INSTALLATION_TABLE);
			db.prepare(
				'insert into tablee_installation (only_one, id, created_at) values (1, ?, ?) on conflict do nothing'
			).run(id, createdAt);
		},
		checkpoint() {
			const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[];
			return { busy: row?.busy === 1, walFrames: row?.log ?? 0 };
		},
		probeWrite(now) {
			db.transaction(() => {
				db.exec(INSTALLATION_TABLE);
				db.prepare('update tablee_installation set probed_at = ? where only_one = 1').run(now);
			})();
		},
		close() {
			if (db.open) db.close();
		}
	};
}

/** SQLite's open errors, in words an operator can act on. */
export function openFailure(file: string, error: unknown): Error {
	const code = (error as { code?: string }).code ?? '';
	const detail = error instanceof Error ? error.message : String(error);
	if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_READONLY')) {
		return new StartupError(
			file,
			`the database cannot be opened for writing (${code}: ${detail}).`,
			'give the user running Tablée read and write access to DATA_DIR and every file in it (tablee.db, tablee.db-wal, tablee.db-shm).'
		);
	}
	if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
		return new StartupError(
			file,
			`the database is damaged or is not a Tablée database (${code}: ${detail}).`,
			'keep the files as they are and restore the latest backup with npm run restore -- <backup file>.'
		);
	}
	return error as Error;
}
