/**
 * `npm run bench:scale`: Tablée on two instances over one redis-server + one PostgreSQL,
 * against one process (the same Redis + PostgreSQL, and SQLite as shipped) and the bare
 * Socket.IO relay (relay.ts), in ONE run: the targets take turns in short windows (the
 * order rotating each round), and results are medians across windows, given as ratios.
 *
 * Each target carries one meal of 80 phones (Tablée's own client in this process; on two
 * instances, half the phones on each) and 4 claims a second, one at a time, alternating
 * claim and give-back so the board keeps changing. Measured per window: fan-out latency
 * (a claim sent → its update received by each of the 80 phones: p50, p99) and server CPU
 * per delivered frame (every server process of the target, from /proc, divided by
 * updates × phones). Redis's own CPU is reported apart. Before the rounds, each target runs
 * the same workload unmeasured (warm-up); after them, each is measured at rest for one window.
 *
 * Then Redis alone: how many board appends a second one redis-server takes (concurrent
 * appenders on many meals through RedisBoardLog) and its CPU per append, to say how many
 * instances one Redis carries. Writes bench/scale-results.json. BENCH_QUICK=1: one round;
 * BENCH_ROUNDS and BENCH_WINDOW_MS set the rounds and each window's length, BENCH_WARMUP_MS
 * the unmeasured warm-up of each target before them. The servers run as shipped (compiled by
 * tsc, `node dist-server/server/main.js`). For finding where CPU goes: THREADS=1 logs each
 * server process's CPU and each thread's after every window; ONLY=name,… runs some targets; PROFILE_DIR=dir writes a V8 CPU
 * profile of each server (and logs where the windows sit in it); BENCH_ON_FIRST=n puts the
 * first n phones on the first of two instances; BENCH_SERVER_LOG=dir keeps each server's
 * log (BENCH_SERVER_LOG_LEVEL=debug for more).
 */
import '../tests/helpers/node-websocket.ts';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
	chmodSync,
	chownSync,
	createWriteStream,
	existsSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { openRedisBoardLog } from '../server/storage/redis/board-log.ts';
import { BoardConnection } from '../src/lib/client/connection.ts';
import { median, percentile, round } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUICK = process.env.BENCH_QUICK === '1';
const PHONES = 80;
const CLAIMS_PER_SECOND = 4;
const CLAIMERS = 8;
// Longer windows hold more frames per CPU tick (BENCH_WINDOW_MS, BENCH_ROUNDS to override).
const ROUNDS = Number(process.env.BENCH_ROUNDS) || (QUICK ? 1 : 3);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS) || (QUICK ? 3_000 : 5_000);
const APPEND_MS = QUICK ? 2_000 : 4_000;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS) || (QUICK ? 5_000 : 90_000);
const TICK_MS = 10; // /proc CPU times are in clock ticks (100 a second on Linux)

const children = new Set<ChildProcess>();
const tmp = mkdtempSync(join(tmpdir(), 'tablee-bench-scale-'));
chmodSync(tmp, 0o755);
const started = performance.now();
const log = (m: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${m}`);

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** CPU time (ms) a process used so far, from /proc/<pid>/stat (utime + stime). */
function cpuMs(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function launch(
	command: string,
	args: string[],
	ready: RegExp,
	options: { env?: Record<string, string>; uid?: number; gid?: number } = {}
) {
	const child = spawn(command, args, {
		cwd: ROOT,
		env: { ...process.env, ...options.env },
		stdio: ['ignore', 'pipe', 'pipe'],
		...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {})
	});
	children.add(child);
	let out = '';
	return new Promise<{ child: ChildProcess; match: RegExpExecArray }>((resolve, reject) => {
		const on = (c: Buffer) => {
			out += c.toString('utf8');
			const match = ready.exec(out);
			if (match) {
				child.stdout!.off('data', on);
				child.stderr!.off('data', on);
				if (process.env.BENCH_SERVER_LOG) {
					// Each server's output in a file of its own (with LOG_LEVEL, to see what it did).
					const file = createWriteStream(join(process.env.BENCH_SERVER_LOG, `${child.pid}.log`));
					file.write(out);
					child.stdout!.pipe(file);
					child.stderr!.pipe(file);
				} else {
					child.stdout!.resume();
					child.stderr!.resume();
				}
				resolve({ child, match });
			}
		};
		child.stdout!.on('data', on);
		child.stderr!.on('data', on);
		child.once('exit', (code) => reject(new Error(`${command} exited (${code}):\n${out.slice(-2000)}`)));
	});
}

async function startRedis() {
	const port = await freePort();
	const dir = join(tmp, 'redis');
	execFileSync('mkdir', ['-p', dir]);
	const { child } = await launch(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			'--appendonly',
			'yes',
			'--appendfsync',
			'everysec',
			'--save',
			''
		],
		/Ready to accept connections/
	);
	return { url: `redis://127.0.0.1:${port}`, pid: child.pid! };
}

