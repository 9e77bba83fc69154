/**
 * Runs the real server entry (server/main.ts) as a child process, the way an operator
 * does, so a test can SIGKILL it and start it again on the same DATA_DIR. Every child
 * started here is killed after the test file, whatever happened.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildServer {
	url: string;
	port: number;
	dataDir: string;
	child: ChildProcess;
	/** Everything the process wrote so far, stdout and stderr interleaved. */
	output(): string;
	/** Resolves with the exit code or signal once the process is gone. */
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface DemoLinks {
	mealId: string;
	code: string;
	masterKey: string;
	screenKey: string;
}

const children = new Set<ChildProcess>();
afterAll(() => {
	for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	children.clear();
});

/** Starts `node --import tsx server/main.ts` on a free port and waits for its banner. */
export function startServerProcess(
	dataDir: string,
	env: Record<string, string> = {},
	readyTimeoutMs = 30_000
): Promise<ChildServer> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
		cwd: root,
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			LOG_LEVEL: 'info',
			TABLEE_SEED: 'demo',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.add(child);
	let output = '';
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.once('exit', (code, signal) => {
			children.delete(child);
			resolve({ code, signal });
		})
	);

	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`server did not start within ${readyTimeoutMs} ms:\n${output}`));
		}, readyTimeoutMs);
		const onData = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			const match = /Tablée is listening on (http:\/\/[^\s:]+:(\d+))/.exec(output);
			if (!match) return;
			child.stdout.off('data', onData);
			// Keep draining, so a chatty child never blocks on a full pipe.
			child.stdout.on('data', (more: Buffer) => (output += more.toString('utf8')));
			clearTimeout(timer);
			resolve({
				url: match[1]!,
				port: Number(match[2]),
				dataDir,
				child,
				output: () => output,
				exited,
				kill(signal = 'SIGKILL') {
					if (child.exitCode === null && child.signalCode === null) child.kill(signal);
					return exited;
				}
			});
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		void exited.then(({ code, signal }) => {
			clearTimeout(timer);
			reject(new Error(`server exited before it was ready (code ${code}, signal ${signal}):\n${output}`));
		});
	});
}

/** The demo links the server wrote on first start, split into what a test needs. */
export function readDemoLinks(dataDir: string): DemoLinks {
	const links = JSON.parse(readFileSync(join(dataDir, 'links.json'), 'utf8')) as {
		master: string;
		screen: string;
		code: string;
	};
	const master = /^\/master\/([^#]+)#key=(.+)$/.exec(links.master);
	const screen = /^\/screen\/([^#]+)#key=(.+)$/.exec(links.screen);
	if (!master || !screen) throw new Error(`unexpected links.json: ${JSON.stringify(links)}`);
	return { mealId: master[1]!, masterKey: master[2]!, screenKey: screen[2]!, code: links.code };
}

export interface Finished {
	code: number | null;
	output: string;
}

/** Runs a command of this repository to its end (the server when it must refuse, a CLI). */
export function runToExit(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<Finished> {
	const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
		cwd: root,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', TABLEE_SEED: 'demo', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.add(child);
	let output = '';
	const collect = (chunk: Buffer) => {
		output += chunk.toString('utf8');
		// A server that should have refused but started: stop it now, the output says why.
		if (output.includes('Tablée is listening on')) child.kill('SIGKILL');
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${args.join(' ')} did not finish within ${timeoutMs} ms:\n${output}`));
		}, timeoutMs);
		child.once('exit', (code) => {
			clearTimeout(timer);
			children.delete(child);
			resolve({ code, output });
		});
	});
}

/** Starts the server on a data directory it must refuse: resolves with its exit and output. */
export function startServerExpectingRefusal(dataDir: string, env: Record<string, string> = {}): Promise<Finished> {
	return runToExit(['server/main.ts'], { DATA_DIR: dataDir, ...env });
}
