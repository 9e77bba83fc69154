/**
 * The embedded storage: one SQLite file in DATA_DIR through better-sqlite3, in WAL mode,
 * holding the board log and every repository. better-sqlite3 is synchronous, so a write
 * is on disk (in the WAL) before its promise resolves; synchronous=NORMAL keeps committed
 * transactions across a process crash (SIGKILL), which is the durability an ack promises.
 * Power loss may drop the last transactions; set TABLEE_SQLITE_SYNC=full to fsync every
 * commit.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sqliteAccounts } from './sqlite/accounts.ts';
import { sqliteBoardLog } from './sqlite/board-log.ts';
import { sqliteMeals } from './sqlite/meals.ts';
import { migrate } from './sqlite/migrations.ts';
import { sqliteModeration } from './sqlite/moderation.ts';
import { sqlitePartners } from './sqlite/partners.ts';
import { sqliteAttendance } from './sqlite/attendance.ts';
import { sqlitePeople } from './sqlite/people.ts';
import { sqlitePlanning } from './sqlite/planning.ts';
import { sqlitePrompts } from './sqlite/prompts.ts';
import { sqliteSurveys } from './sqlite/surveys.ts';
import { causeOf } from './availability.ts';
import type { Storage } from './storage.ts';
import { sqlitePrivacy, sqliteWebhooks } from './sqlite/webhooks.ts';

export interface SqliteStorageOptions {
	/** Directory for tablee.db; `:memory:` for throwaway storage. */
	dataDir: string;
	synchronous?: 'normal' | 'full';
	/** Where an error thrown by a board-log subscriber goes (it never fails the append). */
	onListenerError?: (error: unknown) => void;
}

/** How long a statement waits for another connection's write lock. */
export const SQLITE_BUSY_TIMEOUT_MS = 100;

export function openSqliteStorage({
	dataDir,
	synchronous = 'normal',
	onListenerError = (error) => console.error('board log listener failed', error)
}: SqliteStorageOptions): Storage {
	const inMemory = dataDir === ':memory:';
	if (!inMemory) mkdirSync(dataDir, { recursive: true });
	const db = new Database(inMemory ? ':memory:' : join(dataDir, 'tablee.db'));
	db.pragma('journal_mode = WAL');
	db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
	db.pragma('foreign_keys = ON');
	// better-sqlite3 is synchronous: a lock wait blocks the whole event loop, every meal of
	// the process. So wait briefly for another process's write; a board append that still
	// finds the file locked is answered as a conflict (the session reloads and decides again).
	db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
	// A deleted row's bytes are overwritten, not left in free space: withdrawing consent to
	// share (people profiles) must leave nothing readable in the file.
	db.pragma('secure_delete = ON');
	migrate(db);

	return {
		kind: 'sqlite',
		boardLog: sqliteBoardLog({ db, onListenerError }),
		accounts: sqliteAccounts(db),
		meals: sqliteMeals(db),
		moderation: sqliteModeration(db),
		prompts: sqlitePrompts(db),
		people: sqlitePeople({ db, inMemory }),
		planning: sqlitePlanning(db),
		partners: sqlitePartners(db),
		surveys: sqliteSurveys(db),
		webhooks: sqliteWebhooks(db),
		privacy: sqlitePrivacy(db),
		attendance: sqliteAttendance(db),
		async ping() {
			try {
				db.prepare('select count(*) from sqlite_master').get();
				return [{ part: 'sqlite', ok: true }];
			} catch (error) {
				return [{ part: 'sqlite', ok: false, cause: causeOf(error) }];
			}
		},
		async close() {
			if (db.open) db.close();
		}
	};
}
