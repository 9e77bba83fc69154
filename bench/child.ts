/**
 * The child side of a benchmark server: announces itself on stdout (one JSON line with
 * its port), answers the parent's requests for memory and CPU figures over the IPC
 * channel, records a V8 CPU profile between two requests (the sampler `--cpu-prof` uses,
 * started over `node:inspector` so that only the window of interest is sampled), and
 * exits when asked, when the parent goes away, or after a hard time limit.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

export interface ChildStats {
	rss: number;
	heapUsed: number;
	/** process.cpuUsage() in microseconds since the child started. */
	cpuUser: number;
	cpuSystem: number;
}

type Request =
	| { type: 'stats'; id: number; gc?: boolean }
	| { type: 'profile-start'; id: number }
	| { type: 'profile-stop'; id: number; file: string }
	| { type: 'stop' };

/** No benchmark server outlives this, whatever happens to the parent. */
const HARD_LIMIT_MS = 20 * 60_000;

let inspector: Session | undefined;

function post(method: string, params?: object): Promise<unknown> {
	inspector ??= (() => {
		const session = new Session();
		session.connect();
		return session;
	})();
	const session = inspector;
	return new Promise((resolve, reject) =>
		session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result)))
	);
}

async function profile(message: Extract<Request, { type: 'profile-start' | 'profile-stop' }>): Promise<void> {
	if (message.type === 'profile-start') {
		await post('Profiler.enable');
		await post('Profiler.start');
	} else {
		const { profile } = (await post('Profiler.stop')) as { profile: unknown };
		writeFileSync(message.file, JSON.stringify(profile));
	}
	process.send?.({ type: 'profile', id: message.id });
}

export function serveChild(info: Record<string, unknown>, close: () => Promise<void>): void {
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		const force = setTimeout(() => process.exit(0), 3_000);
		force.unref();
		close().then(
			() => process.exit(0),
			() => process.exit(1)
		);
	};

	process.on('message', (message: Request) => {
		if (message.type === 'stop') return stop();
		if (message.type === 'profile-start' || message.type === 'profile-stop') {
			profile(message).catch((error: unknown) =>
				process.send?.({ type: 'profile', id: message.id, error: String(error) })
			);
			return;
		}
		if (message.type === 'stats') {
			const gc = (globalThis as { gc?: () => void }).gc;
			if (message.gc && gc) {
				gc();
				gc();
			}
			const memory = process.memoryUsage();
			const cpu = process.cpuUsage();
			const stats: ChildStats = {
				rss: memory.rss,
				heapUsed: memory.heapUsed,
				cpuUser: cpu.user,
				cpuSystem: cpu.system
			};
			process.send?.({ type: 'stats', id: message.id, stats });
		}
	});
	process.on('disconnect', stop);
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
	setTimeout(stop, HARD_LIMIT_MS).unref();

	process.stdout.write(JSON.stringify({ ready: true, pid: process.pid, ...info }) + '\n');
}
