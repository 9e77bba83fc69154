/**
 * Knowing that a data directory once held an installation, so that losing its database
 * stops the start instead of looking like a first start (which would seed a new demo,
 * overwrite links.json and print a new setup link over the operator's real data).
 *
 * installation.json, beside the database, is written once the database holds the same
 * id; it also says whether the last process stopped cleanly, because after a crash the
 * latest changes live only in tablee.db-wal. The decisions are pure; the file work is at
 * the bottom.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { StartupError } from './startup-error.ts';

export const MARKER_FILE = 'installation.json';
export const DB_FILE = 'tablee.db';
export const WAL_FILE = 'tablee.db-wal';
export const SHM_FILE = 'tablee.db-shm';
export const LINKS_FILE = 'links.json';

const markerSchema = v.object({
	id: v.pipe(v.string(), v.minLength(1)),
	createdAt: v.string(),
	state: v.picklist(['running', 'stopped'])
});
export type Marker = v.InferOutput<typeof markerSchema>;

/** What is in the data directory before the database is opened. */
export interface DataFiles {
	dataDir: string;
	marker: Marker | 'unreadable' | undefined;
	db: boolean;
	wal: boolean;
	links: boolean;
}

export type StartKind =
	/** Nothing here yet: a first start. */
	| { kind: 'fresh' }
	/** A database from before installation.json existed: it is adopted if it is Tablée's. */
	| { kind: 'adopt' }
	| { kind: 'existing'; marker: Marker };

/** Decides from the files alone; throws what the operator must fix. */
export function classifyDataDir(files: DataFiles): StartKind {
	const at = (name: string) => join(files.dataDir, name);
	if (files.marker === 'unreadable') {
		throw new StartupError(
			at(MARKER_FILE),
			'installation.json is not valid (it says which installation this data directory holds).',
			`if ${DB_FILE} is the right database, delete installation.json: it is written again from the database.`
		);
	}
	if (files.wal && !files.db) {
		throw new StartupError(
			at(DB_FILE),
			`${WAL_FILE} is here but ${DB_FILE} is not: the database was moved or only partly copied.`,
			`put ${DB_FILE} back beside ${WAL_FILE} (they belong together), or restore a backup with npm run restore.`
		);
	}
	if (!files.db && (files.marker || files.links)) {
		const what = files.marker
			? `installation ${files.marker.id} (created ${files.marker.createdAt})`
			: `an installation (${LINKS_FILE} is here)`;
		throw new StartupError(
			at(DB_FILE),
			`this data directory holds ${what} but its database is missing.`,
			`restore the latest backup with npm run restore -- <backup file>. To start a new, empty installation, use a new DATA_DIR.`
		);
	}
	if (!files.db) return { kind: 'fresh' };
	if (!files.marker) return { kind: 'adopt' };
	if (files.marker.state === 'running' && !files.wal) {
		throw new StartupError(
			at(WAL_FILE),
			`Tablée did not stop cleanly last time and ${WAL_FILE}, which holds its latest changes, is missing.`,
			`put back the ${WAL_FILE} that was beside ${DB_FILE} (a copy of the data directory needs both), or restore a file made by npm run backup with npm run restore. If another program (such as sqlite3) opened ${DB_FILE} since the crash, it folded the WAL in: run npm run data:accept once.`
		);
	}
	return { kind: 'existing', marker: files.marker };
}

/** What the opened database says about itself. */
export interface DatabaseFacts {
	quickCheck: string[];
	schemaVersion: number;
	identity: { id: string; createdAt: string } | undefined;
}

/** Checks the opened database against what the directory expects; returns the id to keep. */
export function checkDatabase({ dataDir, start, facts }: { dataDir: string; start: StartKind; facts: DatabaseFacts }): {
	id: string | undefined;
} {
	const file = join(dataDir, DB_FILE);
	if (facts.quickCheck.length !== 1 || facts.quickCheck[0] !== 'ok') {
		throw new StartupError(
			file,
			`the database is damaged (SQLite quick_check: ${facts.quickCheck.slice(0, 3).join('; ')}).`,
			'stop here and keep the files as they are; restore the latest backup with npm run restore -- <backup file>.'
		);
	}
	if (start.kind === 'fresh') return { id: undefined };
	if (start.kind === 'adopt') {
		if (facts.schemaVersion === 0) {
			throw new StartupError(
				file,
				`${DB_FILE} holds no Tablée data (perhaps a copy made without its ${WAL_FILE} while Tablée ran).`,
				`copy ${DB_FILE} together with ${WAL_FILE}, or use npm run backup / npm run restore. To start afresh, delete ${DB_FILE}.`
			);
		}
		return { id: facts.identity?.id };
	}
	if (!facts.identity) {
		throw new StartupError(
			file,
			`${DB_FILE} is not the database of installation ${start.marker.id}: it has no installation record (a new or emptied file, or a copy made without its ${WAL_FILE}).`,
			`put back this installation's ${DB_FILE} and ${WAL_FILE}, or restore a backup with npm run restore -- <backup file>.`
		);
	}
	if (facts.identity.id !== start.marker.id) {
		throw new StartupError(
			file,
			`${DB_FILE} belongs to installation ${facts.identity.id}, but this data directory holds installation ${start.marker.id}.`,
			`put back the right ${DB_FILE}, or restore with npm run restore, which keeps both in step.`
		);
	}
	return { id: facts.identity.id };
}

export function readDataFiles(dataDir: string): DataFiles {
	const has = (name: string) => existsSync(join(dataDir, name));
	return { dataDir, marker: readMarker(dataDir), db: has(DB_FILE), wal: has(WAL_FILE), links: has(LINKS_FILE) };
}

function readMarker(dataDir: string): DataFiles['marker'] {
	const file = join(dataDir, MARKER_FILE);
	if (!existsSync(file)) return undefined;
	try {
		const parsed = v.safeParse(markerSchema, JSON.parse(readFileSync(file, 'utf8')));
		return parsed.success ? parsed.output : 'unreadable';
	} catch {
		return 'unreadable';
	}
}

/** Written whole then renamed, so a crash leaves the old marker or the new one. */
export function writeMarker(dataDir: string, marker: Marker): void {
	const file = join(dataDir, MARKER_FILE);
	writeFileSync(`${file}.tmp`, `${JSON.stringify(marker, null, '\t')}\n`, { mode: 0o600 });
	renameSync(`${file}.tmp`, file);
}
