/**
 * `npm run bench` (default set, under three minutes) or `npm run bench -- --full`
 * (BENCH_FULL=1: adds 5,000 connections and the capacity ramp). Three servers side by
 * side in ONE run, each in its own child process on 127.0.0.1: Tablée as shipped, a bare
 * Socket.IO relay with the same server options, and @y/websocket-server 0.1.1 carrying the
 * same Yjs change; a second relay gives the A-vs-A noise band. Meals of 80 phones, 4
 * claims per second per meal; the phones live in a few load-generator processes
 * (load-worker.ts). The targets take turns in short windows (interleaved, the order
 * rotating each round), and results are ratios of medians across windows.
 * Writes bench/results.json (not committed) and regenerates docs/benchmarks.md.
 * Every loop is bounded in count and time; the run stops by itself (hard limit below).
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ChildStats } from './child.ts';
import type { BytesReport, MealSpec, WindowReport, WorkerRequest } from './load-worker.ts';
import { machineBusyMs, measureParallelism, waitForQuiet } from './machine.ts';
import { tableeBoardUpdate, type Protocol } from './phones.ts';
import { summarizeProfile, type CpuProfile, type ProfileSummary } from './profile-summary.ts';
import { isTableLevel, writeBenchmarksPage } from './report.ts';
import { median, percentile, round } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FULL = process.argv.includes('--full') || process.env.BENCH_FULL === '1';
/** A tiny run for checking the harness itself; its numbers mean nothing. */
const QUICK = !FULL && process.env.BENCH_QUICK === '1';

export const CONFIG = {
	full: FULL,
	quick: QUICK,
	mealSize: 80,
	claimsPerSecond: 4,
	/** Connections per target, in meals of 80 (so 1,000 is 13 meals: 1,040 phones). */
	levels: FULL ? [80, 1000, 2000, 3000, 4000, 5000, 6000, 8000] : QUICK ? [80, 400] : [80, 1000, 2000],
	/** Levels every target is measured at; the others are capacity-ramp steps. */
	tableLevels: [80, 1000, 2000, 5000],
	/** Many short windows: a median over four resists a burst of other load better than one over two. */
	rounds: QUICK ? 2 : 4,
	rampRounds: 3,
	/** One meal at 80 phones: longer windows for a few more samples. */
	windowMs: { small: 1500, large: QUICK ? 1000 : 1200 },
	graceMs: 3000,
	capacityP99Ms: 100,
	/** Idle memory, on fresh servers before any load: connections reached one after the other. */
	memoryLevels: FULL ? [1000, 2000, 5000] : QUICK ? [400] : [1000, 2000],
	/** The second relay (noise band) is measured up to here. */
	noiseUpTo: 5000,
	workers: 3,
	bytesOps: 12,
	syncs: 3,
	hardLimitMs: FULL ? 20 * 60_000 : 240_000
};

const HOST = '127.0.0.1';
const round3 = (v: number) => round(v, 2);
const children = new Set<ChildProcess>();
const startedAt = performance.now();
const log = (message: string) =>
	console.log(`[${((performance.now() - startedAt) / 1000).toFixed(1).padStart(6)} s] ${message}`);

// ---------------------------------------------------------------------------------------
// Child processes: servers (child.ts protocol) and load workers (load-worker.ts)

interface ServerHandle {
	url: string;
	info: Record<string, unknown> & { port: number; pid: number };
	stats(gc?: boolean): Promise<ChildStats>;
	request(message: Record<string, unknown>, timeoutMs?: number): Promise<Record<string, unknown>>;
	stop(): Promise<void>;
}

function spawnTs(file: string, env: Record<string, string> = {}): ChildProcess {
	const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench', file)], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'inherit', 'ipc']
	});
	children.add(proc);
	proc.once('exit', () => children.delete(proc));
	return proc;
}

