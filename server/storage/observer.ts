/**
 * What storage reports about itself, for /metrics: each round trip to a shared engine and
 * each refused compare-and-append. An interface, so storage knows nothing of prom-client;
 * server/ops/metrics.ts provides the real one, and `quietObserver` is the default.
 */
import type { BoardLog } from './board-log.ts';

export interface StorageObserver {
	/** One request to `engine` for `operation` (e.g. redis append, postgres query). */
	roundTrip(engine: 'redis' | 'postgres', operation: string): void;
	/** An append refused because another writer got to the sequence first. */
	appendConflict(): void;
}

export const quietObserver: StorageObserver = { roundTrip() {}, appendConflict() {} };

/** The board log, counting each refused append (any engine: SQLite's or Redis's). */
export function observeBoardLog(boardLog: BoardLog, observer: StorageObserver): BoardLog {
	return {
		load: (mealId) => boardLog.load(mealId),
		compact: (mealId, seq, snapshot) => boardLog.compact(mealId, seq, snapshot),
		subscribe: (mealId, listener) => boardLog.subscribe(mealId, listener),
		async append(mealId, expectedSeq, update) {
			const result = await boardLog.append(mealId, expectedSeq, update);
			if (!result.ok) observer.appendConflict();
			return result;
		}
	};
}
