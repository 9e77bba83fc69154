/**
 * The scaled-out storage (repositories in PostgreSQL, board log in Redis) against a real
 * PostgreSQL and a real redis-server of its own: every repository contract unchanged, as
 * on SQLite. Each `open` is a fresh schema and Redis prefix on the same servers; `reopen`
 * is new connections to the same ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScaledStorage } from '../../server/storage/scaled.ts';
import type { Storage } from '../../server/storage/storage.ts';
import { startPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { repositoriesContract, type StorageTarget } from '../storage/contract/index.ts';
import pg from 'pg';

let postgres: TestPostgres;
let redis: TestRedis;
beforeAll(async () => {
	[postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
}, 60_000);
afterAll(async () => {
	await redis.kill('SIGTERM');
});

const onListenerError = (error: unknown) => {
	throw error;
};
const errors: unknown[] = [];
let runs = 0;
const namespaceOf = new WeakMap<Storage, string>();

async function openIn(namespace: string) {
	const storage = await openScaledStorage({
		redisUrl: redis.url,
		databaseUrl: postgres.url,
		redisPrefix: namespace,
		schema: namespace,
		onError: (e) => errors.push(e),
		onListenerError
	});
	namespaceOf.set(storage, namespace);
	return storage;
}

const scaled: StorageTarget = {
	async open() {
		const namespace = `t${++runs}`;
		const admin = new pg.Client({ connectionString: postgres.url });
		await admin.connect();
		await admin.query(`create schema ${namespace}`);
		await admin.end();
		return openIn(namespace);
	},
	async reopen(storage) {
		const namespace = namespaceOf.get(storage)!;
		await storage.close();
		return openIn(namespace);
	}
};

repositoriesContract('postgres + redis', scaled);

describe('postgres migrations', () => {
	it('let several instances start at once: one migrates, the others find the schema ready', async () => {
		const admin = new pg.Client({ connectionString: postgres.url });
		await admin.connect();
		await admin.query('create schema together');
		await admin.end();
		const instances = await Promise.all([openIn('together'), openIn('together'), openIn('together')]);
		await instances[0]!.meals.createCanteen({ id: 'c1', name: 'Canal', createdAt: 1 });
		expect((await instances[2]!.meals.listCanteens()).map((c) => c.id)).toEqual(['c1']);
		await Promise.all(instances.map((s) => s.close()));
	});
});
