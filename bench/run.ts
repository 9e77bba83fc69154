/**
 * `npm run bench` (or `npx tsx bench/run.ts`): Tablée against a bare Socket.IO relay, side
 * by side in one run, both servers in child processes on 127.0.0.1, the clients here.
 * Writes bench/results.json and regenerates docs/benchmarks.md. Every loop is bounded in
 * count and time; the whole run stops by itself (hard limit below). BENCH_QUICK=1 runs
 * a smaller version for checking the harness.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { BoardConnection, type Credentials } from '../src/lib/client/connection.ts';
import { sortTasks } from '../src/lib/domain/board.ts';
import { measureStages, type Breakdown } from './breakdown.ts';
import type { ChildStats } from './child.ts';
import { machineBusyMs, measureParallelism, waitForQuiet } from './machine.ts';
import type { RelayOp } from './relay.ts';
import { renderMarkdown } from './report.ts';
import { median, round, summarize, type Summary } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUICK = process.env.BENCH_QUICK === '1';

export const CONFIG = {
	fanoutSizes: [10, 40, 80],
	fanoutWarmupOps: QUICK ? 20 : 60,
	/** Measured operations per system and size, run in alternating blocks. */
	fanoutOps: QUICK ? 60 : 1000,
	fanoutBlock: QUICK ? 20 : 50,
	throughputSenders: 8,
	throughputRooms: [8, 80],
	throughputOpsPerSender: QUICK ? 40 : 400,
	throughputWarmupPerSender: QUICK ? 10 : 30,
	raceClients: 80,
	raceRounds: QUICK ? 2 : 5,
	idleConnections: 100,
	stageIterations: QUICK ? 500 : 3000,
	opTimeoutMs: 5_000,
	hardLimitMs: 170_000
};

const HOST = '127.0.0.1';
const children = new Set<ChildProcess>();
const startedAt = performance.now();

// ---------------------------------------------------------------------------------------
// Child servers

interface ChildHandle {
	name: string;
	url: string;
	info: Record<string, unknown> & { port: number; pid: number };
	stats(gc?: boolean): Promise<ChildStats>;
	stop(): Promise<void>;
}

