/**
 * What storage reports about itself, for /metrics: each round trip to a shared engine and
 * each refused compare-and-append. An interface, so storage knows nothing of prom-client;
 * server/ops/metrics.ts provides the real one, and `quietObserver` is the default.
 */
export interface StorageObserver {
	/** One request to `engine` for `operation` (e.g. redis append, postgres query). */
	roundTrip(engine: 'redis' | 'postgres', operation: string): void;
	/** An append refused because another writer got to the sequence first. */
	appendConflict(): void;
}

export const quietObserver: StorageObserver = { roundTrip() {}, appendConflict() {} };
