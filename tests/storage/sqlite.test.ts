import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
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