async function startChild(file: string): Promise<ChildHandle> {
	// BENCH_PROFILE=<dir>: the Tablée server writes a V8 CPU profile there (see profile-summary.ts).
	const profile =
		process.env.BENCH_PROFILE && file.startsWith('tablee')
			? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
			: [];
	const proc = spawn(process.execPath, [...profile, '--expose-gc', '--import', 'tsx', join(ROOT, 'bench', file)], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'inherit', 'ipc']
	});
	children.add(proc);
	proc.once('exit', () => children.delete(proc));
	const info = await new Promise<ChildHandle['info']>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${file} did not start within 20 s`)), 20_000);
		const lines = createInterface({ input: proc.stdout! });
		lines.once('line', (line) => {
			clearTimeout(timer);
			resolve(JSON.parse(line) as ChildHandle['info']);
		});
		proc.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`${file} exited early (${code})`));
		});
	});
	let nextId = 0;
	const pending = new Map<number, (stats: ChildStats) => void>();
	proc.on('message', (message: { type: string; id: number; stats: ChildStats }) => {
		if (message.type !== 'stats') return;
		pending.get(message.id)?.(message.stats);
		pending.delete(message.id);
	});
	return {
		name: file,
		url: `http://${HOST}:${info.port}`,
		info,
		stats(gc = false) {
			const id = ++nextId;
			return withTimeout(
				new Promise<ChildStats>((resolve) => {
					pending.set(id, resolve);
					proc.send({ type: 'stats', id, gc });
				}),
				5_000,
				`${file} stats`
			);
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

function killChildren() {
	for (const proc of children) proc.kill('SIGKILL');
}

// ---------------------------------------------------------------------------------------
// Arrival bookkeeping shared by both systems

/**
 * Counts broadcast arrivals per receiver. A round waits for one frame on each of
 * `expect` receivers (the relay also matches the sequence number) and resolves with the
 * time the last one arrived. Arrival is stamped before any listener of the client runs:
 * socket.io-client calls onAny listeners before the event's own (BoardConnection's Yjs
 * apply); the apply time is recorded separately.
 */
class Hub {
	frames = 0;
	readonly arrivedAt: number[] = [];
	#seen: number[] = [];
	#round: { id: number; expect: number; got: number; seq?: number; resolve: (t: number) => void } | undefined;
	#roundId = 0;
	#frameWaiter: { target: number; resolve: () => void } | undefined;
	/** Client-side Yjs apply time, summed while `measuringApply` is on. */
	measuringApply = false;
	applyTotal = 0;
	applyCount = 0;

	register(): number {
		this.#seen.push(0);
		this.arrivedAt.push(0);
		return this.#seen.length - 1;
	}

	arrive(index: number, seq?: number): void {
		const now = performance.now();
		this.frames++;
		this.arrivedAt[index] = now;
		if (this.#frameWaiter && this.frames >= this.#frameWaiter.target) {
			this.#frameWaiter.resolve();
			this.#frameWaiter = undefined;
		}
		const round = this.#round;
		if (!round || this.#seen[index] === round.id) return;
		if (round.seq !== undefined && seq !== round.seq) return;
		this.#seen[index] = round.id;
		if (++round.got === round.expect) {
			this.#round = undefined;
			round.resolve(now);
		}
	}

	applied(index: number): void {
		if (!this.measuringApply) return;
		this.applyTotal += performance.now() - this.arrivedAt[index]!;
		this.applyCount++;
	}

	round(expect: number, seq?: number): Promise<number> {
		if (this.#round) throw new Error('a round is already running');
		const id = ++this.#roundId;
		const done = new Promise<number>((resolve) => {
			this.#round = { id, expect, got: 0, seq, resolve };
		});
		return withTimeout(done, CONFIG.opTimeoutMs, `broadcast round (${expect} receivers)`).finally(() => {
			if (this.#round?.id === id) this.#round = undefined;
		});
	}

	/** Resolves when `count` more frames have arrived, counted from now. */
	waitFrames(count: number, timeoutMs: number): Promise<void> {
		const target = this.frames + count;
		if (this.frames >= target) return Promise.resolve();
		const done = new Promise<void>((resolve) => {
			this.#frameWaiter = { target, resolve };
		});
		return withTimeout(done, timeoutMs, `${count} frames`);
	}
}

// ---------------------------------------------------------------------------------------
// Frame sizes, measured on the engine.io connection (what goes on the WebSocket)

interface FrameTap {
	last: Map<string, { frame: number; payload?: number }>;
}

/**
 * Records the size of each engine.io message on this socket, by Socket.IO event (or
 * "ack"). `frame` is the WebSocket payload in bytes (engine.io type + Socket.IO packet);
 * the WebSocket header adds 2–4 bytes (+4 mask client → server). For `y` frames,
 * `payload` is the y-protocols message itself, base64-decoded.
 */
function tapFrames(socket: Socket): FrameTap {
	const tap: FrameTap = { last: new Map() };
	const record = (direction: 'in' | 'out', data: unknown) => {
		if (typeof data !== 'string') return;
		const frame = Buffer.byteLength(data) + 1;
		const type = data[0];
		if (type === '3') return tap.last.set(`${direction}:ack`, { frame });
		if (type !== '2') return;
		const args = JSON.parse(data.slice(data.indexOf('['))) as unknown[];
		const event = String(args[0]);
		const payload = event === 'y' && typeof args[1] === 'string' ? Buffer.from(args[1], 'base64').length : undefined;
		tap.last.set(`${direction}:${event}`, { frame, payload });
	};
	socket.io.engine.on('data', (data) => record('in', data));
	socket.io.engine.on('packetCreate', (packet) => {
		if (packet.type === 'message') record('out', packet.data);
	});
	return tap;
}

// ---------------------------------------------------------------------------------------
// The two systems behind one small interface

interface System {
	key: 'tablee' | 'relay';
	label: string;
	server: ChildHandle;
	hub: Hub;
	size(): number;
	grow(to: number): Promise<void>;
	/** One operation by sender k (Tablée: claim or release of k's own task). Throws on failure. */
	op(sender: number, seq: number): Promise<string>;
	/** Relay only: sender k emits an event that is acked and not broadcast. */
	echo?(sender: number): Promise<void>;
	/** Leaves the board as it was before the senders started (all tasks released). */
	reset(): Promise<void>;
	tapOf(index: number): FrameTap;
	close(): void;
}

interface TableeSystem extends System {
	conns: BoardConnection[];
	members: { memberId: string; token: string; name: string }[];
	taskIds: string[];
	mealId: string;
	joinCode: string;
	masterKey: string;
	/** Board updates stored by this run's commands (for the history growth per command). */
	storedUpdates: number;
}

async function joinMember(url: string, code: string, name: string) {
	const res = await fetch(`${url}/api/join/${code}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name, emoji: '' }),
		signal: AbortSignal.timeout(5_000)
	});
	if (res.status !== 201) throw new Error(`join failed: ${res.status} ${await res.text()}`);
	return (await res.json()) as { mealId: string; memberId: string; token: string };
}

async function connectBoard(url: string, credentials: Credentials, hub?: Hub): Promise<BoardConnection> {
	const conn = new BoardConnection({
		url,
		credentials,
		commandTimeoutMs: CONFIG.opTimeoutMs,
		socket: { transports: ['websocket'], forceNew: true, reconnection: false }
	});
	if (hub) {
		const index = hub.register();
		conn.socket.onAny((event: string) => {
			if (event === 'y') hub.arrive(index);
		});
		// Runs after BoardConnection's own `y` listener, which applies the update.
		conn.socket.on('y', () => hub.applied(index));
	}
	await withTimeout(conn.whenSynced(), 10_000, 'board sync');
	// The welcome is sent once the socket is in the meal's room.
	if (!conn.welcome) {
		await withTimeout(
			new Promise<void>((resolve) => {
				const off = conn.subscribe(() => {
					if (conn.welcome) {
						off();
						resolve();
					}
				});
			}),
			10_000,
			'welcome'
		);
	}
	return conn;
}

async function createTableeSystem(server: ChildHandle): Promise<TableeSystem> {
	const info = server.info as ChildHandle['info'] & { mealId: string; joinCode: string; masterKey: string };
	const hub = new Hub();
	const conns: BoardConnection[] = [];
	const taps = new Map<number, FrameTap>();
	const claimed: boolean[] = [];
	const system: TableeSystem = {
		key: 'tablee',
		label: 'Tablée',
		server,
		hub,
		conns,
		members: [],
		taskIds: [],
		mealId: info.mealId,
		joinCode: info.joinCode,
		masterKey: info.masterKey,
		storedUpdates: 0,
		size: () => conns.length,
		async grow(to) {
			const start = conns.length;
			const batch: Promise<BoardConnection>[] = [];
			for (let i = start; i < to; i++) {
				const m = system.members[i];
				if (!m) throw new Error(`only ${system.members.length} members joined`);
				batch.push(connectBoard(server.url, { role: 'member', mealId: system.mealId, token: m.token }, hub));
			}
			conns.push(...(await Promise.all(batch)));
			for (let i = start; i < Math.min(to, 2); i++) taps.set(i, tapFrames(conns[i]!.socket));
			if (system.taskIds.length === 0) system.taskIds = sortTasks(conns[0]!.state.tasks.values()).map((t) => t.id);
		},
		async op(sender) {
			const kind = claimed[sender] ? 'task:release' : 'task:claim';
			// Task 0 is kept for the race; senders use tasks 2, 3, … (the demo has 10).
			const taskId = system.taskIds[2 + sender]!;
			const ack = await conns[sender]!.send(kind, { taskId });
			if (!ack.ok) throw new Error(`${kind} refused: ${ack.code}`);
			system.storedUpdates++;
			claimed[sender] = !claimed[sender];
			return kind;
		},
		async reset() {
			for (let k = 0; k < claimed.length; k++) {
				if (!claimed[k]) continue;
				const done = hub.round(conns.length);
				await system.op(k, 0);
				await done;
			}
		},
		tapOf(index) {
			const tap = taps.get(index);
			if (!tap) throw new Error(`no tap on client ${index}`);
			return tap;
		},
		close() {
			for (const c of conns.splice(0)) c.close();
		}
	};
	return system;
}

async function createRelaySystem(server: ChildHandle): Promise<System> {
	const hub = new Hub();
	const sockets: Socket[] = [];
	const taps = new Map<number, FrameTap>();
	let cid = 0;
	const cidPrefix = Math.random().toString(36).slice(2, 10);
	const connect = async () => {
		const socket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
		const index = hub.register();
		socket.on('op', (message: RelayOp) => hub.arrive(index, message.seq));
		await withTimeout(
			new Promise<void>((resolve, reject) => {
				socket.once('connect', () => resolve());
				socket.once('connect_error', reject);
			}),
			10_000,
			'relay connect'
		);
		return socket;
	};
	const system: System = {
		key: 'relay',
		label: 'bare relay',
		server,
		hub,
		size: () => sockets.length,
		async grow(to) {
			const start = sockets.length;
			const batch: Promise<Socket>[] = [];
			for (let i = start; i < to; i++) batch.push(connect());
			sockets.push(...(await Promise.all(batch)));
			for (let i = start; i < Math.min(to, 2); i++) taps.set(i, tapFrames(sockets[i]!));
		},
		async op(sender, seq) {
			// Same shape and id lengths as a Tablée claim: a task id and a client command id.
			const payload: RelayOp = { seq, taskId: 't_k3j4h5g6m7', cid: `${cidPrefix}-${++cid}` };
			const ack = (await sockets[sender]!.timeout(CONFIG.opTimeoutMs).emitWithAck('op', payload)) as { ok: boolean };
			if (!ack.ok) throw new Error('relay op refused');
			return 'op';
		},
		async echo(sender) {
			await sockets[sender]!.timeout(CONFIG.opTimeoutMs).emitWithAck('echo', { taskId: 't_k3j4h5g6m7' });
		},
		async reset() {},
		tapOf(index) {
			const tap = taps.get(index);
			if (!tap) throw new Error(`no tap on client ${index}`);
			return tap;
		},
		close() {
			for (const s of sockets.splice(0)) s.disconnect();
		}
	};
	return system;
}

// ---------------------------------------------------------------------------------------
// Measures

let seqCounter = 0;

async function fanoutOp(system: System): Promise<{ ack: number; last: number; kind: string }> {
	const seq = ++seqCounter;
	const arrivals = system.hub.round(system.size(), system.key === 'relay' ? seq : undefined);
	const t0 = performance.now();
	const kind = await system.op(0, seq);
	const ack = performance.now() - t0;
	const last = (await arrivals) - t0;
	return { ack, last, kind };
}

export interface FanoutResult {
	clients: number;
	system: 'tablee' | 'relay';
	ack: Summary;
	last: Summary;
	/** Server CPU (user + system) per operation, microseconds. */
	serverCpuUsPerOp: number;
	/** Of which in the kernel (system time: mostly socket writes). */
	serverSysUsPerOp: number;
	/** Client-side Yjs apply per received frame (Tablée only), microseconds. */
	clientApplyUs?: number;
}

export interface BytesResult {
	tablee: {
		claimFrame: number;
		claimUpdate: number;
		releaseFrame: number;
		releaseUpdate: number;
		commandFrame: number;
		ackFrame: number;
		sync: {
			when: string;
			members: number;
			frame: number;
			payload: number;
			welcomeFrame: number;
			/** Claims, releases and joins stored so far by this run. */
			storedUpdates: number;
		}[];
	};
	relay: { broadcastFrame: number; commandFrame: number; ackFrame: number };
}

async function measureFanout(systems: System[], clients: number, bytes: BytesResult): Promise<FanoutResult[]> {
	for (const s of systems) await s.grow(clients);
	await sleep(600); // presence flushes for the new phones
	for (const s of systems) {
		for (let i = 0; i < CONFIG.fanoutWarmupOps; i++) await fanoutOp(s);
		await s.reset();
	}
	const acc = new Map<string, { ack: number[]; last: number[]; cpuUs: number; sysUs: number }>();
	for (const s of systems) acc.set(s.key, { ack: [], last: [], cpuUs: 0, sysUs: 0 });
	const tablee = systems.find((s) => s.key === 'tablee')!;
	tablee.hub.applyTotal = 0;
	tablee.hub.applyCount = 0;
	const blocks = Math.ceil(CONFIG.fanoutOps / CONFIG.fanoutBlock);
	for (let b = 0; b < blocks; b++) {
		const order = b % 2 === 0 ? systems : [...systems].reverse();
		for (const s of order) {
			const a = acc.get(s.key)!;
			const before = await s.server.stats();
			s.hub.measuringApply = true;
			for (let i = 0; i < CONFIG.fanoutBlock; i++) {
				const r = await fanoutOp(s);
				a.ack.push(r.ack);
				a.last.push(r.last);
				if (clients === CONFIG.fanoutSizes[0]) recordOpBytes(s, r.kind, bytes);
			}
			s.hub.measuringApply = false;
			const after = await s.server.stats();
			a.cpuUs += cpuDelta(before, after);
			a.sysUs += after.cpuSystem - before.cpuSystem;
			await s.reset();
		}
	}
	return systems.map((s) => {
		const a = acc.get(s.key)!;
		return {
			clients,
			system: s.key,
			ack: summarize(a.ack),
			last: summarize(a.last),
			serverCpuUsPerOp: round(a.cpuUs / a.ack.length, 1),
			serverSysUsPerOp: round(a.sysUs / a.ack.length, 1),
			...(s.key === 'tablee' ? { clientApplyUs: round((s.hub.applyTotal * 1000) / s.hub.applyCount, 1) } : {})
		};
	});
}

function recordOpBytes(system: System, kind: string, bytes: BytesResult) {
	const sent = system.tapOf(0).last;
	const received = system.tapOf(1).last;
	if (system.key === 'relay') {
		bytes.relay.broadcastFrame = received.get('in:op')?.frame ?? NaN;
		bytes.relay.commandFrame = sent.get('out:op')?.frame ?? NaN;
		bytes.relay.ackFrame = sent.get('in:ack')?.frame ?? NaN;
		return;
	}
	const y = received.get('in:y');
	if (kind === 'task:claim') {
		bytes.tablee.claimFrame = y?.frame ?? NaN;
		bytes.tablee.claimUpdate = y?.payload ?? NaN;
		bytes.tablee.commandFrame = sent.get('out:task:claim')?.frame ?? NaN;
		bytes.tablee.ackFrame = sent.get('in:ack')?.frame ?? NaN;
	} else {
		bytes.tablee.releaseFrame = y?.frame ?? NaN;
		bytes.tablee.releaseUpdate = y?.payload ?? NaN;
	}
}

export interface ThroughputResult {
	system: 'tablee' | 'relay';
	roomSize: number;
	senders: number;
	ops: number;
	ackedOpsPerSec: number;
	/** All broadcasts of all operations received by every phone. */
	deliveredOpsPerSec: number;
	ack: Summary;
	serverCpuPercent: number;
	serverCpuUsPerOp: number;
	clientCpuPercent: number;
}

async function measureThroughput(system: System, roomSize: number): Promise<ThroughputResult> {
	const senders = CONFIG.throughputSenders;
	const run = async (perSender: number) => {
		const latencies: number[] = [];
		await Promise.all(
			Array.from({ length: senders }, async (_, k) => {
				for (let i = 0; i < perSender; i++) {
					const t = performance.now();
					await system.op(k, ++seqCounter);
					latencies.push(performance.now() - t);
				}
			})
		);
		return latencies;
	};
	await run(CONFIG.throughputWarmupPerSender);
	await system.reset();
	await sleep(200);

	const perSender = CONFIG.throughputOpsPerSender;
	const ops = senders * perSender;
	const frames = system.hub.waitFrames(ops * roomSize, 60_000);
	const before = await system.server.stats();
	const clientBefore = process.cpuUsage();
	const t0 = performance.now();
	const latencies = await run(perSender);
	const tAcked = performance.now();
	await frames;
	const tDelivered = performance.now();
	const clientCpu = process.cpuUsage(clientBefore);
	const after = await system.server.stats();
	await system.reset();
	const serverUs = cpuDelta(before, after);
	return {
		system: system.key,
		roomSize,
		senders,
		ops,
		ackedOpsPerSec: Math.round(ops / ((tAcked - t0) / 1000)),
		deliveredOpsPerSec: Math.round(ops / ((tDelivered - t0) / 1000)),
		ack: summarize(latencies),
		serverCpuPercent: round((serverUs / 1000 / (tDelivered - t0)) * 100, 1),
		serverCpuUsPerOp: round(serverUs / ops, 1),
		clientCpuPercent: round(((clientCpu.user + clientCpu.system) / 1000 / (tDelivered - t0)) * 100, 1)
	};
}

export interface RaceResult {
	clients: number;
	tablee: {
		rounds: { allAcksMs: number; firstAckMs: number; broadcastMs: number; winner: string; refusals: string }[];
		allAcksMedianMs: number;
		exactlyOneWinnerEveryRound: boolean;
	};
	relay: {
		rounds: { allAcksMs: number; firstAckMs: number; allBroadcastsMs: number; ackOnlyAllAcksMs: number }[];
		allAcksMedianMs: number;
		ackOnlyMedianMs: number;
	};
}

async function raceTablee(system: TableeSystem) {
	const taskId = system.taskIds[0]!;
	const conns = system.conns.slice(0, CONFIG.raceClients);
	const task = conns[0]!.state.tasks.get(taskId);
	if (!task || task.slots !== 1 || task.claims.length !== 0) throw new Error('the race needs a free 1-place task');
	const broadcast = system.hub.round(system.size());
	const t0 = performance.now();
	const acks = await Promise.all(
		conns.map((c) => c.send('task:claim', { taskId }).then((ack) => ({ ack, t: performance.now() - t0 })))
	);
	const broadcastMs = (await broadcast) - t0;
	const winners = acks.flatMap((a, i) => (a.ack.ok ? [i] : []));
	const refusals = new Map<string, number>();
	for (const a of acks) if (!a.ack.ok) refusals.set(a.ack.code, (refusals.get(a.ack.code) ?? 0) + 1);
	// What every phone now shows: one claim, the winner's.
	const claims = conns.map(
		(c) =>
			c.state.tasks
				.get(taskId)
				?.claims.map((x) => x.memberId)
				.join(',') ?? ''
	);
	const winner = winners.length === 1 ? system.members[winners[0]!]! : undefined;
	const consistent = winner !== undefined && claims.every((c) => c === winner.memberId);
	if (winner) {
		const released = system.hub.round(system.size());
		const ack = await conns[winners[0]!]!.send('task:release', { taskId });
		if (!ack.ok) throw new Error(`winner could not release: ${ack.code}`);
		await released;
		system.storedUpdates += 2;
	}
	return {
		allAcksMs: round(Math.max(...acks.map((a) => a.t))),
		firstAckMs: round(Math.min(...acks.map((a) => a.t))),
		broadcastMs: round(broadcastMs),
		winner: winner ? `${winner.name} (${winner.memberId})` : `${winners.length} winners`,
		refusals: [...refusals].map(([code, n]) => `${n}× ${code}`).join(', '),
		ok: consistent
	};
}

async function raceRelay(system: System, sockets: number) {
	const frames = system.hub.waitFrames(sockets * system.size(), 30_000);
	const t0 = performance.now();
	const times = await Promise.all(
		Array.from({ length: sockets }, (_, k) => system.op(k, ++seqCounter).then(() => performance.now() - t0))
	);
	await frames;
	const allBroadcastsMs = round(performance.now() - t0);
	// The same burst of acked emits, without any broadcast: Tablée's losers cause none either.
	const e0 = performance.now();
	const echoes = await Promise.all(
		Array.from({ length: sockets }, (_, k) => system.echo!(k).then(() => performance.now() - e0))
	);
	return {
		allAcksMs: round(Math.max(...times)),
		firstAckMs: round(Math.min(...times)),
		allBroadcastsMs,
		ackOnlyAllAcksMs: round(Math.max(...echoes))
	};
}

export interface MemoryResult {
	system: 'tablee' | 'relay';
	connections: number;
	rssBeforeMb: number;
	rssAfterMb: number;
	rssPer100Mb: number;
	heapPer100Mb: number;
}

/**
 * On a fresh server process (so the allocator has no free pages left over from the load
 * phases): a few connections as warm-up, then RSS before and after `count` more.
 */
async function measureMemory(
	key: 'tablee' | 'relay',
	server: ChildHandle,
	connect: () => Promise<{ close(): void }>,
	count: number
): Promise<MemoryResult> {
	const warm = await Promise.all(Array.from({ length: 5 }, connect));
	for (const w of warm) w.close();
	await sleep(500);
	const before = await server.stats(true);
	const opened: { close(): void }[] = [];
	for (let i = 0; i < count; i += 20) {
		opened.push(...(await Promise.all(Array.from({ length: Math.min(20, count - i) }, connect))));
	}
	await sleep(1_000);
	const after = await server.stats(true);
	for (const o of opened) o.close();
	const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
	return {
		system: key,
		connections: count,
		rssBeforeMb: mb(before.rss),
		rssAfterMb: mb(after.rss),
		rssPer100Mb: mb(((after.rss - before.rss) * 100) / count),
		heapPer100Mb: mb(((after.heapUsed - before.heapUsed) * 100) / count)
	};
}

/** Connects a master (read-only sync), records the initial sync frame size, disconnects. */
async function measureSync(system: TableeSystem, when: string, members: number, bytes: BytesResult) {
	const conn = new BoardConnection({
		url: system.server.url,
		credentials: { role: 'master', mealId: system.mealId, key: system.masterKey },
		socket: { transports: ['websocket'], forceNew: true, reconnection: false }
	});
	const tap = tapFrames(conn.socket);
	await withTimeout(conn.whenSynced(), 10_000, 'master sync');
	await sleep(100);
	const y = tap.last.get('in:y');
	const welcome = tap.last.get('in:welcome');
	conn.close();
	bytes.tablee.sync.push({
		when,
		members,
		frame: y?.frame ?? NaN,
		payload: y?.payload ?? NaN,
		welcomeFrame: welcome?.frame ?? NaN,
		storedUpdates: system.storedUpdates
	});
}

// ---------------------------------------------------------------------------------------
// Orchestration

export interface Results {
	meta: {
		date: string;
		cpu: string;
		cores: number;
		memoryGb: number;
		node: string;
		os: string;
		quick: boolean;
		durationS: number;
		config: typeof CONFIG;
	};
	machine: {
		single: number;
		pair: number;
		effectiveCores: number;
		otherLoadBeforeStart?: number;
		loadAverageAtStart: number;
		loadAverageAtEnd: number;
		/** CPU used by other processes during the run, in cores (Linux only). */
		otherLoadCores?: number;
	};
	breakdown: Breakdown;
	fanout: FanoutResult[];
	throughput: ThroughputResult[];
	bytes: BytesResult;
	race: RaceResult;
	memory: MemoryResult[];
}

async function main() {
	const log = (message: string) =>
		console.log(`[${((performance.now() - startedAt) / 1000).toFixed(1).padStart(5)} s] ${message}`);

	log('waiting for a quiet machine (at most 30 s)');
	const quiet = await waitForQuiet(30_000, 0.25);
	log(`  other processes: ${quiet.otherCores ?? '?'} cores after ${quiet.waitedS} s`);
	log('machine calibration');
	const parallelism = await measureParallelism();
	log(
		`  one spin ${parallelism.single} ms, two at once ${parallelism.pair} ms: ${parallelism.effectiveCores} effective cores`
	);
	const loadWindow = {
		wall: performance.now(),
		cpu: process.cpuUsage(),
		busy: machineBusyMs(),
		loadavg: round(loadavg()[0]!, 2)
	};
	let childCpuUs = 0;

	log('stage costs, in-process');
	const breakdown = await measureStages({ members: 80, iterations: CONFIG.stageIterations });
	for (const s of breakdown.stages) log(`  ${s.stage}: ${s.us} µs`);

	log('starting servers');
	const [tableeServer, relayServer] = await Promise.all([
		startChild('tablee-server.ts'),
		startChild('relay-server.ts')
	]);
	const tablee = await createTableeSystem(tableeServer);
	const relay = await createRelaySystem(relayServer);
	const systems: System[] = [tablee, relay];
	const bytes: BytesResult = {
		tablee: {
			claimFrame: NaN,
			claimUpdate: NaN,
			releaseFrame: NaN,
			releaseUpdate: NaN,
			commandFrame: NaN,
			ackFrame: NaN,
			sync: []
		},
		relay: { broadcastFrame: NaN, commandFrame: NaN, ackFrame: NaN }
	};

	try {
		await measureSync(tablee, 'demo board, fresh', 0, bytes);
		const maxClients = Math.max(...CONFIG.fanoutSizes, CONFIG.raceClients, ...CONFIG.throughputRooms);
		log(`joining ${maxClients} members`);
		for (let i = 0; i < maxClients; i++) {
			const name = `Cook ${String(i + 1).padStart(2, '0')}`;
			tablee.members.push({ ...(await joinMember(tableeServer.url, tablee.joinCode, name)), name });
			tablee.storedUpdates++;
		}
		await measureSync(tablee, `demo board, ${maxClients} members joined`, maxClients, bytes);

		const throughput: ThroughputResult[] = [];
		const throughputAt = async (roomSize: number) => {
			for (const s of systems) await s.grow(roomSize);
			await sleep(600);
			for (const s of systems) {
				const r = await measureThroughput(s, roomSize);
				log(
					`  throughput ${s.label}, room of ${roomSize}: ${r.ackedOpsPerSec} ops/s acked, ` +
						`${r.deliveredOpsPerSec} ops/s delivered, server CPU ${r.serverCpuPercent}%, client CPU ${r.clientCpuPercent}%`
				);
				throughput.push(r);
			}
		};

		log(`throughput, ${CONFIG.throughputSenders} senders, room of ${CONFIG.throughputRooms[0]}`);
		await throughputAt(CONFIG.throughputRooms[0]!);

		const fanout: FanoutResult[] = [];
		for (const clients of CONFIG.fanoutSizes) {
			log(`fan-out, ${clients} clients`);
			const rows = await measureFanout(systems, clients, bytes);
			for (const r of rows) {
				log(
					`  ${r.system}: ack p50 ${r.ack.p50} p99 ${r.ack.p99} | last receiver p50 ${r.last.p50} p99 ${r.last.p99} ms` +
						` | server ${r.serverCpuUsPerOp} µs/op`
				);
			}
			fanout.push(...rows);
		}

		log(`throughput, ${CONFIG.throughputSenders} senders, room of ${CONFIG.throughputRooms[1]}`);
		await throughputAt(CONFIG.throughputRooms[1]!);

		log(`race, ${CONFIG.raceClients} clients on one 1-place task`);
		for (const s of systems) await s.grow(CONFIG.raceClients);
		await raceTablee(tablee); // warm-up round, not recorded
		await raceRelay(relay, CONFIG.raceClients);
		const tableeRounds = [];
		const relayRounds = [];
		for (let r = 0; r < CONFIG.raceRounds; r++) {
			const t = await raceTablee(tablee);
			log(
				`  Tablée round ${r + 1}: all acks ${t.allAcksMs} ms, winner ${t.winner}; ${t.refusals}; consistent: ${t.ok}`
			);
			tableeRounds.push(t);
			const rr = await raceRelay(relay, CONFIG.raceClients);
			log(
				`  relay round ${r + 1}: all acks ${rr.allAcksMs} ms, all broadcasts ${rr.allBroadcastsMs} ms, ack-only ${rr.ackOnlyAllAcksMs} ms`
			);
			relayRounds.push(rr);
		}
		const race: RaceResult = {
			clients: CONFIG.raceClients,
			tablee: {
				rounds: tableeRounds.map(({ ok: _ok, ...rest }) => rest),
				allAcksMedianMs: round(median(tableeRounds.map((t) => t.allAcksMs))),
				exactlyOneWinnerEveryRound: tableeRounds.every((t) => t.ok)
			},
			relay: {
				rounds: relayRounds,
				allAcksMedianMs: round(median(relayRounds.map((t) => t.allAcksMs))),
				ackOnlyMedianMs: round(median(relayRounds.map((t) => t.ackOnlyAllAcksMs)))
			}
		};

		await measureSync(tablee, `after the load phases (${maxClients} members, thousands of claims)`, maxClients, bytes);
		for (const s of systems) s.close();
		childCpuUs += cpuTotal(await tableeServer.stats()) + cpuTotal(await relayServer.stats());
		await Promise.all([tableeServer.stop(), relayServer.stop()]);

		log(`memory, ${CONFIG.idleConnections} idle connections, on fresh servers`);
		const [memTablee, memRelay] = await Promise.all([startChild('tablee-server.ts'), startChild('relay-server.ts')]);
		const fresh = memTablee.info as ChildHandle['info'] & { mealId: string; joinCode: string };
		const tokens: string[] = [];
		for (let i = 0; i < CONFIG.idleConnections + 5; i++) {
			tokens.push((await joinMember(memTablee.url, fresh.joinCode, `Idle ${i + 1}`)).token);
		}
		const memory = [
			await measureMemory(
				'tablee',
				memTablee,
				() => connectBoard(memTablee.url, { role: 'member', mealId: fresh.mealId, token: tokens.pop()! }),
				CONFIG.idleConnections
			),
			await measureMemory(
				'relay',
				memRelay,
				async () => {
					const socket = io(memRelay.url, { transports: ['websocket'], forceNew: true, reconnection: false });
					await withTimeout(
						new Promise<void>((resolve) => socket.once('connect', () => resolve())),
						10_000,
						'idle connect'
					);
					return { close: () => socket.disconnect() };
				},
				CONFIG.idleConnections
			)
		];
		for (const m of memory) log(`  ${m.system}: ${m.rssPer100Mb} MB RSS per 100 connections`);
		childCpuUs += cpuTotal(await memTablee.stats()) + cpuTotal(await memRelay.stats());
		await Promise.all([memTablee.stop(), memRelay.stop()]);

		const wallMs = performance.now() - loadWindow.wall;
		const busy = machineBusyMs();
		const clientCpu = process.cpuUsage(loadWindow.cpu);
		const ownMs = (clientCpu.user + clientCpu.system + childCpuUs) / 1000;
		const machine = {
			...parallelism,
			otherLoadBeforeStart: quiet.otherCores,
			loadAverageAtStart: loadWindow.loadavg,
			loadAverageAtEnd: round(loadavg()[0]!, 2),
			otherLoadCores:
				busy !== undefined && loadWindow.busy !== undefined
					? round(Math.max(0, busy - loadWindow.busy - ownMs) / wallMs, 2)
					: undefined
		};
		log(`machine: ${JSON.stringify(machine)}`);

		const results: Results = {
			meta: {
				date: new Date().toISOString(),
				cpu: cpus()[0]?.model ?? 'unknown',
				cores: cpus().length,
				memoryGb: round(totalmem() / 1024 ** 3, 1),
				node: process.version,
				os: `${platform()} ${release()} ${arch()}`,
				quick: QUICK,
				durationS: 0,
				config: CONFIG
			},
			machine,
			breakdown,
			fanout,
			throughput,
			bytes,
			race,
			memory
		};
		results.meta.durationS = round((performance.now() - startedAt) / 1000, 1);
		writeFileSync(join(ROOT, 'bench', 'results.json'), JSON.stringify(results, null, '\t') + '\n');
		writeFileSync(join(ROOT, 'docs', 'benchmarks.md'), renderMarkdown(results));
		log(`wrote bench/results.json and docs/benchmarks.md in ${results.meta.durationS} s`);
		if (!race.tablee.exactlyOneWinnerEveryRound) throw new Error('race: not exactly one winner in every round');
	} finally {
		for (const s of systems) s.close();
		await Promise.allSettled([tableeServer.stop(), relayServer.stop()]);
	}
}

// ---------------------------------------------------------------------------------------
// Helpers

function cpuTotal(stats: ChildStats): number {
	return stats.cpuUser + stats.cpuSystem;
}

function cpuDelta(before: ChildStats, after: ChildStats): number {
	return after.cpuUser - before.cpuUser + (after.cpuSystem - before.cpuSystem);
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
