/**
 * The one place that chooses the storage: the embedded SQLite file by default (nothing to
 * install), or Redis for the live boards plus PostgreSQL for the records when the
 * configuration names both (several instances behind one address; docs/architecture.md,
 * "Scale-out").
 */
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { observeBoardLog, quietObserver, type StorageObserver } from './observer.ts';
import { openScaledStorage } from './scaled.ts';
import { openSqliteStorage } from './sqlite.ts';
import type { Storage } from './storage.ts';

export async function openStorage({
	config,
	log,
	observer = quietObserver
}: {
	config: Pick<Config, 'dataDir' | 'sqliteSync' | 'scale'>;
	log: Logger;
	observer?: StorageObserver;
}): Promise<Storage> {
	const storage = await open({ config, log, observer });
	return { ...storage, boardLog: observeBoardLog(storage.boardLog, observer) };
}

async function open({
	config,
	log,
	observer
}: {
	config: Pick<Config, 'dataDir' | 'sqliteSync' | 'scale'>;
	log: Logger;
	observer: StorageObserver;
}): Promise<Storage> {
	const onListenerError = (error: unknown) => log.error('board log listener failed', { error: String(error) });
	if (!config.scale) {
		return openSqliteStorage({ dataDir: config.dataDir, synchronous: config.sqliteSync, onListenerError });
	}
	return openScaledStorage({
		redisUrl: config.scale.redisUrl,
		databaseUrl: config.scale.databaseUrl,
		redisPrefix: config.scale.redisPrefix,
		deadlineMs: config.scale.deadlineMs,
		// Connection trouble is reported and retried by the clients themselves; never fatal.
		onError: (error) => log.warn('storage connection trouble', { error: String(error) }),
		onListenerError,
		observer
	});
}