async function startPostgres() {
	const base = '/usr/lib/postgresql';
	const version = readdirSync(base)
		.filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a))[0]!;
	const bin = join(base, version, 'bin');
	const asRoot = process.getuid?.() === 0;
	const user = asRoot
		? {
				uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
				gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }))
			}
		: {};
	const dir = join(tmp, 'pg');
	execFileSync('mkdir', ['-p', dir]);
	if (asRoot) chownSync(dir, user.uid!, user.gid!);
	execFileSync(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'tablee', '--auth=trust', '--no-sync'], {
		...user,
		stdio: 'pipe'
	});
	const port = await freePort();
	await launch(
		join(bin, 'postgres'),
		[
			'-D',
			join(dir, 'data'),
			'-p',
			String(port),
			'-k',
			dir,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'max_connections=100'
		],
		/ready to accept connections/,
		user
	);
	return `postgres://tablee@127.0.0.1:${port}/postgres`;
}

async function startTablee(env: Record<string, string>) {
	const { child, match } = await launch(
		process.execPath,
		[
			// PROFILE_DIR: a V8 CPU profile of each Tablée process, written when it exits (SIGTERM).
			...(process.env.PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.PROFILE_DIR] : []),
			// The server as shipped (`npm start`): compiled by tsc, not transpiled on the fly by tsx.
			'dist-server/server/main.js'
		],
		/Tablée is listening on (http:\/\/\S+)/,
		{
			env: {
				PORT: '0',
				HOST: '127.0.0.1',
				LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? 'info',
				TABLEE_MEMBERS_PER_NETWORK: '300',
				...env
			}
		}
	);
	return { url: match[1]!, pid: child.pid! };
}

/** POST /api/join from a chosen loopback address (40 joins per address and meal by default). */
function join_(url: string, code: string, name: string, address: string): Promise<{ mealId: string; token: string }> {
	return new Promise((resolve, reject) => {
		const req = request(
			`${url}/api/join/${code}`,
			{ method: 'POST', headers: { 'content-type': 'application/json' }, localAddress: address },
			(res) => {
				let text = '';
				res.on('data', (c: Buffer) => (text += c.toString('utf8')));
				res.on('end', () =>
					res.statusCode === 201 ? resolve(JSON.parse(text)) : reject(new Error(`${res.statusCode} ${text}`))
				);
			}
		);
		req.on('error', reject);
		req.end(JSON.stringify({ name }));
	});
}

interface Target {
	name: string;
	/** Server processes whose CPU counts. */
	pids: number[];
	/** Sends change number `n`; resolves when acknowledged. */
	send(n: number): Promise<void>;
	/** Called with each phone's receive time of every broadcast. */
	onFrame: (listener: (at: number) => void) => void;
	close(): void;
}

async function tableeTarget(name: string, urls: string[], pids: number[], dataDir: string): Promise<Target> {
	const links = JSON.parse(readFileSync(join(dataDir, 'links.json'), 'utf8')) as { code: string };
	const phones: BoardConnection[] = [];
	for (let i = 0; i < PHONES; i++) {
		// BENCH_ON_FIRST=n: the first n phones on the first instance, the rest on the second
		// (79: the second only hears the changes, which measures what hearing costs).
		const onFirst = Number(process.env.BENCH_ON_FIRST);
		const url = onFirst && urls.length > 1 ? urls[i < onFirst ? 0 : 1]! : urls[i % urls.length]!;
		const joined = await join_(url, links.code, `Voisin ${i}`, `127.0.0.${2 + Math.floor(i / 30)}`);
		phones.push(
			new BoardConnection({
				url,
				credentials: { role: 'member', mealId: joined.mealId, token: joined.token },
				socket: { transports: ['websocket'], forceNew: true }
			})
		);
	}
	await Promise.all(phones.map((p) => p.whenSynced()));
	const task = [...phones[0]!.state.tasks.values()].find((t) => t.slots >= 1)!;
	const listeners: ((at: number) => void)[] = [];
	for (const phone of phones) phone.socket.on('y', () => listeners.forEach((l) => l(performance.now())));
	let turn = 0;
	return {
		name,
		pids,
		// Claim and give back in turn, by 8 phones in rotation (on two instances, from each in
		// turn): one phone alone would soon meet its command budget (20 per 10 s). The turn
		// carries over windows, so a claim is always given back by the phone that made it.
		async send() {
			const phone = phones[Math.floor(turn / 2) % CLAIMERS]!;
			const ack = await phone.send(turn % 2 === 0 ? 'task:claim' : 'task:release', { taskId: task.id });
			if (!ack.ok) throw new Error(`${name}: ${ack.code}`);
			turn++;
		},
		onFrame: (l) => listeners.push(l),
		close: () => phones.forEach((p) => p.close())
	};
}

