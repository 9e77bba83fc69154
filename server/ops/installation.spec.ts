import { describe, expect, it } from 'vitest';
import { checkDatabase, classifyDataDir, type DataFiles, type Marker } from './installation.ts';
import { StartupError } from './startup-error.ts';

const running: Marker = { id: 'inst-a', createdAt: '2026-01-01T00:00:00.000Z', state: 'running' };
const stopped: Marker = { ...running, state: 'stopped' };
const files = (over: Partial<DataFiles>): DataFiles => ({
	dataDir: '/data',
	marker: undefined,
	db: false,
	wal: false,
	links: false,
	...over
});
const refusal = (run: () => unknown) => {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(StartupError);
		return error as StartupError;
	}
	throw new Error('expected a refusal');
};

describe('classifyDataDir', () => {
	it('starts fresh on an empty directory and adopts a database from before installation.json', () => {
		expect(classifyDataDir(files({}))).toEqual({ kind: 'fresh' });
		expect(classifyDataDir(files({ db: true, wal: true }))).toEqual({ kind: 'adopt' });
		expect(classifyDataDir(files({ db: true, marker: stopped }))).toEqual({ kind: 'existing', marker: stopped });
		expect(classifyDataDir(files({ db: true, wal: true, marker: running }))).toEqual({
			kind: 'existing',
			marker: running
		});
	});

	it('refuses every directory that lost its data, naming the file', () => {
		expect(refusal(() => classifyDataDir(files({ db: true, marker: running }))).file).toBe('/data/tablee.db-wal');
		expect(refusal(() => classifyDataDir(files({ marker: stopped }))).file).toBe('/data/tablee.db');
		expect(refusal(() => classifyDataDir(files({ links: true }))).file).toBe('/data/tablee.db');
		expect(refusal(() => classifyDataDir(files({ wal: true }))).file).toBe('/data/tablee.db');
		expect(refusal(() => classifyDataDir(files({ db: true, marker: 'unreadable' }))).file).toBe(
			'/data/installation.json'
		);
	});
});

describe('checkDatabase', () => {
	const ok = { quickCheck: ['ok'], schemaVersion: 8, identity: { id: 'inst-a', createdAt: running.createdAt } };

	it('keeps the installation id when the database matches', () => {
		expect(checkDatabase({ dataDir: '/data', start: { kind: 'existing', marker: running }, facts: ok })).toEqual({
			id: 'inst-a'
		});
		expect(
			checkDatabase({ dataDir: '/data', start: { kind: 'adopt' }, facts: { ...ok, identity: undefined } })
		).toEqual({ id: undefined });
	});

	it('refuses a damaged, empty, unrecorded or foreign database', () => {
		const existing = { kind: 'existing' as const, marker: running };
		expect(
			refusal(() => checkDatabase({ dataDir: '/data', start: existing, facts: { ...ok, quickCheck: ['bad page'] } }))
				.message
		).toContain('damaged');
		expect(
			refusal(() => checkDatabase({ dataDir: '/data', start: { kind: 'adopt' }, facts: { ...ok, schemaVersion: 0 } }))
				.message
		).toContain('holds no Tablée data');
		expect(
			refusal(() => checkDatabase({ dataDir: '/data', start: existing, facts: { ...ok, identity: undefined } })).message
		).toContain('no installation record');
		expect(
			refusal(() =>
				checkDatabase({ dataDir: '/data', start: existing, facts: { ...ok, identity: { id: 'other', createdAt: '' } } })
			).message
		).toContain('belongs to installation other');
	});
});