/** Request/answer over IPC: every message carries an id, every answer the same id. */
function ipc(proc: ChildProcess, name: string) {
	let nextId = 0;
	const pending = new Map<number, (message: Record<string, unknown>) => void>();
	proc.on('message', (message: Record<string, unknown>) => {
		const id = message.id as number;
		pending.get(id)?.(message);
		pending.delete(id);
	});
	return (message: Record<string, unknown>, timeoutMs = 10_000) => {
		const id = ++nextId;
		return withTimeout(
			new Promise<Record<string, unknown>>((resolve, reject) => {
				pending.set(id, (answer) =>
					answer.error ? reject(new Error(`${name}: ${String(answer.error)}`)) : resolve(answer)
				);
				proc.send({ ...message, id });
			}),
			timeoutMs,
			`${name} ${String(message.type)}`
		);
	};
}

async function startServer(file: string, env: Record<string, string> = {}): Promise<ServerHandle> {
	const proc = spawnTs(file, env);
	const info = await new Promise<ServerHandle['info']>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${file} did not start within 60 s`)), 60_000);
		const lines = createInterface({ input: proc.stdout! });
		lines.once('line', (line) => {
			clearTimeout(timer);
			resolve(JSON.parse(line) as ServerHandle['info']);
		});
		proc.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`${file} exited early (${code})`));
		});
	});
	const request = ipc(proc, file);
	return {
		url: `http://${HOST}:${info.port}`,
		info,
		request,
		async stats(gc = false) {
			const answer = await request({ type: 'stats', gc });
			return answer.stats as ChildStats;
		},
		async stop() {
			if (proc.exitCode !== null || proc.signalCode !== null) return;
			const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
			proc.send({ type: 'stop' });
			const killTimer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
			await exited;
			clearTimeout(killTimer);
		}
	};
}

interface Worker {
	request(message: WorkerRequest | Omit<WorkerRequest, 'id'>, timeoutMs?: number): Promise<Record<string, unknown>>;
}

async function startWorker(index: number): Promise<Worker> {
	const proc = spawnTs('load-worker.ts');
	const request = ipc(proc, `load worker ${index}`);
	await withTimeout(
		new Promise<void>((resolve, reject) => {
			proc.once('message', () => resolve());
			proc.once('exit', (code) => reject(new Error(`load worker exited early (${code})`)));
		}),
		60_000,
		'load worker start'
	);
	return { request: (message, timeoutMs) => request(message as Record<string, unknown>, timeoutMs) };
}

function killChildren() {
	for (const proc of children) proc.kill('SIGKILL');
}

// ---------------------------------------------------------------------------------------
// Targets

export type TargetKey = 'tablee' | 'relay' | 'yjs' | 'relay2';

interface Target {
	key: TargetKey;
	/** The name the load workers know this target's phones by. */
	phones: string;
	label: string;
	protocol: Protocol;
	server: ServerHandle;
	meals: number;
}

export const LABELS: Record<TargetKey, string> = {
	tablee: 'Tablée',
	relay: 'bare relay',
	yjs: 'Yjs server',
	relay2: 'bare relay (2nd, A-vs-A)'
};

function mealSpec(target: Target, index: number): MealSpec {
	const base = {
		index,
		protocol: target.protocol,
		url: target.server.url,
		room: `meal-${index}`,
		size: CONFIG.mealSize
	};
	if (target.protocol !== 'tablee') return base;
	const meals = target.server.info.meals as { mealId: string; joinCode: string }[];
	const meal = meals[index];
	if (!meal) throw new Error(`the Tablée server has only ${meals.length} meals`);
	return { ...base, mealId: meal.mealId, joinCode: meal.joinCode, join: true };
}

async function grow(target: Target, workers: Worker[], meals: number): Promise<void> {
	const byWorker = workers.map(() => [] as MealSpec[]);
	for (let i = target.meals; i < meals; i++) byWorker[i % workers.length]!.push(mealSpec(target, i));
	await Promise.all(
		workers.map((w, i) =>
			byWorker[i]!.length > 0
				? w.request({ type: 'grow', target: target.phones, meals: byWorker[i]! }, 300_000)
				: Promise.resolve({})
		)
	);
	target.meals = Math.max(target.meals, meals);
}