async function relayTarget(): Promise<Target> {
	const { child, match } = await launch(process.execPath, ['--import', 'tsx', 'bench/relay-server.ts'], /"port":(\d+)/);
	const url = `http://127.0.0.1:${match[1]}`;
	const sockets: Socket[] = [];
	for (let i = 0; i < PHONES; i++)
		sockets.push(io(url, { transports: ['websocket'], forceNew: true, auth: { room: 'meal' } }));
	await Promise.all(sockets.map((s) => new Promise<void>((r) => (s.connected ? r() : s.once('connect', () => r())))));
	const listeners: ((at: number) => void)[] = [];
	for (const s of sockets) s.on('op', () => listeners.forEach((l) => l(performance.now())));
	return {
		name: 'relay',
		pids: [child.pid!],
		async send(n) {
			await sockets[0]!.timeout(10_000).emitWithAck('op', { seq: n, taskId: 't_bench', cid: `c${n}` });
		},
		onFrame: (l) => listeners.push(l),
		close: () => sockets.forEach((s) => s.close())
	};
}

interface Window {
	p50: number;
	p99: number;
	cpuPerFrameUs: number;
	frames: number;
	redisCpuPerUpdateUs?: number;
}

/**
 * Sends changes one at a time, 4 a second, for `ms`; `onSend` hears each one's send time.
 * Returns how many were sent.
 */
async function drive(target: Target, ms: number, onSend?: (at: number) => void): Promise<number> {
	const until = performance.now() + ms;
	let n = 0;
	while (performance.now() < until) {
		const tickStart = performance.now();
		onSend?.(tickStart);
		await target.send(n++);
		// Let the fan-out finish before the next change (4 a second, one at a time).
		const wait = 1000 / CLAIMS_PER_SECOND - (performance.now() - tickStart);
		if (wait > 0) await new Promise((r) => setTimeout(r, wait));
	}
	return n;
}

async function runWindow(target: Target, redisPid: number | undefined): Promise<Window> {
	const latencies: number[] = [];
	let sentAt = 0;
	let frames = 0;
	let active = true;
	target.onFrame((at) => {
		if (!active || sentAt === 0) return;
		frames++;
		latencies.push(at - sentAt);
	});
	const each0 = target.pids.map(cpuMs);
	const cpu0 = each0.reduce((s, c) => s + c, 0);
	const redis0 = redisPid ? cpuMs(redisPid) : 0;
	const n = await drive(target, WINDOW_MS, (at) => (sentAt = at));
	active = false;
	if (process.env.THREADS) {
		log(
			`${target.name} per process: ${target.pids.map((pid, i) => `${pid}: ${cpuMs(pid) - each0[i]!} ms`).join(', ')}`
		);
		for (const pid of target.pids) {
			const rows = readdirSync(`/proc/${pid}/task`).map((tid) => {
				const raw = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
				const name = raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')'));
				const f = raw.split(') ')[1]!.split(' ');
				return `${name}:${(Number(f[11]) + Number(f[12])) * TICK_MS}`;
			});
			log(`${target.name} pid ${pid} threads (cumulative ms): ${rows.join(' ')}`);
		}
	}
	latencies.sort((a, b) => a - b);
	const cpu = target.pids.reduce((s, pid) => s + cpuMs(pid), 0) - cpu0;
	const redisCpu = redisPid ? cpuMs(redisPid) - redis0 : 0;
	return {
		p50: percentile(latencies, 50),
		p99: percentile(latencies, 99),
		frames,
		cpuPerFrameUs: frames > 0 ? (cpu * 1000) / frames : NaN,
		...(redisPid ? { redisCpuPerUpdateUs: (redisCpu * 1000) / n } : {})
	};
}

