/**
 * Several Tablée instances in this process, on one private Redis and PostgreSQL (their
 * own, from redis.ts and postgres.ts): each with its own storage connections, its own
 * shared state (server/scale/shared.ts) and its own HTTP port, as separate processes
 * behind one address would be. The demo is seeded once, by the first. Everything is
 * closed after the test file; `instance.close()` closes one early (an instance stopping).
 */
import pg from 'pg';
import { afterAll } from 'vitest';
import { createTablee, type Tablee, type TableeOptions } from '../../server/app.ts';
import type { CreatedMeal } from '../../server/board/meals.ts';
import { createLogger } from '../../server/log.ts';
import { openRedisShared } from '../../server/scale/shared.ts';
import { seedDemo } from '../../server/seed/demo.ts';
import { openScaledStorage } from '../../server/storage/scaled.ts';
import { startPostgres, type TestPostgres } from './postgres.ts';
import { startRedis, type TestRedis } from './redis.ts';

export interface Instance {
	url: string;
	tablee: Tablee;
	close(): Promise<void>;
}

export interface TestCluster {
	redis: TestRedis;
	postgres: TestPostgres;
	prefix: string;
	demo: CreatedMeal;
	instances: Instance[];
	/** Starts one more instance on the same Redis, PostgreSQL schema and prefix. */
	add(options?: Partial<Omit<TableeOptions, 'storage' | 'log' | 'shared'>>): Promise<Instance>;
}

let backing: Promise<{ redis: TestRedis; postgres: TestPostgres }> | undefined;
let clusters = 0;
const all: Instance[] = [];
afterAll(async () => {
	await Promise.allSettled(all.splice(0).map((i) => i.close()));
});

/** One Redis and one PostgreSQL per test file; each cluster its own prefix and schema. */
function servers() {
	backing ??= Promise.all([startRedis(), startPostgres()]).then(([redis, postgres]) => ({ redis, postgres }));
	return backing;
}

export async function startCluster({
	instances = 2,
	options = {},
	leaseMs = 3_000
}: {
	instances?: number;
	options?: Partial<Omit<TableeOptions, 'storage' | 'log' | 'shared'>>;
	/** An instance's lease (server/scale/shared.ts): short, so a closed one drops out within a second. */
	leaseMs?: number;
} = {}): Promise<TestCluster> {
	const { redis, postgres } = await servers();
	const prefix = `cluster${++clusters}`;
	const log = createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent');
	const onError = (error: unknown) => log.warn('test cluster connection trouble', { error: String(error) });

	async function start(extra: Partial<Omit<TableeOptions, 'storage' | 'log' | 'shared'>> = {}) {
		const storage = await openScaledStorage({
			redisUrl: redis.url,
			databaseUrl: postgres.url,
			redisPrefix: prefix,
			schema: prefix,
			onError,
			onListenerError: (error) => log.error('board log listener failed', { error: String(error) })
		});
		const shared = await openRedisShared({ url: redis.url, prefix, onError, leaseMs });
		return { storage, shared, extra };
	}

	async function listen({ storage, shared, extra }: Awaited<ReturnType<typeof start>>): Promise<Instance> {
		const tablee = createTablee({ storage, shared, log, presenceIntervalMs: 50, ...options, ...extra });
		const { url } = await tablee.listen(0, '127.0.0.1');
		let closing: Promise<void> | undefined;
		const instance: Instance = { url, tablee, close: () => (closing ??= tablee.close()) };
		all.push(instance);
		return instance;
	}

	const admin = new pg.Client({ connectionString: postgres.url });
	await admin.connect();
	await admin.query(`create schema ${prefix}`);
	await admin.end();
	// The first migrates and seeds; the others find both done.
	const first = await start();
	const demo = await seedDemo(first.storage);
	const started = [await listen(first)];
	for (let i = 1; i < instances; i++) started.push(await listen(await start()));
	return {
		redis,
		postgres,
		prefix,
		demo,
		instances: started,
		add: async (extra) => listen(await start(extra))
	};
}
