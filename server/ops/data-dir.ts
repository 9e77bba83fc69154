/**
 * Everything about the data directory that happens around the store: taking it for this
 * process, refusing a directory whose data went missing, recording the installation,
 * checkpointing the WAL on a timer, and leaving it marked as cleanly stopped.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Logger } from '../log.ts';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import { checkDatabase, classifyDataDir, readDataFiles, writeMarker, type Marker } from './installation.ts';
import { openMaintenance, type Maintenance } from './maintenance.ts';
import { errnoOf, isNotWritable, StartupError } from './startup-error.ts';

export interface DataDir {
	maintenance: Maintenance;
	/** true on a first start: the caller seeds what a new installation gets. */
	fresh: boolean;
	/** Once the store has opened (and migrated): records the installation and starts checkpoints. */
	started(): void;
	/** After the store is closed: last checkpoint, marked stopped, lock released. */
	close(): void;
}

export function openDataDir({
	dataDir,
	log,
	checkpointEveryMs
}: {
	dataDir: string;
	log: Logger;
	checkpointEveryMs: number;
}): DataDir {
	try {
		mkdirSync(dataDir, { recursive: true });
	} catch (error) {
		throw new StartupError(
			dataDir,
			`the data directory cannot be created (${errnoOf(error)}).`,
			isNotWritable(error)
				? 'create it and give the user running Tablée write access, or set DATA_DIR to a writable place.'
				: 'set DATA_DIR to a directory path (a file or a missing drive is in the way).'
		);
	}
	const lock: DataDirLock = lockDataDir({ dataDir });
	let maintenance: Maintenance | undefined;
	try {
		const start = classifyDataDir(readDataFiles(dataDir));
		maintenance = openMaintenance({ dataDir });
		const { id } = checkDatabase({ dataDir, start, facts: maintenance.facts() });
		return prepared({ dataDir, log, lock, maintenance, checkpointEveryMs, id, fresh: start.kind === 'fresh' });
	} catch (error) {
		maintenance?.close();
		lock.release();
		throw error;
	}
}

function prepared({
	dataDir,
	log,
	lock,
	maintenance,
	checkpointEveryMs,
	id,
	fresh
}: {
	dataDir: string;
	log: Logger;
	lock: DataDirLock;
	maintenance: Maintenance;
	checkpointEveryMs: number;
	id: string | undefined;
	fresh: boolean;
}): DataDir {
	let marker: Marker | undefined;
	let timer: NodeJS.Timeout | undefined;
	const checkpoint = () => {
		try {
			const { busy, walFrames } = maintenance.checkpoint();
			log.debug('wal checkpoint', { busy, walFrames });
		} catch (error) {
			log.warn('wal checkpoint failed', { error: String(error) });
		}
	};
	return {
		maintenance,
		fresh,
		started() {
			// The database holds the id before installation.json names it: a crash in between
			// leaves a database that is adopted on the next start, never a marker without one.
			const identity = { id: id ?? randomUUID(), createdAt: new Date().toISOString() };
			if (!id) maintenance.recordIdentity(identity);
			const recorded = maintenance.identity() ?? identity;
			marker = { id: recorded.id, createdAt: recorded.createdAt, state: 'running' };
			writeMarker(dataDir, marker);
			timer = setInterval(checkpoint, checkpointEveryMs);
			timer.unref();
		},
		close() {
			clearInterval(timer);
			checkpoint();
			if (marker) writeMarker(dataDir, { ...marker, state: 'stopped' });
			maintenance.close();
			lock.release();
		}
	};
}
