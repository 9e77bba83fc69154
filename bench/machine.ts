/**
 * What the machine can actually give: how much two busy threads slow each other down
 * (virtual CPUs are often hyper-threads or shared), and how busy the whole machine was
 * while the benchmark ran, so that other people's work on it shows up in the report.
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { round } from './stats.ts';

const SPIN = `
const { parentPort, workerData } = require('node:worker_threads');
const start = performance.now();
let x = 0;
for (let i = 0; i < workerData; i++) x += i % 7;
parentPort.postMessage([performance.now() - start, x]);
`;

function spin(iterations: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(SPIN, { eval: true, workerData: iterations });
		const timer = setTimeout(() => {
			void worker.terminate();
			reject(new Error('calibration spin took over 10 s'));
		}, 10_000);
		worker.once('message', ([ms]: [number, number]) => {
			clearTimeout(timer);
			void worker.terminate();
			resolve(ms);
		});
		worker.once('error', reject);
	});
}

/**
 * Effective parallelism of two threads: 2.0 when two cores run two spins as fast as one
 * runs one, 1.0 when they just take turns. A fixed amount of work, about 0.2 s per spin.
 */
export async function measureParallelism(
	iterations = 120_000_000
): Promise<{ single: number; pair: number; effectiveCores: number }> {
	await spin(iterations / 10); // warm-up
	const single = await spin(iterations);
	const pair = Math.max(...(await Promise.all([spin(iterations), spin(iterations)])));
	return { single: round(single, 0), pair: round(pair, 0), effectiveCores: round((2 * single) / pair, 2) };
}

/** Busy CPU time of the whole machine so far, in ms (Linux /proc/stat), or undefined. */
export function machineBusyMs(): number | undefined {
	try {
		const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
		const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
		const ticks = [user, nice, system, irq, softirq, steal].reduce((s: number, v) => s + (v ?? 0), 0);
		return ticks * 10; // USER_HZ is 100 on Linux
	} catch {
		return undefined;
	}
}

/** CPU used by other processes over `sampleMs`, in cores (this process's own use excluded). */
export async function otherLoad(sampleMs = 1_000): Promise<number | undefined> {
	const busy0 = machineBusyMs();
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	await new Promise((resolve) => setTimeout(resolve, sampleMs));
	const busy1 = machineBusyMs();
	if (busy0 === undefined || busy1 === undefined) return undefined;
	const own = process.cpuUsage(cpu0);
	const other = busy1 - busy0 - (own.user + own.system) / 1000;
	return round(Math.max(0, other) / (performance.now() - t0), 2);
}

/**
 * The machine may be shared (other people's builds and tests): waits, for at most
 * `maxWaitMs`, until other processes use less than `threshold` cores, and reports what
 * it saw. The benchmark then runs whatever the answer; the report states the load.
 */
export async function waitForQuiet(
	maxWaitMs: number,
	threshold: number
): Promise<{ waitedS: number; otherCores?: number }> {
	const start = performance.now();
	let other = await otherLoad();
	while (other !== undefined && other > threshold && performance.now() - start < maxWaitMs) other = await otherLoad();
	return { waitedS: round((performance.now() - start) / 1000, 1), otherCores: other };
}
