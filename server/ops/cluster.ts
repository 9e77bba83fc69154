/**
 * `npm run start:cluster`: Tablée scaled out on one machine, for trying it by hand — a
 * redis-server (AOF on), a PostgreSQL (initdb in ./data/cluster/postgres, or
 * DATABASE_URL when given), two Tablée instances and the small balancer (balancer.ts)
 * on one address (PORT, default 3000). Ctrl-C (or SIGTERM) stops everything: the
 * balancer, then each instance drains (SIGTERM), then Redis and PostgreSQL shut down.
 *
 * Needs `redis-server` on PATH and, without DATABASE_URL, PostgreSQL's binaries (Debian:
 * /usr/lib/postgresql/<version>/bin). Run `npm run build` first to get the pages too.
 * Environment: PORT, HOST, CLUSTER_DIR (default ./data/cluster), DATABASE_URL,
 * TABLEE_INSTANCES (default 2). See docs/scale-out.md.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBalancer, type Balancer } from './balancer.ts';

const root = fileURLToPath(
	new URL(import.meta.url.includes('/dist-server/') ? '../../../' : '../../', import.meta.url)
);
const dir = resolve(process.env.CLUSTER_DIR ?? join(root, 'data', 'cluster'));
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const instances = Number(process.env.TABLEE_INSTANCES ?? 2);

const children: { name: string; child: ChildProcess; stop: NodeJS.Signals }[] = [];
let balancer: Balancer | undefined;
let stopping = false;

function say(line: string) {
	console.log(`[cluster] ${line}`);
}

function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port: free } = server.address() as { port: number };
			server.close(() => resolvePort(free));
		});
	});
}

/**
 * Starts a child in its own process group (Ctrl-C reaches this script only, which stops
 * the children in order), prefixes its output, and resolves once `ready` matches it.
 */
function launch({
	name,
	command,
	args,
	env = {},
	ready,
	stop = 'SIGTERM',
	user
}: {
	name: string;
	command: string;
	args: string[];
	env?: Record<string, string>;
	ready: RegExp;
	stop?: NodeJS.Signals;
	user?: { uid: number; gid: number };
}): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
	const child = spawn(command, args, {
		cwd: root,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
		...user
	});
	children.push({ name, child, stop });
	let seen = '';
	return new Promise((resolveReady, reject) => {
		let done = false;
		const onData = (chunk: Buffer) => {
			const text = chunk.toString('utf8');
			for (const line of text.split('\n')) if (line.trim()) process.stdout.write(`[${name}] ${line}\n`);
			if (done) return;
			seen += text;
			const match = ready.exec(seen);
			if (match) {
				done = true;
				resolveReady({ child, match });
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('error', reject);
		child.once('exit', (code, signal) => {
			if (!done) reject(new Error(`${name} exited before it was ready (${code ?? signal})`));
			else if (!stopping) {
				say(`${name} exited (${code ?? signal}); stopping the cluster`);
				void stopAll(1);
			}
		});
	});
}

function postgresBin(): string {
	const base = '/usr/lib/postgresql';
	const versions = existsSync(base)
		? readdirSync(base)
				.filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (!versions[0]) throw new Error('PostgreSQL is not installed (apt-get install postgresql), or set DATABASE_URL.');
	return join(base, versions[0], 'bin');
}

/** PostgreSQL refuses to run as root: then it runs as the `postgres` user, which owns its directory. */
function postgresUser(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	return {
		uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
		gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
	};
}

async function startPostgres(): Promise<string> {
	const bin = postgresBin();
	const user = postgresUser();
	const pgDir = join(dir, 'postgres');
	const data = join(pgDir, 'data');
	mkdirSync(pgDir, { recursive: true });
	if (user) chownSync(pgDir, user.uid, user.gid);
	if (!existsSync(join(data, 'PG_VERSION'))) {
		say(`initdb ${data}`);
		execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'tablee', '--auth=trust', '--encoding=UTF8', '--locale=C'], {
			...user,
			cwd: pgDir,
			stdio: 'pipe'
		});
	}
	const pgPort = await freePort();
	await launch({
		name: 'postgres',
		command: join(bin, 'postgres'),
		args: ['-D', data, '-p', String(pgPort), '-k', pgDir, '-c', 'listen_addresses=127.0.0.1'],
		ready: /database system is ready to accept connections/,
		// SIGINT: PostgreSQL's "fast" shutdown (what `pg_ctl stop -m fast` sends).
		stop: 'SIGINT',
		user
	});
	return `postgres://tablee@127.0.0.1:${pgPort}/postgres`;
}

async function startRedis(): Promise<string> {
	const redisDir = join(dir, 'redis');
	mkdirSync(redisDir, { recursive: true });
	const redisPort = await freePort();
	await launch({
		name: 'redis',
		command: 'redis-server',
		args: [
			'--port',
			String(redisPort),
			'--bind',
			'127.0.0.1',
			'--dir',
			redisDir,
			'--appendonly',
			'yes',
			'--appendfsync',
			'everysec',
			'--save',
			''
		],
		ready: /Ready to accept connections/
	});
	return `redis://127.0.0.1:${redisPort}`;
}

async function stopAll(code: number) {
	if (stopping) return;
	stopping = true;
	say('stopping: balancer, then the instances (draining), then Redis and PostgreSQL');
	await balancer?.close();
	const stopGroup = async (names: (name: string) => boolean) => {
		await Promise.all(
			children
				.filter((c) => names(c.name))
				.map(
					({ child, stop }) =>
						new Promise<void>((resolveExit) => {
							if (child.exitCode !== null || child.signalCode !== null) return resolveExit();
							child.once('exit', () => resolveExit());
							child.kill(stop);
						})
				)
		);
	};
	await stopGroup((name) => name.startsWith('tablee-'));
	await stopGroup((name) => !name.startsWith('tablee-'));
	say('stopped');
	process.exit(code);
}

async function main() {
	mkdirSync(dir, { recursive: true });
	const redisUrl = await startRedis();
	const databaseUrl = process.env.DATABASE_URL || (await startPostgres());
	const publicUrl = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
	const urls: string[] = [];
	// One after the other: the first creates the tables and the demo meal, the next finds them.
	for (let i = 1; i <= instances; i++) {
		const { match } = await launch({
			name: `tablee-${i}`,
			command: process.execPath,
			args: ['--import', 'tsx', 'server/main.ts'],
			env: {
				PORT: '0',
				HOST: '127.0.0.1',
				// Shared by the instances: only links.json lives there when scaled out.
				DATA_DIR: join(dir, 'app'),
				REDIS_URL: redisUrl,
				DATABASE_URL: databaseUrl,
				TABLEE_TRUST_PROXY: 'true',
				// The banner this script waits for is an info line.
				LOG_LEVEL: 'info',
				PUBLIC_URL: process.env.PUBLIC_URL ?? publicUrl
			},
			ready: /Tablée is listening on (http:\/\/\S+)/
		});
		urls.push(match[1]!.replace(/\s.*$/, ''));
	}
	balancer = await startBalancer({ backends: urls, port, host });
	say(`${instances} instances behind ${balancer.url} (WebSocket; long-polling sticky by cookie)`);
	say(`instances: ${urls.join(', ')} · redis: ${redisUrl} · postgres: ${databaseUrl.replace(/\/\/[^@]*@/, '//')}`);
	say(`cluster ready on ${balancer.url}`);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
main().catch((error) => {
	console.error(`[cluster] ${error instanceof Error ? error.message : String(error)}`);
	void stopAll(1);
});
