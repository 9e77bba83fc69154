/**
 * One process per data directory. Two servers writing one SQLite file each keep their own
 * boards in memory and overwrite each other's sequence numbers, so the second one is
 * refused at start. The lock is a file holding the owner's pid, created with O_EXCL; a
 * lock whose process is gone (kill -9, power cut) is stale and taken over. No native
 * dependency: flock is not reachable from Node 20 without one.
 */
import { closeSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { errnoOf, isNotWritable, StartupError } from './startup-error.ts';

export const LOCK_FILE = 'tablee.lock';

export interface DataDirLock {
	file: string;
	/** Removes the lock if it is still ours. Safe to call twice. */
	release(): void;
}

interface LockContent {
	pid: number;
	since: string;
}

/** Takes the data directory for this process or throws a StartupError naming the owner. */
export function lockDataDir({ dataDir, pid = process.pid }: { dataDir: string; pid?: number }): DataDirLock {
	const file = join(dataDir, LOCK_FILE);
	const content: LockContent = { pid, since: new Date().toISOString() };
	for (let attempt = 0; attempt < 2; attempt++) {
		if (tryCreate(file, content)) return heldLock(file, pid);
		const owner = readOwner(file);
		if (owner && owner.pid !== pid && isAlive(owner.pid)) {
			throw new StartupError(
				file,
				`another Tablée process (pid ${owner.pid}, started ${owner.since}) is using this data directory.`,
				`stop that process first, or give this one its own DATA_DIR. If no Tablée is running, delete ${file}.`
			);
		}
		// Stale: its process is gone. Linking a fresh file in place keeps creation atomic.
		try {
			unlinkSync(file);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw notWritable(file, error);
		}
	}
	throw new StartupError(file, 'the data directory lock could not be taken.', `delete ${file} and start again.`);
}

function tryCreate(file: string, content: LockContent): boolean {
	const temp = `${file}.${content.pid}`;
	try {
		const fd = openSync(temp, 'w', 0o600);
		writeSync(fd, JSON.stringify(content));
		closeSync(fd);
		// link() fails if the lock exists, and the lock appears complete or not at all.
		linkSync(temp, file);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw notWritable(file, error);
	} finally {
		try {
			unlinkSync(temp);
		} catch {
			// Never created (read-only directory): nothing to clean.
		}
	}
}

function readOwner(file: string): LockContent | undefined {
	try {
		const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockContent>;
		return typeof parsed.pid === 'number' ? { pid: parsed.pid, since: String(parsed.since ?? '?') } : undefined;
	} catch {
		// Unreadable or half-written by a process that died: treated as stale.
		return undefined;
	}
}

/** kill(pid, 0) checks existence without sending anything; EPERM means alive, not ours. */
function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
	// After a container restart the old pid may belong to something else entirely: on Linux,
	// only a Node process counts as the owner.
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
	} catch {
		return true;
	}
}

function heldLock(file: string, pid: number): DataDirLock {
	let released = false;
	const release = () => {
		if (released) return;
		released = true;
		process.off('exit', release);
		if (readOwner(file)?.pid === pid) unlinkSync(file);
	};
	// Any exit that runs JavaScript (an error at start, process.exit) frees the directory;
	// only a kill -9 leaves the file behind, and then its pid is gone.
	process.on('exit', release);
	return { file, release };
}

function notWritable(file: string, error: unknown): Error {
	if (!isNotWritable(error)) return error as Error;
	return new StartupError(
		file,
		`the data directory is not writable (${errnoOf(error)}).`,
		'give the user running Tablée write access to DATA_DIR (e.g. chown -R that user), or mount it read-write.'
	);
}
