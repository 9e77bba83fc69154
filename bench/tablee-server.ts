/**
 * Child process: the real Tablée server (createTablee + SQLite in WAL mode, as `npm start`
 * runs it) on a free port of 127.0.0.1, with a fresh data directory seeded with the demo
 * meal and as many more open meals of the same shape (the demo's tasks and plan) as
 * BENCH_MEALS asks for. Rate limits are lifted so that the limiters, built for
 * misbehaving phones, do not shape the measurement; everything else is the production path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTablee } from '../server/app.ts';
import { createMeal } from '../server/board/meals.ts';
import { createLogger } from '../server/log.ts';
import { DEMO_CANTEEN_ID, DEMO_PLAN, DEMO_TASKS, seedDemo } from '../server/seed/demo.ts';
import { openSqliteStorage } from '../server/storage/sqlite.ts';
import { serveChild } from './child.ts';

const count = Math.max(1, Number(process.env.BENCH_MEALS ?? 1));
const dataDir = mkdtempSync(join(tmpdir(), 'tablee-bench-'));
const storage = openSqliteStorage({ dataDir });
const demo = await seedDemo(storage);
const now = new Date();
const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
const meals = [demo];
for (let i = 1; i < count; i++) {
	meals.push(
		await createMeal(storage, {
			canteenId: DEMO_CANTEEN_ID,
			title: `Déjeuner ${i + 1}`,
			date: today,
			time: '12:30',
			status: 'open',
			plan: DEMO_PLAN,
			tasks: DEMO_TASKS
		})
	);
}
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

serveChild(
	{
		port,
		meals: meals.map((m) => ({ mealId: m.meal.id, joinCode: m.meal.joinCode, masterKey: m.masterKey }))
	},
	async () => {
		await tablee.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
);