export interface WindowResult {
	round: number;
	connections: number;
	p50: number;
	p99: number;
	n: number;
	censored: number;
	errors: string[];
	stray: number;
	cpuUs: number;
	frames: number;
	receiverFrames: number;
	receiverBytes: number;
	durationMs: number;
	emitLagP99: number;
	loopDelayP99: number;
	/** CPU the load generator used over the window, in cores (all its processes). */
	generatorCores: number;
}

async function runWindow(target: Target, workers: Worker[], level: number, roundIndex: number, profileFile?: string) {
	const durationMs = level <= CONFIG.mealSize ? CONFIG.windowMs.small : CONFIG.windowMs.large;
	if (profileFile) await target.server.request({ type: 'profile-start' });
	const before = await target.server.stats();
	const t0 = performance.now();
	const answers = await Promise.all(
		workers.map((w) =>
			w.request(
				{
					type: 'window',
					target: target.phones,
					durationMs,
					graceMs: CONFIG.graceMs,
					perSecond: CONFIG.claimsPerSecond
				},
				durationMs + CONFIG.graceMs + 30_000
			)
		)
	);
	const after = await target.server.stats();
	if (profileFile) await target.server.request({ type: 'profile-stop', file: profileFile }, 60_000);
	const reports = answers.map((a) => a.report as WindowReport);
	const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
	const sum = (f: (r: WindowReport) => number) => reports.reduce((s, r) => s + f(r), 0);
	const result: WindowResult = {
		round: roundIndex,
		connections: target.meals * CONFIG.mealSize,
		p50: round3(percentile(latencies, 50)),
		p99: round3(percentile(latencies, 99)),
		n: latencies.length,
		censored: sum((r) => r.censored),
		errors: reports.flatMap((r) => r.errors).slice(0, 3),
		stray: sum((r) => r.stray),
		cpuUs: after.cpuUser - before.cpuUser + (after.cpuSystem - before.cpuSystem),
		frames: sum((r) => r.frames),
		receiverFrames: sum((r) => r.receiverFrames),
		receiverBytes: sum((r) => r.receiverBytes),
		durationMs: round(performance.now() - t0, 0),
		emitLagP99: round3(Math.max(...reports.map((r) => (Number.isNaN(r.emitLagP99) ? 0 : r.emitLagP99)))),
		loopDelayP99: round3(Math.max(...reports.map((r) => r.loopDelayP99))),
		generatorCores: round(sum((r) => r.cpuUs) / 1000 / (performance.now() - t0), 2)
	};
	return result;
}

// ---------------------------------------------------------------------------------------
// Results

export interface LevelResult {
	level: number;
	connections: number;
	target: TargetKey;
	/** Medians across windows of each window's p50 and p99, ms. */
	p50: number;
	p99: number;
	/** Server CPU (user + system) per update frame delivered to a phone, µs. */
	cpuPerFrameUs: number;
	/** TCP bytes a receiving phone read per update, over the windows. */
	bytesPerFrame: number;
	windows: WindowResult[];
}

export interface MemoryResult {
	level: number;
	connections: number;
	target: TargetKey;
	/** (RSS after GC with these connections idle − RSS after GC with none) ÷ connections, KB. */
	rssPerConnectionKb: number;
	/** The same with the JS heap in use after GC: steadier than RSS, which moves in whole chunks. */
	heapPerConnectionKb: number;
	rssMb: number;
}

export interface Results {
	meta: {
		date: string;
		cpu: string;
		cores: number;
		memoryGb: number;
		node: string;
		os: string;
		full: boolean;
		quick: boolean;
		durationS: number;
		fdLimit: string;
		commit: string;
		config: typeof CONFIG;
	};
	machine: {
		single: number;
		pair: number;
		effectiveCores: number;
		otherLoadBeforeStart?: number;
		loadAverageAtStart: number;
		loadAverageAtEnd: number;
		otherLoadCores?: number;
	};
	levels: LevelResult[];
	memory: MemoryResult[];
	capacity: Partial<Record<TargetKey, { capacity: number; exceededAt?: number; maxTried: number }>>;
	bytes: Partial<Record<TargetKey, BytesReport>>;
	profile?: { level: number; summary: ProfileSummary };
}

