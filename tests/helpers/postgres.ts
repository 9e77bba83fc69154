/**
 * A real PostgreSQL of the test's own, from Debian's packages (`apt-get install
 * postgresql`, which `.ci/run` does when missing): `initdb` into a temp directory, then
 * the `postgres` server on a free port, listening on 127.0.0.1 and a socket in that same
 * directory — never the machine's own cluster on 5432. Debian keeps the binaries off PATH,
 * under /usr/lib/postgresql/<version>/bin. PostgreSQL refuses to run as root, so when the
 * tests do, both run as the `postgres` OS user, which owns the directory.
 *
 * The server runs with fsync off: tests prove what survives a process crash, which the
 * WAL gives without fsync; power loss is the operator's settings' business (docs).
 * Every server started here is stopped, and its directory removed, after the test file.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { freePort } from './free-port.ts';

export interface TestPostgres {
	/** Connection string for the superuser `tablee` to the `postgres` database. */
	url: string;
	port: number;
	/** A connection string to `database` on this server. */
	urlFor(database: string): string;
	kill(signal?: NodeJS.Signals): Promise<void>;
	/** `pg_ctl stop -m fast`, as an operator stops it; resolves once the server is gone. */
	stop(): Promise<void>;
	/** Starts it again on the same port and data directory; resolves when it accepts connections. */
	start(): Promise<void>;
}

const running = new Set<ChildProcess>();
const dirs: string[] = [];
afterAll(async () => {
	await Promise.all(
		[...running].map(
			(child) =>
				new Promise<void>((resolve) => {
					child.once('exit', () => resolve());
					// SIGQUIT: immediate shutdown, the server's own children included.
					child.kill('SIGQUIT');
				})
		)
	);
	running.clear();
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The newest installed PostgreSQL's bin directory. */
export function postgresBin(): string {
	const base = '/usr/lib/postgresql';
	const versions = existsSync(base)
		? readdirSync(base)
				.filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (!versions[0]) throw new Error('PostgreSQL is not installed: apt-get install postgresql (see .ci/run)');
	return join(base, versions[0], 'bin');
}

/** Who runs the server: ourselves, or the `postgres` user when we are root. */
function runAs(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

export async function startPostgres(): Promise<TestPostgres> {
	const bin = postgresBin();
	const user = runAs();
	const dir = mkdtempSync(join(tmpdir(), 'tablee-pg-'));
	dirs.push(dir);
	if (user) chownSync(dir, user.uid, user.gid);
	const data = join(dir, 'data');
	execFileSync(
		join(bin, 'initdb'),
		['-D', data, '-U', 'tablee', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'],
		{ ...user, cwd: dir, stdio: 'pipe' }
	);
	const port = await freePort();
	const launch = () => launchPostgres({ bin, data, dir, port, user });
	let child: ChildProcess = await launch();
	const urlFor = (database: string) => `postgres://tablee@127.0.0.1:${port}/${database}`;
	const gone = (current: ChildProcess) =>
		current.exitCode !== null || current.signalCode !== null
			? Promise.resolve()
			: new Promise<void>((resolve) => current.once('exit', () => resolve()));
	return {
		url: urlFor('postgres'),
		port,
		urlFor,
		async kill(signal = 'SIGQUIT') {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = gone(child);
			child.kill(signal);
			await exited;
		},
		async stop() {
			const exited = gone(child);
			execFileSync(join(bin, 'pg_ctl'), ['-D', data, 'stop', '-m', 'fast', '-w'], { ...user, cwd: dir, stdio: 'pipe' });
			await exited;
		},
		async start() {
			if (child.exitCode === null && child.signalCode === null) throw new Error('postgres is already running');
			child = await launch();
		}
	};
}

async function launchPostgres({
	bin,
	data,
	dir,
	port,
	user
}: {
	bin: string;
	data: string;
	dir: string;
	port: number;
	user: { uid: number; gid: number } | undefined;
}): Promise<ChildProcess> {
	const child = spawn(
		join(bin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			dir,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'fsync=off',
			'-c',
			'max_connections=200'
		],
		{ ...user, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }
	);
	running.add(child);
	child.once('exit', () => running.delete(child));
	await new Promise<void>((resolve, reject) => {
		let output = '';
		const onData = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			if (output.includes('database system is ready to accept connections')) {
				child.stderr.off('data', onData);
				child.stderr.resume();
				resolve();
			}
		};
		child.stderr.on('data', onData);
		child.stdout.resume();
		child.once('error', reject);
		child.once('exit', (code, signal) =>
			reject(new Error(`postgres exited before it was ready (${code ?? signal}):\n${output}`))
		);
	});
	return child;
}
