/**
 * A load-generator process (started by run.ts, several at once so that one event loop
 * does not have to read every frame): holds the phones of the meals the parent gives it,
 * and during a measurement window has each meal's claimer claim and release its task
 * 4 times a second (open loop, on a schedule), timing each change from the claimer's emit
 * to its arrival on the LAST other phone of the meal. Talks to the parent over IPC only;
 * every wait is bounded, and it exits when the parent goes away.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
	connectClaimer,
	connectReceiver,
	joinMembers,
	type Claimer,
	type MealAddress,
	type Phone,
	type ReceiverInfo
} from './phones.ts';

export interface MealSpec extends MealAddress {
	/** The meal's number on its server (0, 1, …). */
	index: number;
	/** Phones in this meal, the claimer included. */
	size: number;
	/** Tablée: join this many members first (the claimer is the first). */
	join?: boolean;
}

export type WorkerRequest =
	| { type: 'grow'; id: number; target: string; meals: MealSpec[] }
	| { type: 'window'; id: number; target: string; durationMs: number; graceMs: number; perSecond: number }
	| { type: 'bytes'; id: number; target: string; ops: number; syncs: number }
	| { type: 'shrink'; id: number; target: string; meals: number }
	| { type: 'close'; id: number; target: string };

export interface WindowReport {
	/** Emit → last other phone, ms, one per change emitted in the window. */
	latencies: number[];
	/** Changes still not on every phone when the grace period ended (counted at that age). */
	censored: number;
	errors: string[];
	/** Update frames received by every phone of the target (claimers included). */
	frames: number;
	/** Frames and TCP bytes read by the receivers (claimers excluded). */
	receiverFrames: number;
	receiverBytes: number;
	/** Frames that matched no change (should be 0: nothing else writes the boards). */
	stray: number;
	/** How late the generator emitted, ms (p99), and its event-loop delay p99: its own health. */
	emitLagP99: number;
	loopDelayP99: number;
	/** This generator process's CPU time over the window, µs. */
	cpuUs: number;
}

export interface BytesReport {
	claim: number[];
	release: number[];
	/** A phone joining a board: TCP bytes read and written until it has the board. */
	sync: { read: number; written: number; syncPayload: number }[];
}

interface Pending {
	t0: number;
	got: number;
	expect: number;
	window?: WindowAcc;
	done?: () => void;
}

interface WindowAcc {
	latencies: number[];
	open: number;
	errors: string[];
	settled?: () => void;
}

class MealRun {
	readonly receivers: { phone: Phone; count: number }[] = [];
	claimer!: Claimer;
	sent = 0;
	claimed = false;
	readonly pending = new Map<number, Pending>();

	constructor(
		readonly spec: MealSpec,
		readonly stats: TargetStats
	) {}

	received(index: number) {
		const r = this.receivers[index]!;
		const k = ++r.count;
		this.stats.frames++;
		this.stats.receiverFrames++;
		const p = this.pending.get(k);
		if (!p) {
			this.stats.stray++;
			return;
		}
		if (++p.got < p.expect) return;
		this.pending.delete(k);
		const latency = performance.now() - p.t0;
		if (p.window) {
			p.window.latencies.push(latency);
			if (--p.window.open === 0) p.window.settled?.();
		}
		p.done?.();
	}

	/** One change, numbered: the k-th update every receiver gets is this meal's k-th change. */
	emit(window?: WindowAcc): Promise<void> {
		const k = ++this.sent;
		const kind = this.claimed ? 'release' : 'claim';
		this.claimed = !this.claimed;
		const arrived = new Promise<void>((resolve) => {
			this.pending.set(k, { t0: performance.now(), got: 0, expect: this.receivers.length, window, done: resolve });
		});
		if (window) window.open++;
		this.claimer.op(kind).catch((error: unknown) => {
			(window?.errors ?? this.stats.errors).push(String(error));
		});
		return arrived;
	}
}

interface TargetStats {
	frames: number;
	receiverFrames: number;
	stray: number;
	errors: string[];
}

const targets = new Map<string, { meals: MealRun[]; stats: TargetStats }>();

function targetOf(name: string) {
	let t = targets.get(name);
	if (!t) {
		t = { meals: [], stats: { frames: 0, receiverFrames: 0, stray: 0, errors: [] } };
		targets.set(name, t);
	}
	return t;
}

async function grow(target: string, specs: MealSpec[]): Promise<number> {
	const t = targetOf(target);
	for (const spec of specs) {
		const meal = new MealRun(spec, t.stats);
		if (spec.join && spec.joinCode) {
			spec.tokens = await joinMembers(spec.url, spec.joinCode, spec.size, `Cook ${spec.room}`);
		}
		meal.claimer = connectClaimer(spec, () => t.stats.frames++);
		const phones: Promise<void>[] = [meal.claimer.ready];
		for (let slot = 1; slot < spec.size; slot++) {
			const index = meal.receivers.length;
			const phone = connectReceiver(spec, slot, () => meal.received(index));
			meal.receivers.push({ phone, count: 0 });
			phones.push(phone.ready);
			// A few dozen handshakes in flight at a time, as phones arriving at a meal.
			if (phones.length >= 40) await Promise.all(phones.splice(0));
		}
		await Promise.all(phones);
		t.meals.push(meal);
	}
	return t.meals.reduce((n, m) => n + m.spec.size, 0);
}