function summarizeLevel(target: Target, level: number, windows: WindowResult[]): LevelResult {
	const frames = windows.reduce((s, w) => s + w.frames, 0);
	const cpu = windows.reduce((s, w) => s + w.cpuUs, 0);
	const receiverFrames = windows.reduce((s, w) => s + w.receiverFrames, 0);
	const receiverBytes = windows.reduce((s, w) => s + w.receiverBytes, 0);
	const connections = target.meals * CONFIG.mealSize;
	return {
		level,
		connections,
		target: target.key,
		p50: round3(median(windows.map((w) => w.p50))),
		p99: round3(median(windows.map((w) => w.p99))),
		cpuPerFrameUs: round(cpu / Math.max(1, frames), 2),
		bytesPerFrame: round(receiverBytes / Math.max(1, receiverFrames), 1),
		windows
	};
}

// ---------------------------------------------------------------------------------------
// Orchestration

/** The four servers, started together; `phones` prefixes the load workers' names for them. */
async function startTargets(maxMeals: number, phones: string, servers: ServerHandle[]): Promise<Target[]> {
	const [tablee, relay, yjs, relay2] = await Promise.all([
		startServer('tablee-server.ts', { BENCH_MEALS: String(maxMeals) }),
		startServer('relay-server.ts'),
		startServer('yjs-server.ts'),
		startServer('relay-server.ts')
	]);
	servers.push(tablee, relay, yjs, relay2);
	const make = (key: TargetKey, protocol: Protocol, server: ServerHandle): Target => ({
		key,
		phones: `${phones}:${key}`,
		label: LABELS[key],
		protocol,
		server,
		meals: 0
	});
	return [
		make('tablee', 'tablee', tablee),
		make('relay', 'relay', relay),
		make('yjs', 'yjs', yjs),
		make('relay2', 'relay', relay2)
	];
}

/**
 * Brings each target to `meals` meals. The Yjs server's rooms start from a copy of
 * Tablée's meal 0 once it has its members, so Tablée grows first.
 */
async function growTargets(targets: Target[], workers: Worker[], meals: number): Promise<void> {
	const timed = async (t: Target) => {
		const t0 = performance.now();
		await grow(t, workers, meals);
		log(
			`  ${t.label}: ${t.meals * CONFIG.mealSize} phones connected in ${((performance.now() - t0) / 1000).toFixed(1)} s`
		);
	};
	const tablee = targets.find((t) => t.key === 'tablee');
	const yjs = targets.find((t) => t.key === 'yjs');
	const needsBoard = yjs !== undefined && yjs.meals === 0;
	if (tablee) await timed(tablee);
	if (needsBoard) {
		if (!tablee) throw new Error('the Yjs rooms need a Tablée board to copy');
		const meal0 = (tablee.server.info.meals as { mealId: string; masterKey: string }[])[0]!;
		const update = await tableeBoardUpdate(tablee.server.url, meal0.mealId, meal0.masterKey);
		await yjs.server.request({ type: 'board', update: Buffer.from(update).toString('base64') });
		log(`  Yjs rooms start from Tablée's board of meal 0 (${update.length} B as one update)`);
	}
	await Promise.all(targets.filter((t) => t !== tablee).map(timed));
}

/** Phones leave: each target keeps its first `meals` meals. */
async function shrinkTargets(targets: Target[], workers: Worker[], meals: number): Promise<void> {
	for (const t of targets) {
		if (t.meals <= meals) continue;
		await Promise.all(workers.map((w) => w.request({ type: 'shrink', target: t.phones, meals }, 60_000)));
		t.meals = meals;
	}
	log(`${meals * CONFIG.mealSize} connections (${meals} meals of ${CONFIG.mealSize})`);
}

