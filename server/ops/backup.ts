/**
 * Backup and restore of the one database file. A backup uses SQLite's online backup API
 * (better-sqlite3's db.backup), so it is consistent while Tablée runs and writes; the copy
 * is checked and turned into a single self-contained file (no -wal). A restore refuses
 * while a server holds the data directory, checks the file first, and moves the current
 * files aside instead of deleting them.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { lockDataDir } from './data-dir-lock.ts';
import { DB_FILE, SHM_FILE, WAL_FILE, writeMarker } from './installation.ts';
import { openFailure } from './maintenance.ts';
import { StartupError } from './startup-error.ts';

export interface BackupResult {
	file: string;
	bytes: number;
	installation: string;
}

export async function backupDatabase({
	dataDir,
	destDir,
	now = new Date()
}: {
	dataDir: string;
	destDir: string;
	now?: Date;
}): Promise<BackupResult> {
	const source = join(dataDir, DB_FILE);
	if (!existsSync(source)) {
		throw new StartupError(source, 'there is no database to back up here.', 'check DATA_DIR.');
	}
	mkdirSync(destDir, { recursive: true });
	const file = resolve(destDir, `tablee-${now.toISOString().replace(/[:.]/g, '-')}.db`);
	const part = `${file}.part`;
	let db: Database.Database;
	try {
		db = new Database(source, { fileMustExist: true });
		db.pragma('busy_timeout = 5000');
	} catch (error) {
		throw openFailure(source, error);
	}
	try {
		await db.backup(part);
	} finally {
		db.close();
	}
	const checked = checkBackup(part);
	renameSync(part, file);
	return { file, bytes: statSync(file).size, installation: checked.id };
}

export function restoreDatabase({
	dataDir,
	backupFile,
	now = new Date()
}: {
	dataDir: string;
	backupFile: string;
	now?: Date;
}): { movedAside: string | undefined; installation: string } {
	const identity = checkBackup(backupFile);
	mkdirSync(dataDir, { recursive: true });
	// Held for the whole restore: a server cannot start half-way, nor be running now.
	const lock = lockDataDir({ dataDir });
	try {
		const present = [DB_FILE, WAL_FILE, SHM_FILE].filter((name) => existsSync(join(dataDir, name)));
		let movedAside: string | undefined;
		if (present.length > 0) {
			movedAside = join(dataDir, `before-restore-${now.toISOString().replace(/[:.]/g, '-')}`);
			mkdirSync(movedAside);
			for (const name of present) renameSync(join(dataDir, name), join(movedAside, name));
		}
		const target = join(dataDir, DB_FILE);
		copyFileSync(backupFile, `${target}.restoring`);
		renameSync(`${target}.restoring`, target);
		// The restored database was closed cleanly: no WAL is expected beside it.
		writeMarker(dataDir, { id: identity.id, createdAt: identity.createdAt, state: 'stopped' });
		return { movedAside, installation: identity.id };
	} finally {
		lock.release();
	}
}

/**
 * After a crash, tablee.db-wal is expected beside tablee.db. When another program (the
 * sqlite3 shell, a test) opened the database since, it folded the WAL in and removed it:
 * the operator, who knows that, says so here once, and the start goes ahead.
 */
export function acceptDataDir({ dataDir }: { dataDir: string }): { installation: string } {
	const file = join(dataDir, DB_FILE);
	const lock = lockDataDir({ dataDir });
	try {
		if (existsSync(join(dataDir, WAL_FILE))) {
			throw new StartupError(
				join(dataDir, WAL_FILE),
				'tablee.db-wal is here: there is nothing to accept.',
				'start Tablée as usual; it reads the WAL itself.'
			);
		}
		const identity = checkBackup(file);
		writeMarker(dataDir, { id: identity.id, createdAt: identity.createdAt, state: 'stopped' });
		return { installation: identity.id };
	} finally {
		lock.release();
	}
}

/** A file is a usable backup if SQLite finds it whole and it is a recorded Tablée installation. */
function checkBackup(file: string): { id: string; createdAt: string } {
	if (!existsSync(file))
		throw new StartupError(file, 'this backup file does not exist.', 'give the path of a file made by npm run backup.');
	let db: Database.Database;
	try {
		db = new Database(file, { fileMustExist: true });
	} catch (error) {
		throw openFailure(file, error);
	}
	try {
		const check = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
		if (check.join() !== 'ok') {
			throw new StartupError(
				file,
				`this backup is damaged (quick_check: ${check.slice(0, 3).join('; ')}).`,
				'use an older backup.'
			);
		}
		const row = db.prepare(`select name from sqlite_master where type = 'table' and name = 'tablee_installation'`).get()
			? (db.prepare('select id, created_at from tablee_installation').get() as
					{ id: string; created_at: string } | undefined)
			: undefined;
		if (!row || (db.pragma('user_version', { simple: true }) as number) === 0) {
			throw new StartupError(
				file,
				`${basename(file)} is not a Tablée backup.`,
				'give the path of a file made by npm run backup.'
			);
		}
		// One self-contained file: a backup must never depend on a -wal beside it.
		db.pragma('journal_mode = DELETE');
		return { id: row.id, createdAt: row.created_at };
	} catch (error) {
		if (error instanceof StartupError) throw error;
		throw openFailure(file, error);
	} finally {
		db.close();
		rmSync(`${file}-wal`, { force: true });
		rmSync(`${file}-shm`, { force: true });
	}
}
