/**
 * Node's own metrics on /metrics (the real server turns them on, server/ops/process-metrics.ts):
 * prom-client's defaults without its 10 ms lag timer, plus the event loop's load and lag
 * read at scrape time. A stall must still show: the loop is blocked on purpose for 300 ms
 * between two scrapes, and the second must say the loop was busy nearly all that time.
 */
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../server/ops/metrics.ts';

const metricValue = (text: string, name: string) => {
	const line = text.split('\n').find((l) => l.startsWith(`${name} `));
	if (!line) throw new Error(`${name} missing`);
	return Number(line.split(' ')[1]);
};

describe('process metrics', () => {
	it('keeps prom-client’s defaults and shows a stalled event loop as busy', async () => {
		const metrics = createMetrics({ processMetrics: true });
		const first = await metrics.registry.metrics();
		for (const name of [
			'tablee_process_cpu_seconds_total',
			'tablee_process_resident_memory_bytes',
			'tablee_nodejs_heap_size_used_bytes',
			'tablee_nodejs_active_handles_total',
			'tablee_nodejs_version_info',
			'tablee_nodejs_eventloop_lag_seconds'
		])
			expect(first).toContain(`\n${name}`);
		expect(first).toMatch(/^# TYPE tablee_nodejs_gc_duration_seconds histogram$/m);
		// The 10 ms timer's histogram is gone.
		expect(first).not.toContain('eventloop_lag_p99');

		const stalledUntil = Date.now() + 300;
		while (Date.now() < stalledUntil) {
			// blocking the loop is the point
		}
		const second = await metrics.registry.metrics();
		expect(metricValue(second, 'tablee_nodejs_eventloop_utilization_ratio')).toBeGreaterThan(0.9);
		expect(metricValue(second, 'tablee_nodejs_eventloop_utilization_ratio')).toBeLessThanOrEqual(1);
		expect(metricValue(second, 'tablee_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
	});
});
