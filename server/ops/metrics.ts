/**
 * Prometheus metrics on GET /metrics (prom-client), one registry per server so several
 * servers in one process (tests) never mix their numbers. Counts only: no names, codes,
 * keys or tokens ever become a label.
 *
 * Where each number comes from:
 * - connections and meals loaded: read from the live objects when scraped (`watch`);
 * - storage round trips and append conflicts: the StorageObserver handed to storage
 *   (server/storage/observer.ts), which also wraps the board log (`observeBoardLog`);
 * - commands by name and outcome, and their latency: `commands.record`, called by the
 *   command runner (realtime/commands.ts) once per command run, retries answered from
 *   its cache not counted.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StorageObserver } from '../storage/observer.ts';
import { collectProcessMetrics } from './process-metrics.ts';

export interface CommandMetrics {
	/** One command: its event name, `ok` or its refusal code, and how long it took. */
	record(command: { name: string; outcome: string; seconds: number }): void;
}

export interface Metrics {
	registry: Registry;
	storage: StorageObserver;
	commands: CommandMetrics;
	/** Where the live gauges read their values when scraped. */
	watch(sources: { connections: () => number; mealsLoaded: () => number; commandsInFlight?: () => number }): void;
	/** Answers GET /metrics; false for any other request. */
	serve(req: IncomingMessage, res: ServerResponse): boolean;
}

/**
 * `processMetrics`: also Node's own (memory, CPU, event-loop load and lag, GC; process-metrics.ts). Once per process —
 * they watch the whole process, so the real server turns them on (boot.ts), not each
 * test server.
 */
export function createMetrics({ processMetrics = false }: { processMetrics?: boolean } = {}): Metrics {
	const registry = new Registry();
	if (processMetrics) collectProcessMetrics(registry, 'tablee_');
	let sources: Parameters<Metrics['watch']>[0] = { connections: () => 0, mealsLoaded: () => 0 };
	new Gauge({
		name: 'tablee_connections',
		help: 'Realtime connections open on this instance',
		registers: [registry],
		collect() {
			this.set(sources.connections());
		}
	});
	new Gauge({
		name: 'tablee_meals_loaded',
		help: 'Meal boards held in memory by this instance',
		registers: [registry],
		collect() {
			this.set(sources.mealsLoaded());
		}
	});
	new Gauge({
		name: 'tablee_commands_in_flight',
		help: 'Commands received and not yet answered (a graceful stop waits for them)',
		registers: [registry],
		collect() {
			this.set(sources.commandsInFlight?.() ?? 0);
		}
	});
	const commands = new Counter({
		name: 'tablee_commands_total',
		help: 'Commands handled, by event name and outcome (ok or the refusal code)',
		labelNames: ['name', 'outcome'] as const,
		registers: [registry]
	});
	const latency = new Histogram({
		name: 'tablee_command_duration_seconds',
		help: 'Time from a command received to its acknowledgement',
		labelNames: ['name'] as const,
		buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
		registers: [registry]
	});
	const conflicts = new Counter({
		name: 'tablee_board_append_conflicts_total',
		help: 'Board appends refused because another writer took the sequence first',
		registers: [registry]
	});
	const roundTrips = new Counter({
		name: 'tablee_storage_round_trips_total',
		help: 'Requests to a shared storage engine, by engine (redis, postgres) and operation',
		labelNames: ['engine', 'operation'] as const,
		registers: [registry]
	});

	return {
		registry,
		storage: {
			roundTrip: (engine, operation) => roundTrips.inc({ engine, operation }),
			appendConflict: () => conflicts.inc()
		},
		commands: {
			record({ name, outcome, seconds }) {
				commands.inc({ name, outcome });
				latency.observe({ name }, seconds);
			}
		},
		watch(next) {
			sources = next;
		},
		serve(req, res) {
			if (req.url !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
			registry.metrics().then(
				(text) => res.writeHead(200, { 'content-type': registry.contentType }).end(req.method === 'HEAD' ? '' : text),
				() => res.writeHead(500).end()
			);
			return true;
		}
	};
}

/**
 * Runs one command and records its name, outcome (`ok` or the refusal code; `error` when
 * it threw) and duration. Wrapped around the command runner in app.ts, so neither the
 * runner nor the handlers know about metrics.
 */
export async function timeCommand<A extends { ok: true } | { ok: false; code: string }>({
	name,
	commands,
	run
}: {
	name: string;
	commands: CommandMetrics;
	run: () => Promise<A>;
}): Promise<A> {
	const started = performance.now();
	const seconds = () => (performance.now() - started) / 1000;
	try {
		const answer = await run();
		commands.record({ name, outcome: answer.ok ? 'ok' : answer.code, seconds: seconds() });
		return answer;
	} catch (error) {
		commands.record({ name, outcome: 'error', seconds: seconds() });
		throw error;
	}
}