/**
 * Connections climb, idle, to the top level. RSS and JS heap per idle connection are read
 * on the way, on servers that have carried no load yet (free memory left by load windows
 * would absorb new connections): a baseline after start-up, then GC'd readings.
 */
async function climbIdle(targets: Target[], workers: Worker[], top: number): Promise<MemoryResult[]> {
	// Settled after start-up: two GCs a second apart, the second reading counts.
	for (const t of targets) await t.server.stats(true);
	await sleep(1_000);
	const baseline = new Map<TargetKey, ChildStats>();
	for (const t of targets) baseline.set(t.key, await t.server.stats(true));
	const results: MemoryResult[] = [];
	const steps = [...new Set([...CONFIG.memoryLevels.filter((l) => l < top), top])].sort((a, b) => a - b);
	for (const level of steps) {
		const climbing = targets.filter((t) => t.key !== 'relay2' || level <= CONFIG.noiseUpTo);
		log(`${level} connections, idle (${Math.round(level / CONFIG.mealSize)} meals of ${CONFIG.mealSize})`);
		await growTargets(climbing, workers, Math.round(level / CONFIG.mealSize));
		if (!CONFIG.memoryLevels.includes(level)) continue;
		await sleep(1_500); // presence flushes, sockets settle
		for (const t of climbing) {
			const now = await t.server.stats(true);
			const base = baseline.get(t.key)!;
			const connections = t.meals * CONFIG.mealSize;
			results.push({
				level,
				connections,
				target: t.key,
				rssPerConnectionKb: round((now.rss - base.rss) / 1024 / connections, 2),
				heapPerConnectionKb: round((now.heapUsed - base.heapUsed) / 1024 / connections, 2),
				rssMb: round(now.rss / 2 ** 20, 1)
			});
		}
		log(
			`  idle memory per connection: ${results
				.filter((m) => m.level === level)
				.map((m) => `${LABELS[m.target]} ${m.rssPerConnectionKb} KB RSS, ${m.heapPerConnectionKb} KB heap`)
				.join('; ')}`
		);
	}
	await sleep(1_000);
	return results;
}

/** Interleaved windows at one level: the targets take turns, the order rotating each round. */
async function measureLevel(
	targets: Target[],
	workers: Worker[],
	level: number,
	rounds: number
): Promise<LevelResult[]> {
	log(`${level} connections, load: ${targets.map((t) => t.label).join(', ')}`);
	const windows = new Map<TargetKey, WindowResult[]>(targets.map((t) => [t.key, []]));
	for (let r = 0; r < rounds; r++) {
		const order = targets.map((_, i) => targets[(i + r) % targets.length]!);
		for (const t of order) {
			const w = await runWindow(t, workers, level, r);
			windows.get(t.key)!.push(w);
			log(
				`  round ${r + 1} ${t.label.padEnd(24)} p50 ${w.p50} p99 ${w.p99} ms (n ${w.n}, censored ${w.censored}` +
					`${w.errors.length ? `, errors: ${w.errors.join('; ')}` : ''}${w.stray ? `, stray ${w.stray}` : ''})` +
					` · ${round(w.cpuUs / Math.max(1, w.frames), 1)} µs/frame · lag ${w.emitLagP99} ms`
			);
		}
	}
	return targets.map((t) => summarizeLevel(t, level, windows.get(t.key)!));
}

/** Per target, the last level (going up) before the first whose p99 went over the threshold. */
function capacities(levels: LevelResult[]): Results['capacity'] {
	const capacity: Results['capacity'] = {};
	const maxTried = Math.max(...levels.map((l) => l.level));
	for (const key of ['tablee', 'relay', 'yjs'] as const) {
		const own = levels.filter((l) => l.target === key).sort((a, b) => a.level - b.level);
		const over = own.find((l) => l.p99 > CONFIG.capacityP99Ms);
		const under = own.filter((l) => over === undefined || l.level < over.level);
		capacity[key] = {
			capacity: Math.max(0, ...under.map((l) => l.connections)),
			...(over ? { exceededAt: over.connections } : {}),
			maxTried
		};
	}
	return capacity;
}