/** Concurrent appenders over many meals: appends a second one redis-server takes, and its CPU per append. */
async function appendCapacity(redisUrl: string, redisPid: number) {
	const appenders = 4;
	const mealsEach = 16;
	const logs = await Promise.all(
		Array.from({ length: appenders }, () =>
			openRedisBoardLog({
				url: redisUrl,
				prefix: 'benchcap',
				onError: () => undefined,
				onListenerError: () => undefined
			})
		)
	);
	const update = (() => {
		const doc = new Y.Doc();
		const before = Y.encodeStateVector(doc);
		doc.getMap('claims').set('t1', [{ memberId: 'm_bench', at: 1 }]);
		return Y.encodeStateAsUpdate(doc, before);
	})();
	let appends = 0;
	const redis0 = cpuMs(redisPid);
	const until = performance.now() + APPEND_MS;
	const t0 = performance.now();
	await Promise.all(
		logs.flatMap((boardLog, a) =>
			Array.from({ length: mealsEach }, async (_, m) => {
				const mealId = `cap-${a}-${m}`;
				let seq = (await boardLog.load(mealId)).seq;
				while (performance.now() < until) {
					const result = await boardLog.append(mealId, seq, update);
					if (!result.ok) throw new Error('unexpected conflict');
					seq = result.seq;
					appends++;
				}
			})
		)
	);
	const seconds = (performance.now() - t0) / 1000;
	const redisCpuMs = cpuMs(redisPid) - redis0;
	await Promise.all(logs.map((l) => l.close()));
	return {
		appendsPerSecond: Math.round(appends / seconds),
		redisCpuPerAppendUs: round((redisCpuMs * 1000) / appends, 1),
		redisCpuShare: round(redisCpuMs / (seconds * 1000), 2),
		concurrent: appenders * mealsEach
	};
}

