import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/storage/sqlite.ts';
import type { Store } from '../../server/storage/store.ts';
import { storeContract } from './contract.ts';

const dirs: string[] = [];
const dirOf = new WeakMap<Store, string>();
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

storeContract('sqlite (file, WAL)', {
	async open() {
		const dir = mkdtempSync(join(tmpdir(), 'tablee-store-'));
		dirs.push(dir);
		const store = openSqliteStore({ dataDir: dir });
		dirOf.set(store, dir);
		return store;
	},
	async reopen(store) {
		const dir = dirOf.get(store)!;
		await store.close();
		const again = openSqliteStore({ dataDir: dir });
		dirOf.set(again, dir);
		return again;
	}
});

storeContract('sqlite (memory)', { open: async () => openSqliteStore({ dataDir: ':memory:' }) });

describe('sqlite: a deleted profile', () => {
	it('leaves none of its words in the database files', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'tablee-store-'));
		dirs.push(dir);
		const store = openSqliteStore({ dataDir: dir });
		await store.createCanteen({ id: 'c1', name: 'Canal', createdAt: 1 });
		const marker = 'Zanzibarcouturiere';
		const filesHold = () =>
			readdirSync(dir).some((f) => readFileSync(join(dir, f)).includes(Buffer.from(marker, 'utf8')));
		await store.putProfile({
			canteenId: 'c1',
			key: 'd:' + 'a'.repeat(64),
			consentAt: 1,
			facts: [{ id: 'f1', kind: 'past-trade', text: marker, tags: [] }],
			languages: ['fr'],
			updatedAt: 1
		});
		expect(filesHold()).toBe(true);
		expect(await store.deleteProfile('c1', 'd:' + 'a'.repeat(64))).toBe(true);
		expect(filesHold()).toBe(false);
		await store.close();
		expect(filesHold()).toBe(false);
	});
});