async function main() {
	log(`${FULL ? 'full' : QUICK ? 'quick' : 'default'} set: levels ${CONFIG.levels.join(', ')}`);
	log('waiting for a quiet machine (at most 5 s)');
	const quiet = await waitForQuiet(5_000, 0.25);
	log(`  other processes: ${quiet.otherCores ?? '?'} cores after ${quiet.waitedS} s`);
	const parallelism = await measureParallelism();
	log(`  one spin ${parallelism.single} ms, two at once ${parallelism.pair} ms: ${parallelism.effectiveCores} cores`);
	const loadWindow = { wall: performance.now(), busy: machineBusyMs(), loadavg: round(loadavg()[0]!, 2) };

	log(`starting ${CONFIG.workers} load workers`);
	const workers = await Promise.all(Array.from({ length: CONFIG.workers }, (_, i) => startWorker(i)));
	const servers: ServerHandle[] = [];
	let childCpuUs = 0;

	try {
		const maxMeals = Math.round(Math.max(...CONFIG.levels) / CONFIG.mealSize);
		log(`starting the servers (Tablée with ${maxMeals} meals)`);
		const targets = await startTargets(maxMeals, 'load', servers);
		const byKey = (key: TargetKey) => targets.find((t) => t.key === key)!;
		const levels: LevelResult[] = [];
		const bytes: Results['bytes'] = {};
		let profile: Results['profile'];
		const top = Math.max(...CONFIG.levels.filter((l) => isTableLevel(l, CONFIG)));
		const withNoise = (level: number) => targets.filter((t) => t.key !== 'relay2' || level <= CONFIG.noiseUpTo);

		// 1. Up, idle: connections climb to the top table level; memory is read on the way, before any load.
		const memory = await climbIdle(targets, workers, top);

		// 2. Windows at the top level, with the profile of one more Tablée window.
		levels.push(...(await measureLevel(withNoise(top), workers, top, CONFIG.rounds)));
		if (targets.some((t) => t.key === 'tablee')) {
			const dir = mkdtempSync(join(tmpdir(), 'tablee-bench-profile-'));
			const file = join(dir, 'tablee.cpuprofile');
			log(`  one more Tablée window, profiled`);
			await runWindow(byKey('tablee'), workers, top, -1, file);
			profile = { level: top, summary: summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile) };
			rmSync(dir, { recursive: true, force: true });
		}

		// 3. Capacity ramp (full set): up from the top, each target while its p99 stays under the threshold.
		let previous = top;
		for (const level of CONFIG.levels.filter((l) => l > top)) {
			const measured = targets.filter((t) => {
				const last = levels.find((l) => l.target === t.key && l.level === previous);
				return t.key !== 'relay2' && last !== undefined && last.p99 <= CONFIG.capacityP99Ms;
			});
			if (measured.length === 0) break;
			await growTargets(measured, workers, Math.round(level / CONFIG.mealSize));
			await sleep(1_500);
			levels.push(...(await measureLevel(measured, workers, level, CONFIG.rampRounds)));
			previous = level;
		}

		// 4. Down: fewer connections (phones leave, nobody joins), every target at every level.
		for (const level of CONFIG.levels.filter((l) => l < top).reverse()) {
			const measured = withNoise(level);
			await shrinkTargets(targets, workers, Math.round(level / CONFIG.mealSize));
			await sleep(1_000);
			const rounds = isTableLevel(level, CONFIG) ? CONFIG.rounds : CONFIG.rampRounds;
			levels.push(...(await measureLevel(measured, workers, level, rounds)));
		}

		// 5. Bytes, on meal 0 of each target, with nothing else happening.
		for (const t of withNoise(CONFIG.mealSize)) {
			const answer = await workers[0]!.request(
				{ type: 'bytes', target: t.phones, ops: CONFIG.bytesOps, syncs: CONFIG.syncs },
				120_000
			);
			bytes[t.key] = answer.report as BytesReport;
			const b = bytes[t.key]!;
			log(`  bytes ${t.label}: claim ${median(b.claim)} B, sync ${median(b.sync.map((v) => v.read))} B read`);
		}

		const capacity = capacities(levels);

		for (const s of servers) childCpuUs += cpuTotal(await s.stats());
		const wallMs = performance.now() - loadWindow.wall;
		const busy = machineBusyMs();
		const own = process.cpuUsage();
		const ownMs = (own.user + own.system + childCpuUs) / 1000;
		const results: Results = {
			meta: {
				date: new Date().toISOString(),
				cpu: cpus()[0]?.model ?? 'unknown',
				cores: cpus().length,
				memoryGb: round(totalmem() / 1024 ** 3, 1),
				node: process.version,
				os: `${platform()} ${release()} ${arch()}`,
				full: FULL,
				quick: QUICK,
				durationS: round((performance.now() - startedAt) / 1000, 1),
				fdLimit: fdLimit(),
				commit: gitCommit(),
				config: CONFIG
			},
			machine: {
				...parallelism,
				otherLoadBeforeStart: quiet.otherCores,
				loadAverageAtStart: loadWindow.loadavg,
				loadAverageAtEnd: round(loadavg()[0]!, 2),
				// Load workers are children too, but their CPU is not readable here: this is an upper bound.
				otherLoadCores:
					busy !== undefined && loadWindow.busy !== undefined
						? round(Math.max(0, busy - loadWindow.busy - ownMs) / wallMs, 2)
						: undefined
			},
			levels,
			memory,
			capacity,
			bytes,
			...(profile ? { profile } : {})
		};
		writeFileSync(join(ROOT, 'bench', 'results.json'), JSON.stringify(results, null, '\t') + '\n');
		writeBenchmarksPage(join(ROOT, 'docs', 'benchmarks.md'), results);
		log(`wrote bench/results.json and docs/benchmarks.md in ${results.meta.durationS} s`);
	} finally {
		await Promise.allSettled(servers.map((s) => s.stop()));
	}
}

