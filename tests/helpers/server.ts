/**
 * Starts the real Tablée server in this process on a free port with a temp DATA_DIR,
 * seeded with the demo meal, and closes everything after the test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createTablee, type Tablee, type TableeOptions } from '../../server/app.ts';
import type { CreatedMeal } from '../../server/board/meals.ts';
import { createLogger } from '../../server/log.ts';
import { seedDemo } from '../../server/seed/demo.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { BoardConnection, type Credentials } from '../../src/lib/client/connection.ts';

export interface TestServer {
	url: string;
	tablee: Tablee;
	dataDir: string;
	demo: CreatedMeal;
	close(): Promise<void>;
}

export async function startServer(options: Partial<Omit<TableeOptions, 'storage' | 'log'>> = {}): Promise<TestServer> {
	const dataDir = mkdtempSync(join(tmpdir(), 'tablee-test-'));
	const storage = openSqliteStorage({ dataDir });
	const demo = await seedDemo(storage);
	const tablee = createTablee({
		storage,
		log: createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent'),
		presenceIntervalMs: 50,
		...options
	});
	const { url } = await tablee.listen(0, '127.0.0.1');
	const server: TestServer = {
		url,
		tablee,
		dataDir,
		demo,
		async close() {
			await tablee.close();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
	afterAll(() => server.close());
	return server;
}

const opened: BoardConnection[] = [];
afterAll(() => {
	for (const c of opened.splice(0)) c.close();
});

/** A real Socket.IO connection through the app's own BoardConnection (its lean client, as a phone), synced. */
export async function connect(url: string, credentials: Credentials): Promise<BoardConnection> {
	const conn = new BoardConnection({
		url,
		credentials,
		socket: { transports: ['websocket'], reconnection: true, forceNew: true }
	});
	opened.push(conn);
	await conn.whenSynced();
	return conn;
}

export async function joinMember(
	url: string,
	code: string,
	name: string,
	emoji = ''
): Promise<{ mealId: string; memberId: string; token: string }> {
	const res = await fetch(`${url}/api/join/${code}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name, emoji })
	});
	if (res.status !== 201) throw new Error(`join failed: ${res.status} ${await res.text()}`);
	return (await res.json()) as { mealId: string; memberId: string; token: string };
}

/** Joins and connects a member in one step. */
export async function memberConnection(server: TestServer, name: string) {
	const joined = await joinMember(server.url, server.demo.meal.joinCode, name);
	const conn = await connect(server.url, { role: 'member', mealId: joined.mealId, token: joined.token });
	return { ...joined, conn };
}

export async function masterConnection(server: TestServer) {
	return connect(server.url, { role: 'master', mealId: server.demo.meal.id, key: server.demo.masterKey });
}

export function tasksOf(conn: BoardConnection) {
	return [...conn.state.tasks.values()];
}
