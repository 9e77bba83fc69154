/**
 * `npm run start:cluster` for real: the script starts its own redis-server, initdb's and
 * starts a PostgreSQL, two instances and the balancer on one port. Through that one
 * address: /api/health, a join, phones on both instances (round robin) seeing each
 * other's claims. Ctrl-C (SIGINT) stops everything and the script exits 0.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../helpers/free-port.ts';
import { readDemoLinks } from '../helpers/process.ts';
import { connect, joinMember } from '../helpers/server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tablee-cluster-'));
// PostgreSQL runs as its own user when the tests run as root: it must reach its directory inside.
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const patiently = { timeout: 20_000, interval: 100 };

describe('npm run start:cluster', () => {
	it('serves one address from two instances on Redis + PostgreSQL, and stops cleanly on Ctrl-C', async () => {
		const port = await freePort();
		const child = spawn(process.execPath, ['--import', 'tsx', 'server/ops/cluster.ts'], {
			cwd: root,
			env: { ...process.env, PORT: String(port), CLUSTER_DIR: dir, DATABASE_URL: '' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
		child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
		const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
		afterAll(() => {
			if (child.exitCode === null) child.kill('SIGKILL');
		});
		await vi.waitFor(
			() => {
				if (child.exitCode !== null) throw new Error(`the cluster stopped:\n${output}`);
				expect(output).toMatch(/cluster ready on http:\/\/127\.0\.0\.1:\d+/);
			},
			{ timeout: 90_000, interval: 200 }
		);
		const url = `http://127.0.0.1:${port}`;

		const health = await (await fetch(`${url}/api/health`)).json();
		expect(health).toMatchObject({ ok: true, store: 'redis+postgres' });
		const instances = [...output.matchAll(/\[tablee-(\d)\] .*Tablée is listening on (http:\/\/\S+)/g)].map((m) => m[2]);
		expect(instances).toHaveLength(2);

		const links = readDemoLinks(join(dir, 'app'));
		const joined = await Promise.all(['Awa', 'Bruno'].map((name) => joinMember(url, links.code, name)));
		const phones = await Promise.all(
			joined.map((j) => connect(url, { role: 'member', mealId: links.mealId, token: j.token }))
		);
		const task = [...phones[0]!.state.tasks.values()].find((t) => t.slots >= 2)!;
		expect(await phones[0]!.send('task:claim', { taskId: task.id })).toEqual({ ok: true });
		expect(await phones[1]!.send('task:claim', { taskId: task.id })).toEqual({ ok: true });
		const both = joined.map((j) => j.memberId).sort();
		for (const phone of phones)
			await vi.waitFor(
				() =>
					expect(
						phone.state.tasks
							.get(task.id)!
							.claims.map((c) => c.memberId)
							.sort()
					).toEqual(both),
				patiently
			);
		// Round robin put one phone on each instance: the claims crossed instances.
		const perInstance = await Promise.all(
			instances.map(async (instance) => {
				const metrics = await (await fetch(`${instance}/metrics`)).text();
				return Number(/^tablee_connections (\d+)$/m.exec(metrics)?.[1]);
			})
		);
		expect(perInstance).toEqual([1, 1]);
		for (const phone of phones) phone.close();

		child.kill('SIGINT');
		expect(await exited).toBe(0);
		expect(output).toMatch(/\[cluster\] stopped/);
		// Nothing left listening: the balancer is gone and so are the instances.
		await expect(fetch(`${url}/api/health`)).rejects.toThrow();
		for (const instance of instances) await expect(fetch(`${instance}/healthz`)).rejects.toThrow();
	}, 180_000);
});
