/**
 * Node's own metrics for /metrics: prom-client's default collectors (CPU, memory, heap
 * spaces, handles, file descriptors, GC, version) except its event-loop lag histogram,
 * and the event loop's load read when scraped instead.
 *
 * Why not prom-client's lag histogram: it runs a timer every 10 ms (monitorEventLoopDelay),
 * 100 wake-ups a second, which was nearly all the CPU an idle instance spent (~3 ms a
 * second) and, with several instances serving one meal, a cost each of them pays
 * (docs/benchmarks.md, "Two instances"). A coarser timer is no answer: the histogram
 * records the interval between ticks, so its every percentile would read at least the
 * interval. What is kept costs nothing between scrapes: the share of time the loop was
 * busy since the last scrape (libuv counts it anyway), and the delay of one
 * `setImmediate` at scrape time.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

type Collector = (registry: Registry, config: { prefix: string }) => void;

/** prom-client's own default collectors, by file (lib/defaultMetrics.js lists them), minus eventLoopLag. */
const COLLECTORS = [
	'processCpuTotal',
	'processStartTime',
	'osMemoryHeap',
	'processOpenFileDescriptors',
	'processMaxFileDescriptors',
	'processResources',
	'processHandles',
	'processRequests',
	'heapSizeAndUsed',
	'heapSpacesSizeAndUsed',
	'version',
	'gc'
];

export function collectProcessMetrics(registry: Registry, prefix: string): void {
	const require = createRequire(import.meta.url);
	for (const name of COLLECTORS) (require(`prom-client/lib/metrics/${name}.js`) as Collector)(registry, { prefix });

	let since = performance.eventLoopUtilization();
	new Gauge({
		name: `${prefix}nodejs_eventloop_utilization_ratio`,
		help: 'Share of the time since the last scrape the event loop was busy (0 to 1)',
		registers: [registry],
		collect() {
			const now = performance.eventLoopUtilization();
			this.set(performance.eventLoopUtilization(now, since).utilization);
			since = now;
		}
	});
	new Gauge({
		name: `${prefix}nodejs_eventloop_lag_seconds`,
		help: 'How long a callback queued at scrape time waited for the event loop',
		registers: [registry],
		async collect() {
			const start = process.hrtime.bigint();
			await new Promise((resolve) => setImmediate(resolve));
			this.set(Number(process.hrtime.bigint() - start) / 1e9);
		}
	});
}
