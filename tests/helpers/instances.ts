/**
 * Several real Tablée instances (server/main.ts child processes) on one redis-server and
 * one PostgreSQL of the test's own, behind the hand-written balancer (server/ops/
 * balancer.ts) on one address — what `npm run start:cluster` runs, under a test's control
 * (SIGKILL an instance, restart Redis). The first instance seeds the demo meal; the others
 * find it (they share DATA_DIR, where only links.json lives when scaled out).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { startBalancer, type Balancer } from '../../server/ops/balancer.ts';
import type { BoardConnection } from '../../src/lib/client/connection.ts';
import { startPostgres, type TestPostgres } from './postgres.ts';
import { readDemoLinks, startServerProcess, type ChildServer, type DemoLinks } from './process.ts';
import { startRedis, type TestRedis } from './redis.ts';

export interface TestCluster {
	redis: TestRedis;
	postgres: TestPostgres;
	instances: ChildServer[];
	balancer: Balancer;
	links: DemoLinks;
	env: Record<string, string>;
}

export async function startCluster({
	count,
	prefix,
	env = {}
}: {
	count: number;
	prefix: string;
	env?: Record<string, string>;
}): Promise<TestCluster> {
	const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
	const dataDir = mkdtempSync(join(tmpdir(), `tablee-${prefix}-`));
	const shared = {
		REDIS_URL: redis.url,
		DATABASE_URL: postgres.url,
		REDIS_PREFIX: prefix,
		TABLEE_TRUST_PROXY: 'true',
		...env
	};
	const instances: ChildServer[] = [await startServerProcess(dataDir, shared)];
	instances.push(...(await Promise.all(Array.from({ length: count - 1 }, () => startServerProcess(dataDir, shared)))));
	const balancer = await startBalancer({ backends: instances.map((i) => i.url), checkEveryMs: 250 });
	afterAll(async () => {
		await balancer.close();
		rmSync(dataDir, { recursive: true, force: true });
	});
	return { redis, postgres, instances, balancer, links: readDemoLinks(dataDir), env: shared };
}

/** Claims of every task as one client sees them: taskId → member ids, sorted. */
export function claimsOf(conn: BoardConnection): Record<string, string[]> {
	return Object.fromEntries([...conn.state.tasks.values()].map((t) => [t.id, t.claims.map((c) => c.memberId).sort()]));
}

/**
 * Every acknowledged claim is on this client's board. (A claim may also be there without
 * an acknowledgement: stored just before its instance died, its ack lost with it.)
 */
export function missingClaims(conn: BoardConnection, acknowledged: { taskId: string; memberId: string }[]): string[] {
	const board = claimsOf(conn);
	return acknowledged
		.filter(({ taskId, memberId }) => !board[taskId]?.includes(memberId))
		.map(({ taskId, memberId }) => `${memberId} on ${taskId}`);
}

/** Patience for a loaded machine; nothing here is a timing requirement. */
export const patiently = { timeout: 30_000, interval: 100 };
