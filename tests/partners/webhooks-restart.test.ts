/**
 * A pending delivery survives the server: the real server runs as a child process, a
 * meal closes while the partner's receiver is down (connection refused), the process is
 * SIGKILLed, the receiver comes up, and a new process on the same data directory sends
 * the delivery — signed, with the same delivery id.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { hashSecret, newSecret } from '../../server/auth/secrets.ts';
import { DEMO_CANTEEN_ID } from '../../server/seed/demo.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { readDemoLinks, startServerProcess } from '../helpers/process.ts';
import { connect } from '../helpers/server.ts';
import { freePort, startReceiver, verifyDelivery } from './receiver.ts';

const env = { TABLEE_WEBHOOKS_LOCAL: 'true', TABLEE_WEBHOOK_RETRY_MS: '300' };

describe('webhook deliveries across a restart', () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'tablee-webhooks-'));
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('sends after a SIGKILL what the killed process could not', async () => {
		const first = await startServerProcess(dataDir, env);
		const demo = readDemoLinks(dataDir);
		// A partner link for the demo canteen, written as the staff page would.
		const token = newSecret();
		const storage = openSqliteStorage({ dataDir });
		await storage.partners.createPartnerLink({
			id: 'pl_restart',
			tokenHash: hashSecret(token),
			label: 'Mairie',
			canteenIds: [DEMO_CANTEEN_ID],
			createdBy: 'test',
			createdAt: Date.now()
		});
		await storage.close();

		const port = await freePort();
		const url = `http://127.0.0.1:${port}/hook`;
		const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
		const made = await fetch(`${first.url}/api/partners/webhooks`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ url })
		});
		expect(made.status).toBe(201);
		const { secret } = (await made.json()) as { secret: string };

		const master = await connect(first.url, { role: 'master', mealId: demo.mealId, key: demo.masterKey });
		expect(await master.send('meal:status', { status: 'closed' })).toEqual({ ok: true });
		master.close();
		type Listed = {
			webhooks: { deliveries: { id: string; status: string; attempts: number; lastError?: string }[] }[];
		};
		const deliveries = async (base: string) =>
			((await (await fetch(`${base}/api/partners/webhooks`, { headers })).json()) as Listed).webhooks[0]!.deliveries;
		await vi.waitFor(async () =>
			expect((await deliveries(first.url))[0]).toMatchObject({ status: 'pending', lastError: 'refused' })
		);
		const [pending] = await deliveries(first.url);
		await first.kill('SIGKILL');

		const receiver = await startReceiver(port);
		const second = await startServerProcess(dataDir, env);
		await vi.waitFor(() => expect(receiver.received).toHaveLength(1), { timeout: 20_000, interval: 100 });
		const got = receiver.received[0]!;
		expect(got.headers['tablee-delivery']).toBe(pending!.id);
		verifyDelivery({
			secret,
			headers: got.headers,
			body: got.body,
			nowSeconds: Math.floor(Date.now() / 1000),
			seen: new Set()
		});
		expect(JSON.parse(got.body)).toMatchObject({ event: 'meal.closed', meal: { id: demo.mealId, status: 'closed' } });
		await vi.waitFor(async () =>
			expect((await deliveries(second.url))[0]).toMatchObject({ id: pending!.id, status: 'delivered' })
		);
		expect((await deliveries(second.url))[0]!.attempts).toBeGreaterThanOrEqual(2);
		await second.kill('SIGTERM');
	}, 60_000);
});