function sleep(ms: number) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

async function runWindow(
	target: string,
	durationMs: number,
	graceMs: number,
	perSecond: number
): Promise<WindowReport> {
	const t = targetOf(target);
	const acc: WindowAcc = { latencies: [], open: 0, errors: [] };
	const frames0 = t.stats.frames;
	const receiverFrames0 = t.stats.receiverFrames;
	const stray0 = t.stats.stray;
	const bytes = () => t.meals.reduce((s, m) => s + m.receivers.reduce((b, r) => b + r.phone.bytesRead(), 0), 0);
	const bytes0 = bytes();
	const lags: number[] = [];
	const cpu0 = process.cpuUsage();
	const loop = monitorEventLoopDelay({ resolution: 5 });
	loop.enable();
	const interval = 1000 / perSecond;
	const start = performance.now();
	// Each meal on its own schedule, at a random phase, so the changes spread over time.
	await Promise.all(
		t.meals.map(async (meal) => {
			const phase = Math.random() * interval;
			for (let i = 0; ; i++) {
				const due = start + phase + i * interval;
				if (due >= start + durationMs) break;
				const wait = due - performance.now();
				if (wait > 0) await sleep(wait);
				lags.push(performance.now() - due);
				void meal.emit(acc);
			}
		})
	);
	if (acc.open > 0) {
		await new Promise<void>((resolve) => {
			const timer = setTimeout(resolve, graceMs);
			acc.settled = () => {
				clearTimeout(timer);
				resolve();
			};
		});
	}
	loop.disable();
	// What has not reached every phone by now is counted at its age (a lower bound).
	let censored = 0;
	const now = performance.now();
	for (const meal of t.meals) {
		for (const p of meal.pending.values()) {
			if (p.window !== acc) continue;
			acc.latencies.push(now - p.t0);
			p.window = undefined;
			censored++;
		}
	}
	lags.sort((a, b) => a - b);
	const cpu = process.cpuUsage(cpu0);
	return {
		latencies: acc.latencies,
		censored,
		errors: acc.errors.slice(0, 5),
		frames: t.stats.frames - frames0,
		receiverFrames: t.stats.receiverFrames - receiverFrames0,
		receiverBytes: bytes() - bytes0,
		stray: t.stats.stray - stray0,
		emitLagP99: lags[Math.floor(lags.length * 0.99)] ?? NaN,
		loopDelayP99: loop.percentile(99) / 1e6,
		cpuUs: cpu.user + cpu.system
	};
}

/** On the target's first meal: bytes one receiver reads per change, and per initial sync. */
async function measureBytes(target: string, ops: number, syncs: number): Promise<BytesReport> {
	const meal = targetOf(target).meals[0];
	if (!meal) throw new Error(`no meal for ${target}`);
	const probe = meal.receivers[0]!.phone;
	const report: BytesReport = { claim: [], release: [], sync: [] };
	for (let i = 0; i < ops; i++) {
		const kind = meal.claimed ? 'release' : 'claim';
		const before = probe.bytesRead();
		await Promise.race([meal.emit(), sleep(10_000)]);
		await sleep(20);
		report[kind].push(probe.bytesRead() - before);
	}
	for (let i = 0; i < syncs; i++) {
		const info: ReceiverInfo = { syncPayload: NaN };
		// A second phone of a member already here (Tablée), so the board does not change.
		const phone = connectReceiver(meal.spec, 1, () => {}, info);
		await phone.ready;
		await sleep(50);
		report.sync.push({ read: phone.bytesRead(), written: phone.bytesWritten(), syncPayload: info.syncPayload });
		phone.close();
		await sleep(50);
	}
	return report;
}

/** Keeps the target's meals numbered below `meals`; the others' phones all leave. */
function shrink(target: string, meals: number) {
	const t = targets.get(target);
	if (!t) return;
	for (const meal of t.meals.filter((m) => m.spec.index >= meals)) {
		meal.claimer.close();
		for (const r of meal.receivers) r.phone.close();
	}
	t.meals = t.meals.filter((m) => m.spec.index < meals);
}

process.on('message', (message: WorkerRequest) => {
	const reply = (body: object) => process.send?.({ id: message.id, ...body });
	const fail = (error: unknown) =>
		reply({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
	switch (message.type) {
		case 'grow':
			grow(message.target, message.meals).then((connections) => reply({ connections }), fail);
			break;
		case 'window':
			runWindow(message.target, message.durationMs, message.graceMs, message.perSecond).then(
				(report) => reply({ report }),
				fail
			);
			break;
		case 'bytes':
			measureBytes(message.target, message.ops, message.syncs).then((report) => reply({ report }), fail);
			break;
		case 'shrink':
			shrink(message.target, message.meals);
			reply({});
			break;
		case 'close':
			shrink(message.target, 0);
			targets.delete(message.target);
			reply({});
			break;
	}
});
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(3), 25 * 60_000).unref();
process.send?.({ id: 0, ready: true });