// ---------------------------------------------------------------------------------------
// Helpers

function gitCommit(): string {
	try {
		const head = readFileSync(join(ROOT, '.git'), 'utf8').trim();
		const gitDir = head.startsWith('gitdir:') ? head.slice(7).trim() : join(ROOT, '.git');
		const ref = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
		if (!ref.startsWith('ref:')) return ref.slice(0, 10);
		const name = ref.slice(4).trim();
		const common = readFileSync(join(gitDir, 'commondir'), 'utf8').trim();
		const commonDir = join(gitDir, common);
		for (const dir of [gitDir, commonDir]) {
			try {
				return readFileSync(join(dir, name), 'utf8').trim().slice(0, 10);
			} catch {
				// packed or in the other directory
			}
		}
		const packed = readFileSync(join(commonDir, 'packed-refs'), 'utf8');
		return (
			packed
				.split('\n')
				.find((l) => l.endsWith(` ${name}`))
				?.slice(0, 10) ?? 'unknown'
		);
	} catch {
		return 'unknown';
	}
}

function fdLimit(): string {
	try {
		return execSync('ulimit -n', { shell: '/bin/sh', encoding: 'utf8' }).trim();
	} catch {
		return 'unknown';
	}
}

function cpuTotal(stats: ChildStats): number {
	return stats.cpuUser + stats.cpuSystem;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const hardLimit = setTimeout(() => {
	console.error(`bench: hard limit of ${CONFIG.hardLimitMs / 1000} s reached, stopping`);
	killChildren();
	process.exit(2);
}, CONFIG.hardLimitMs);
hardLimit.unref();
process.on('exit', killChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		killChildren();
		process.exit(130);
	});
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
		killChildren();
		process.exit(1);
	}
);
