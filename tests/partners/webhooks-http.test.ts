/**
 * Partner webhooks through the real thing: a partner registers webhooks with its token
 * over the JSON API, a Canteen Master opens and closes a meal over a real socket, and
 * real local HTTP receivers get signed POSTs. The delivery clock is the test's own
 * (`webhooks.now`), so backoff is checked to the millisecond without waiting: the
 * server's worker is asked to send what is due (`tick`) after the clock moves.
 */
import { describe, expect, it, vi } from 'vitest';
import { createMeal } from '../../server/board/meals.ts';
import { hashSecret } from '../../server/auth/secrets.ts';
import { createPartnerLinks } from '../../server/partners/links.ts';
import { localDate } from '../../src/lib/domain/local-time.ts';
import { connect, startServer } from '../helpers/server.ts';
import { admin, deviceOf, joinWithDevice, personName, TIME_ZONE, type Joined } from './fixtures.ts';
import { freePort, startReceiver, verifyDelivery, type Received } from './receiver.ts';

describe('partner webhooks', async () => {
	let clock = Date.now();
	const server = await startServer({
		timeZone: TIME_ZONE,
		webhooks: {
			allowLocal: true,
			now: () => clock,
			random: () => 0,
			retry: { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 60_000 },
			pollMs: 3_600_000,
			timeoutMs: 500
		}
	});
	const { storage, partnerWebhooks } = server.tablee;
	await storage.meals.createCanteen({ id: 'canteen_w', name: 'Cantine du Quai', createdAt: 1 });
	await storage.meals.createCanteen({ id: 'canteen_x', name: 'Cantine de la Gare', createdAt: 1 });
	const today = localDate({ at: Date.now(), timeZone: TIME_ZONE });
	const planned = await createMeal(storage, {
		canteenId: 'canteen_w',
		title: 'Déjeuner',
		date: today,
		time: '12:00',
		status: 'planned',
		tasks: []
	});
	const makeLink = async (canteenId: string) => {
		const made = await createPartnerLinks({ storage }).create(admin, canteenId, {
			label: 'Mairie',
			alsoCanteenIds: []
		});
		if (!made.ok) throw new Error(made.reason);
		return made;
	};
	const { token, link } = await makeLink('canteen_w');
	const other = await makeLink('canteen_x');
	const api = (path: string, init: RequestInit & { bearer?: string } = {}) =>
		fetch(`${server.url}/api/partners/webhooks${path}`, {
			...init,
			headers: {
				...(init.bearer !== undefined ? { authorization: `Bearer ${init.bearer}` } : {}),
				...(init.body ? { 'content-type': 'application/json' } : {})
			}
		});
	const register = async (url: string, bearer = token) => {
		const res = await api('', { method: 'POST', bearer, body: JSON.stringify({ url }) });
		return { status: res.status, body: (await res.json()) as Record<string, unknown> };
	};
	const rows = async (webhookId: string) => storage.webhooks.listDeliveries(webhookId, 50);

	// Receivers: one answers 500 three times then 204; one always 500; one hangs; one refuses.
	const closedPosts = (got: Received[]) => got.filter((r) => r.headers['tablee-event'] === 'meal.closed');
	const flaky = await startReceiver(0, (got) =>
		closedPosts(got).length <= 3 && closedPosts(got).length > 0 ? 500 : 204
	);
	const broken = await startReceiver(0, () => 500);
	const hanging = await startReceiver(0, () => 'hang');
	const refusedUrl = `http://127.0.0.1:${await freePort()}/hook`;
	const secrets = new Map<string, string>();
	const ids = new Map<string, string>();
	for (const [name, url] of [
		['flaky', flaky.url],
		['broken', broken.url],
		['hanging', hanging.url],
		['refused', refusedUrl]
	] as const) {
		const made = await register(url);
		expect(made.status, name).toBe(201);
		const webhook = made.body.webhook as { id: string; url: string };
		expect(webhook.url).toBe(url);
		expect(made.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
		secrets.set(name, made.body.secret as string);
		ids.set(name, webhook.id);
	}

	// Members who join: their names, ids, devices and tokens must reach no receiver.
	const members: Joined[] = [];
	const master = await connect(server.url, { role: 'master', mealId: planned.meal.id, key: planned.masterKey });

	it('registers through the API with the link token only, and never lists a secret', async () => {
		const listed = await api('', { bearer: token });
		expect(listed.status).toBe(200);
		const text = await listed.text();
		for (const secret of secrets.values()) expect(text).not.toContain(secret);
		const body = JSON.parse(text) as { webhooks: { id: string; createdBy: string }[] };
		expect(body.webhooks.map((w) => w.id).sort()).toEqual([...ids.values()].sort());
		expect(body.webhooks.every((w) => w.createdBy === 'partner')).toBe(true);
		// The secret is stored to sign with; nothing else about the link's token is.
		expect(JSON.stringify(await storage.webhooks.listWebhooks(link.id))).not.toContain(token);
		expect((await storage.partners.getPartnerLink(link.id))?.tokenHash).toBe(hashSecret(token));
	});

	it('refuses bad input, other links and other credentials with clear codes, storing nothing', async () => {
		const before = JSON.stringify(await storage.webhooks.listWebhooks(link.id));
		const cases: [RequestInit & { bearer?: string }, string, number, string][] = [
			[{ method: 'POST', body: JSON.stringify({ url: flaky.url }) }, '', 401, 'unauthorized'],
			[{ method: 'POST', bearer: 'x'.repeat(43), body: JSON.stringify({ url: flaky.url }) }, '', 401, 'unauthorized'],
			[
				{ method: 'POST', bearer: planned.masterKey, body: JSON.stringify({ url: flaky.url }) },
				'',
				401,
				'unauthorized'
			],
			[
				{ method: 'POST', bearer: planned.screenKey, body: JSON.stringify({ url: flaky.url }) },
				'',
				401,
				'unauthorized'
			],
			[{ method: 'POST', bearer: token, body: '{"url":' }, '', 400, 'bad_request'],
			[{ method: 'POST', bearer: token, body: JSON.stringify({}) }, '', 400, 'bad_request'],
			[{ method: 'POST', bearer: token, body: JSON.stringify({ url: 5 }) }, '', 400, 'bad_request'],
			[{ method: 'POST', bearer: token, body: JSON.stringify({ url: flaky.url, extra: 1 }) }, '', 400, 'bad_request'],
			[
				{ method: 'POST', bearer: token, body: JSON.stringify({ url: 'ftp://example.org/x' }) },
				'',
				422,
				'webhook_url_invalid'
			],
			[
				{ method: 'POST', bearer: token, body: JSON.stringify({ url: 'http://example.org/x' }) },
				'',
				422,
				'webhook_url_invalid'
			],
			[
				{ method: 'POST', bearer: token, body: JSON.stringify({ url: 'https://u:p@example.org/x' }) },
				'',
				422,
				'webhook_url_invalid'
			],
			[{ method: 'POST', bearer: token, body: JSON.stringify({ url: 'not a url' }) }, '', 422, 'webhook_url_invalid'],
			[
				{ method: 'POST', bearer: token, body: JSON.stringify({ url: `https://e.org/${'a'.repeat(600)}` }) },
				'',
				400,
				'bad_request'
			],
			[{ method: 'PUT', bearer: token }, '', 405, 'method_not_allowed'],
			[{ method: 'DELETE', bearer: token }, '/wh_nope', 404, 'webhook_not_found'],
			[{ method: 'DELETE', bearer: token }, '/../etc', 404, 'not_found'],
			[{ method: 'DELETE', bearer: other.token }, `/${ids.get('flaky')!}`, 404, 'webhook_not_found'],
			[{ method: 'GET', bearer: token }, `/${ids.get('flaky')!}`, 405, 'method_not_allowed']
		];
		for (const [init, path, status, code] of cases) {
			const res = await api(path, init);
			expect(res.status, `${init.method} ${path} ${String(init.body).slice(0, 40)}`).toBe(status);
			expect(await res.json()).toMatchObject({ code, message: expect.any(String) });
		}
		// The fifth is the last one a link may have.
		const fifth = await register(`${flaky.url}?fifth`);
		expect(fifth.status).toBe(201);
		expect(await register(`${flaky.url}?sixth`)).toMatchObject({ status: 409, body: { code: 'too_many_webhooks' } });
		const removed = await api(`/${(fifth.body.webhook as { id: string }).id}`, { method: 'DELETE', bearer: token });
		expect(removed.status).toBe(200);
		expect(JSON.stringify(await storage.webhooks.listWebhooks(link.id))).toBe(before);
		// The other link sees none of them.
		expect(await (await api('', { bearer: other.token })).json()).toMatchObject({ webhooks: [] });
	});

	it('posts meal.opened and meal.closed with the meal’s figures, signed, to every webhook of the canteen', async () => {
		expect(await master.send('meal:status', { status: 'open' })).toEqual({ ok: true });
		await vi.waitFor(() => expect(flaky.received).toHaveLength(1), 15_000);
		for (let i = 0; i < 6; i++)
			members.push(
				await joinWithDevice(server.url, planned.meal.joinCode, { name: personName(i), device: deviceOf('w', i) })
			);
		clock += 1_000;
		expect(await master.send('meal:status', { status: 'closed' })).toEqual({ ok: true });
		// A delivery and its first failure are stored before anything else is tried.
		await vi.waitFor(async () => {
			for (const id of ids.values())
				expect((await rows(id)).filter((d) => d.event === 'meal.closed' && d.attempts === 1)).toHaveLength(1);
		}, 15_000);
		const opened = JSON.parse(flaky.received[0]!.body) as Record<string, unknown>;
		expect(opened).toMatchObject({
			v: 1,
			event: 'meal.opened',
			canteen: { id: 'canteen_w', name: 'Cantine du Quai' },
			meal: { id: planned.meal.id, date: today, time: '12:00', status: 'open' },
			figures: { arrivals: { kind: 'fewer-than-5' }, checkedIn: { kind: 'fewer-than-5' } }
		});
		const closed = flaky.received
			.map((r) => JSON.parse(r.body) as Record<string, unknown>)
			.find((b) => b.event === 'meal.closed')!;
		// Six joined (and so checked in): exact counts at 5 and over; parts under the small-count rule.
		expect(closed).toMatchObject({
			event: 'meal.closed',
			meal: { status: 'closed' },
			figures: {
				arrivals: { kind: 'count', value: 6 },
				checkedIn: { kind: 'count', value: 6 },
				visits: {
					firstTime: { kind: 'count', value: 6 },
					returning: { kind: 'fewer-than-5' },
					unknown: { kind: 'fewer-than-5' }
				},
				ageMix: { notGiven: { kind: 'count', value: 6 } }
			}
		});
		const first = flaky.received.find((r) => r.body === JSON.stringify(closed))!;
		expect(first.headers['tablee-event']).toBe('meal.closed');
		expect(first.headers['tablee-delivery']).toBe(closed.deliveryId);
		expect(first.headers['content-type']).toBe('application/json');
		verifyDelivery({
			secret: secrets.get('flaky')!,
			headers: first.headers,
			body: first.body,
			nowSeconds: Math.floor(clock / 1000),
			seen: new Set()
		});
	});

	it('verifies only the right secret, body and timestamp, and a delivery id once (replay)', () => {
		const got = flaky.received.at(-1)!;
		const now = Math.floor(clock / 1000);
		const ok = { secret: secrets.get('flaky')!, headers: got.headers, body: got.body, nowSeconds: now };
		const seen = new Set<string>();
		verifyDelivery({ ...ok, seen });
		expect(() => verifyDelivery({ ...ok, seen })).toThrow('replayed');
		expect(() => verifyDelivery({ ...ok, seen: new Set(), secret: secrets.get('broken')! })).toThrow('bad signature');
		expect(() => verifyDelivery({ ...ok, seen: new Set(), body: got.body.replace('closed', 'opened') })).toThrow(
			'bad signature'
		);
		expect(() => verifyDelivery({ ...ok, seen: new Set(), nowSeconds: now + 301 })).toThrow('too old');
		const replayed: Received = { ...got, headers: { ...got.headers, 'tablee-timestamp': String(now + 600) } };
		expect(() => verifyDelivery({ ...ok, ...replayed, seen: new Set(), nowSeconds: now + 600 })).toThrow(
			'bad signature'
		);
	});

	it('retries after 500s with exponential backoff and jitter, then succeeds; the same delivery id each time', async () => {
		const id = ids.get('flaky')!;
		const closedRow = async () => (await rows(id)).find((d) => d.event === 'meal.closed')!;
		const sentBefore = () => flaky.received.filter((r) => r.headers['tablee-event'] === 'meal.closed').length;
		// random() is 0: the wait is half the exponential step (1 s, 2 s, 4 s → 0.5 s, 1 s, 2 s).
		let row = await closedRow();
		expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500 });
		const waits = [500, 1_000];
		let due = row.nextAttemptAt;
		expect(due - clock).toBe(waits[0]);
		for (const wait of waits) {
			const sent = sentBefore();
			clock = due - 1;
			await partnerWebhooks.tick();
			expect(sentBefore(), 'not before it is due').toBe(sent);
			clock = due;
			await partnerWebhooks.tick();
			expect(sentBefore()).toBe(sent + 1);
			row = await closedRow();
			if (row.status === 'pending') {
				expect(row.nextAttemptAt - clock).toBe(wait * 2);
				due = row.nextAttemptAt;
			}
		}
		clock = due;
		await partnerWebhooks.tick();
		expect(await closedRow()).toMatchObject({ status: 'delivered', attempts: 4, lastStatus: 204 });
		const posts = closedPosts(flaky.received);
		expect(posts).toHaveLength(4);
		expect(new Set(posts.map((r) => r.headers['tablee-delivery'])).size).toBe(1);
		expect(new Set(posts.map((r) => r.body)).size).toBe(1);
		// A receiver that dedups by id acts once.
		const seen = new Set<string>();
		const acted = posts.filter((r) => {
			try {
				verifyDelivery({
					secret: secrets.get('flaky')!,
					headers: r.headers,
					body: r.body,
					nowSeconds: Math.floor(clock / 1000),
					toleranceSeconds: 3600,
					seen
				});
				return true;
			} catch {
				return false;
			}
		});
		expect(acted).toHaveLength(1);
	});

	it('gives up after the last attempt, on 500s, timeouts and refused connections, and says why', async () => {
		for (let round = 0; round < 6; round++) {
			clock += 60_000;
			await partnerWebhooks.tick();
		}
		const last = async (name: string) => (await rows(ids.get(name)!)).find((d) => d.event === 'meal.closed')!;
		expect(await last('broken')).toMatchObject({ status: 'failed', attempts: 4, lastStatus: 500 });
		expect(await last('hanging')).toMatchObject({ status: 'failed', attempts: 4, lastError: 'timeout' });
		expect(await last('refused')).toMatchObject({ status: 'failed', attempts: 4, lastError: 'refused' });
		expect(broken.received.filter((r) => r.headers['tablee-event'] === 'meal.closed')).toHaveLength(4);
		const sent = broken.received.length;
		clock += 3_600_000;
		await partnerWebhooks.tick();
		expect(broken.received).toHaveLength(sent);
		// What the partner (and staff) see of it.
		const listed = (await (await api('', { bearer: token })).json()) as {
			webhooks: { id: string; deliveries: { event: string; status: string; attempts: number }[] }[];
		};
		const hook = listed.webhooks.find((w) => w.id === ids.get('refused'))!;
		expect(hook.deliveries[0]).toMatchObject({
			event: 'meal.closed',
			status: 'failed',
			attempts: 4,
			lastError: 'refused'
		});
	});

	it('stops delivering to a revoked link', async () => {
		const { token: t2, link: l2 } = await makeLink('canteen_w');
		const receiver = await startReceiver();
		expect((await register(receiver.url, t2)).status).toBe(201);
		await createPartnerLinks({ storage }).revoke(admin, 'canteen_w', l2.id);
		expect((await register(receiver.url, t2)).status).toBe(401);
		const again = await createMeal(storage, {
			canteenId: 'canteen_w',
			title: 'Dîner',
			date: today,
			time: '19:00',
			status: 'planned',
			tasks: []
		});
		const m2 = await connect(server.url, { role: 'master', mealId: again.meal.id, key: again.masterKey });
		expect(await m2.send('meal:status', { status: 'open' })).toEqual({ ok: true });
		await vi.waitFor(() => expect(flaky.received.some((r) => r.body.includes(again.meal.id))).toBe(true), 15_000);
		await partnerWebhooks.tick();
		expect(receiver.received).toEqual([]);
	});

	it('never carries a name, member id, device id or token', () => {
		const everything = [flaky, broken, hanging].flatMap((r) => r.received.map((x) => JSON.stringify(x)));
		expect(everything.length).toBeGreaterThan(10);
		for (const text of everything)
			for (const m of members) {
				expect(text).not.toContain(m.name);
				expect(text).not.toContain(m.name.slice(0, 10));
				expect(text).not.toContain(m.memberId);
				expect(text).not.toContain(m.device);
				expect(text).not.toContain(m.token);
				expect(text).not.toContain(hashSecret(m.device));
			}
	});
});
