/**
 * The scaled-out storage: the board log in Redis, shared by every instance serving a
 * meal, and every repository in PostgreSQL. Chosen by `openStorage` (open.ts) when both
 * REDIS_URL and DATABASE_URL are set. Each repository passes the same contract suites as
 * SQLite's (tests/scale/postgres-storage.test.ts).
 */
import { postgresAccounts } from './postgres/accounts.ts';
import { openDatabase } from './postgres/db.ts';
import { postgresMeals } from './postgres/meals.ts';
import { migrate } from './postgres/migrations.ts';
import { postgresModeration } from './postgres/moderation.ts';
import { postgresPartners } from './postgres/partners.ts';
import { postgresSurveys } from './postgres/surveys.ts';
import { postgresAttendance } from './postgres/attendance.ts';
import { postgresPeople } from './postgres/people.ts';
import { postgresPlanning } from './postgres/planning.ts';
import { postgresPrompts } from './postgres/prompts.ts';
import type { StorageObserver } from './observer.ts';
import { openRedisBoardLog } from './redis/board-log.ts';
import type { Storage } from './storage.ts';
import { postgresPrivacy, postgresWebhooks } from './postgres/webhooks.ts';

export interface ScaledStorageOptions {
	redisUrl: string;
	databaseUrl: string;
	/** Prefix of every Redis key (several deployments may share one Redis). */
	redisPrefix?: string;
	/** PostgreSQL schema for the tables; `public` by default. */
	schema?: string;
	onError: (error: unknown) => void;
	onListenerError: (error: unknown) => void;
	observer?: StorageObserver;
	/** How long an operation waits for Redis or PostgreSQL before it is refused (storage/availability.ts). */
	deadlineMs?: number;
}

export async function openScaledStorage({
	redisUrl,
	databaseUrl,
	redisPrefix = 'tablee',
	schema,
	onError,
	onListenerError,
	observer,
	deadlineMs
}: ScaledStorageOptions): Promise<Storage> {
	const db = openDatabase({ url: databaseUrl, schema, onError, observer, deadlineMs });
	try {
		await migrate(db);
	} catch (error) {
		await db.close();
		throw error;
	}
	const boardLog = await openRedisBoardLog({
		url: redisUrl,
		prefix: redisPrefix,
		onError,
		onListenerError,
		observer,
		deadlineMs
	});
	const meals = postgresMeals(db);
	let closed = false;
	return {
		kind: 'redis+postgres',
		boardLog,
		accounts: postgresAccounts(db),
		meals: {
			...meals,
			// The record first: if the process dies in between, the log left behind belongs
			// to no meal and is never loaded again.
			async deleteMealIfUnjoined(mealId) {
				const deleted = await meals.deleteMealIfUnjoined(mealId);
				if (deleted) await boardLog.drop(mealId);
				return deleted;
			}
		},
		moderation: postgresModeration(db),
		prompts: postgresPrompts(db),
		people: postgresPeople(db),
		planning: postgresPlanning(db),
		partners: postgresPartners(db),
		surveys: postgresSurveys(db),
		webhooks: postgresWebhooks(db),
		privacy: postgresPrivacy(db),
		attendance: postgresAttendance(db),
		ping: () => Promise.all([boardLog.ping(), db.ping()]),
		async close() {
			if (closed) return;
			closed = true;
			await boardLog.close();
			await db.close();
		}
	};
}