async function main() {
	const hardLimit = setTimeout(() => {
		console.error('bench:scale hit its hard limit');
		process.exit(2);
	}, 10 * 60_000);
	hardLimit.unref();
	log(
		`machine: ${cpus().length} cores, load ${loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}`
	);
	log('compiling the server (tsc -p tsconfig.server.json)');
	execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.server.json'], {
		cwd: ROOT,
		stdio: 'inherit'
	});
	const [redis, databaseUrl] = await Promise.all([startRedis(), startPostgres()]);
	log(`redis ${redis.url}, postgres ready`);
	const scaledEnv = (prefix: string, dataDir: string) => ({
		REDIS_URL: redis.url,
		DATABASE_URL: databaseUrl,
		REDIS_PREFIX: prefix,
		DATA_DIR: dataDir
	});
	// Each target its own meal (demo seeded per target: own prefix, own PostgreSQL schema is
	// not needed — a canteen each, found by its own links.json).
	const sqliteDir = join(tmp, 'sqlite');
	const oneDir = join(tmp, 'one');
	const twoDir = join(tmp, 'two');
	const sqlite = await startTablee({ DATA_DIR: sqliteDir });
	const one = await startTablee(scaledEnv('one', oneDir));
	const twoA = await startTablee(scaledEnv('two', twoDir));
	const twoB = await startTablee(scaledEnv('two', twoDir));
	log('servers ready; connecting phones');
	const all: Target[] = [
		await relayTarget(),
		await tableeTarget('tablee-sqlite-1', [sqlite.url], [sqlite.pid], sqliteDir),
		await tableeTarget('tablee-redis-1', [one.url], [one.pid], oneDir),
		await tableeTarget('tablee-redis-2', [twoA.url, twoB.url], [twoA.pid, twoB.pid], twoDir)
	];
	// ONLY=name,name: measure those targets alone (profiling one of them, say).
	const only = process.env.ONLY?.split(',');
	const targets = only ? all.filter((t) => only.includes(t.name)) : all;
	// Warm-up, not measured: the same workload on every target at once until V8 has
	// compiled their hot paths. Without it the first windows carry the JIT's work: an
	// instance that hears half the changes is still getting cheaper after a minute at 4
	// changes a second (2–3× its steady CPU at first). All targets together, so a long
	// warm-up costs the run its length only once.
	log(`warming up every target (${WARMUP_MS} ms)`);
	await Promise.all(
		targets.map(async (target) => {
			await drive(target, WARMUP_MS);
		})
	);
	const windowsFrom = performance.now();
	const windows = new Map<string, Window[]>(targets.map((t) => [t.name, []]));
	for (let r = 0; r < ROUNDS; r++) {
		const order = targets.map((_, i) => targets[(i + r) % targets.length]!);
		for (const target of order) {
			const usesRedis = target.name.startsWith('tablee-redis');
			const w = await runWindow(target, usesRedis ? redis.pid : undefined);
			windows.get(target.name)!.push(w);
			log(
				`round ${r + 1} ${target.name}: p50 ${w.p50.toFixed(1)} ms, p99 ${w.p99.toFixed(1)} ms, ${w.cpuPerFrameUs.toFixed(1)} µs CPU/frame (${w.frames} frames)`
			);
		}
	}
	const windowsTo = performance.now();
	// At rest: the same phones connected, nothing sent. What each target costs per window
	// whatever the meal does (timers, heartbeats): paid once per server process.
	const restMs = new Map<string, number>();
	for (const target of targets) {
		const cpu0 = target.pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
		await new Promise((r) => setTimeout(r, WINDOW_MS));
		const cpu = target.pids.reduce((sum, pid) => sum + cpuMs(pid), 0) - cpu0;
		restMs.set(target.name, cpu);
		log(`at rest ${target.name}: ${cpu} ms CPU in ${WINDOW_MS} ms`);
	}
	for (const t of all) t.close();
	if (process.env.PROFILE_DIR) {
		await Promise.all(
			[...children].map(
				(child) =>
					new Promise((r) => (child.exitCode !== null ? r(null) : (child.once('exit', r), child.kill('SIGTERM'))))
			)
		);
		// Where the measured windows sit in each profile, counted back from its end (the exit).
		const exited = performance.now();
		log(
			`profile window: from ${Math.round(exited - windowsFrom)} ms to ${Math.round(exited - windowsTo)} ms before exit`
		);
	}
	// A partial run (some targets, or profiled) reports its windows above and writes nothing.
	if (only || process.env.PROFILE_DIR) return;
	const summary = Object.fromEntries(
		[...windows].map(([name, ws]) => [
			name,
			{
				p50Ms: round(median(ws.map((w) => w.p50)), 2),
				p99Ms: round(median(ws.map((w) => w.p99)), 2),
				cpuPerFrameUs: round(median(ws.map((w) => w.cpuPerFrameUs)), 2),
				cpuPerFrameRangeUs: [
					round(Math.min(...ws.map((w) => w.cpuPerFrameUs)), 1),
					round(Math.max(...ws.map((w) => w.cpuPerFrameUs)), 1)
				],
				restCpuMsPerWindow: restMs.get(name) ?? NaN,
				...(ws[0]?.redisCpuPerUpdateUs !== undefined
					? { redisCpuPerUpdateUs: round(median(ws.map((w) => w.redisCpuPerUpdateUs!)), 1) }
					: {})
			}
		])
	);
	const base = summary['tablee-redis-1']!;
	const two = summary['tablee-redis-2']!;
	const ratios = {
		twoVsOneRedis: round(two.cpuPerFrameUs / base.cpuPerFrameUs, 2),
		twoVsOneSqlite: round(two.cpuPerFrameUs / summary['tablee-sqlite-1']!.cpuPerFrameUs, 2),
		twoVsRelay: round(two.cpuPerFrameUs / summary.relay!.cpuPerFrameUs, 2),
		p99TwoVsOneRedis: round(two.p99Ms / base.p99Ms, 2)
	};
	log('Redis alone: append capacity');
	const capacity = await appendCapacity(redis.url, redis.pid);
	// An instance's claims a second at one core, from its CPU per delivered frame × 80 phones.
	const claimsPerInstanceCore = Math.round(1e6 / (two.cpuPerFrameUs * PHONES));
	const results = {
		at: new Date().toISOString(),
		loadavg: loadavg(),
		cores: cpus().length,
		quick: QUICK,
		phones: PHONES,
		claimsPerSecond: CLAIMS_PER_SECOND,
		rounds: ROUNDS,
		windowMs: WINDOW_MS,
		summary,
		ratios,
		redis: {
			...capacity,
			// The appenders here are bound by this process's CPU, not Redis's: the measured rate is a
			// floor; Redis's own CPU per append gives the ceiling of one core.
			appendsPerSecondAtOneCore: Math.round(1e6 / capacity.redisCpuPerAppendUs),
			claimsPerInstanceCore,
			instancesPerRedis: Math.floor(1e6 / capacity.redisCpuPerAppendUs / claimsPerInstanceCore)
		}
	};
	writeFileSync(join(ROOT, 'bench', 'scale-results.json'), JSON.stringify(results, null, '\t'));
	console.log(JSON.stringify(results, null, 2));
}

function cleanup() {
	for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
	rmSync(tmp, { recursive: true, force: true });
}

main()
	.then(() => {
		cleanup();
		process.exit(0);
	})
	.catch((error) => {
		console.error(error);
		cleanup();
		process.exit(1);
	});
