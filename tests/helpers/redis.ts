/**
 * A real `redis-server` of the test's own: a free port, a temp directory, AOF on (so a
 * restart keeps every acknowledged write), no RDB snapshots. `kill` and `start` let a
 * fault test take it down and bring it back on the same port and data. Every server
 * started here is killed, and its directory removed, after the test file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { freePort } from './free-port.ts';

export interface TestRedis {
	url: string;
	port: number;
	dir: string;
	/** Stops the server (SIGKILL by default: a crash) and resolves once it is gone. */
	kill(signal?: NodeJS.Signals): Promise<void>;
	/** Starts it again on the same port and directory; resolves when it accepts connections. */
	start(): Promise<void>;
	/** SIGSTOP: the process holds its connections and answers nothing (a frozen host, a lost network). */
	freeze(): void;
	/** SIGCONT: it answers everything it was sent meanwhile. */
	thaw(): void;
}

const running = new Set<ChildProcess>();
const dirs: string[] = [];
afterAll(() => {
	for (const child of running) child.kill('SIGKILL');
	running.clear();
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function launch(port: number, dir: string): Promise<ChildProcess> {
	const child = spawn(
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
			// 'always': a reply means the write is in the file, so a SIGKILL (the fault tests')
			// cannot take an acknowledged append with it. With 'everysec' a slow fsync lets Redis
			// postpone the write up to 2 s while already answering: a flake on a loaded machine.
			'--appendfsync',
			'always',
			'--save',
			'',
			'--daemonize',
			'no',
			'--loglevel',
			'notice'
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	running.add(child);
	child.once('exit', () => running.delete(child));
	let output = '';
	return new Promise((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			if (output.includes('Ready to accept connections')) {
				child.stdout.off('data', onData);
				child.stdout.resume();
				resolve(child);
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		child.once('error', reject);
		child.once('exit', (code, signal) =>
			reject(new Error(`redis-server exited before it was ready (${code ?? signal}):\n${output}`))
		);
	});
}

export async function startRedis(): Promise<TestRedis> {
	const dir = mkdtempSync(join(tmpdir(), 'tablee-redis-'));
	dirs.push(dir);
	const port = await freePort();
	let child: ChildProcess | null = await launch(port, dir);
	return {
		url: `redis://127.0.0.1:${port}`,
		port,
		dir,
		async kill(signal = 'SIGKILL') {
			const current = child;
			child = null;
			if (!current || current.exitCode !== null || current.signalCode !== null) return;
			const gone = new Promise<void>((resolve) => current.once('exit', () => resolve()));
			current.kill(signal);
			await gone;
		},
		async start() {
			if (child) throw new Error('redis-server is already running');
			child = await launch(port, dir);
		},
		freeze() {
			child?.kill('SIGSTOP');
		},
		thaw() {
			child?.kill('SIGCONT');
		}
	};
}
