import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import type { Storage } from '../../server/storage/storage.ts';
import { boardLogContract, repositoriesContract, type StorageTarget } from './contract/index.ts';

const dirs: string[] = [];
const dirOf = new WeakMap<object, string>();
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// The contract's broken subscriber is expected; anything else thrown by a listener fails the test.
const onListenerError = (error: unknown) => {
	if (!(error instanceof Error && error.message === 'a broken subscriber')) throw error;
};

const file: StorageTarget = {
	async open() {
		const dir = mkdtempSync(join(tmpdir(), 'tablee-store-'));
		dirs.push(dir);
		const storage = openSqliteStorage({ dataDir: dir, onListenerError });
		dirOf.set(storage, dir);
		return storage;
	},
	async reopen(storage) {
		const dir = dirOf.get(storage)!;
		await storage.close();
		const again = openSqliteStorage({ dataDir: dir, onListenerError });
		dirOf.set(again, dir);
		return again;
	}
};
const memory: StorageTarget = { open: async () => openSqliteStorage({ dataDir: ':memory:', onListenerError }) };

repositoriesContract('sqlite (file, WAL)', file);
repositoriesContract('sqlite (memory)', memory);
boardLogContract('sqlite (file, WAL)', { open: file.open, reopen: (opened) => file.reopen!(opened as Storage) });
boardLogContract('sqlite (memory)', memory);

describe('sqlite: a deleted profile', () => {
	it('leaves none of its words in the database files', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'tablee-store-'));
		dirs.push(dir);
		const storage = openSqliteStorage({ dataDir: dir });
		await storage.meals.createCanteen({ id: 'c1', name: 'Canal', createdAt: 1 });
		const marker = 'Zanzibarcouturiere';
		const filesHold = () =>
			readdirSync(dir).some((f) => readFileSync(join(dir, f)).includes(Buffer.from(marker, 'utf8')));
		await storage.people.putProfile({
			canteenId: 'c1',
			key: 'd:' + 'a'.repeat(64),
			consentAt: 1,
			facts: [{ id: 'f1', kind: 'past-trade', text: marker, tags: [] }],
			languages: ['fr'],
			updatedAt: 1
		});
		expect(filesHold()).toBe(true);
		expect(await storage.people.deleteProfile('c1', 'd:' + 'a'.repeat(64))).toBe(true);
		expect(filesHold()).toBe(false);
		await storage.close();
		expect(filesHold()).toBe(false);
	});
});
