/**
 * Child process: the real Tablée server (createTablee + SQLite in WAL mode, as `npm start`
 * runs it) on a free port of 127.0.0.1, with a fresh data directory seeded with the demo
 * meal. Rate limits are lifted so that the limiters, built for misbehaving phones, do
 * not shape the measurement; everything else is the production path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTablee } from '../server/app.ts';
import { createLogger } from '../server/log.ts';
import { seedDemo } from '../server/seed/demo.ts';
import { openSqliteStorage } from '../server/storage/sqlite.ts';
import { serveChild } from './child.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tablee-bench-'));
const storage = openSqliteStorage({ dataDir });
const demo = await seedDemo(storage);
const unlimited = { burst: 1_000_000, perSecond: 1_000_000 };
// Every phone of the benchmark comes from this one machine: the per-network and
// per-address caps (issue #11) are lifted with the rates.
const tablee = createTablee({
	storage,
	log: createLogger('silent'),
	commandRate: unlimited,
	joinRate: unlimited,
	limits: {
		joins: { membersPerNetwork: 1_000_000 },
		connections: { perMember: 1_000_000, perAddress: 1_000_000 }
	}
});
const { port } = await tablee.listen(0, '127.0.0.1');

serveChild({ port, mealId: demo.meal.id, joinCode: demo.meal.joinCode, masterKey: demo.masterKey }, async () => {
	await tablee.close();
	rmSync(dataDir, { recursive: true, force: true });
});
