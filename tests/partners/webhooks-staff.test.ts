/**
 * Webhooks on the partner-links staff page, over real HTTP against the production build:
 * staff of the canteen (and administrators) add one to a link and see its secret once,
 * see each webhook's recent deliveries (status, attempts, next retry) after a real meal
 * closes, and delete it; anonymous people and staff of another canteen can do nothing.
 */
import { describe, expect, it, vi } from 'vitest';
import { createMeal } from '../../server/board/meals.ts';
import { createPartnerLinks } from '../../server/partners/links.ts';
import { localDate } from '../../src/lib/domain/local-time.ts';
import { loadHandler } from '../browser/build.ts';
import { HttpClient } from '../helpers/http-client.ts';
import { connect, startServer } from '../helpers/server.ts';
import { staffUser } from '../planning/series-fixtures.ts';
import { admin, TIME_ZONE } from './fixtures.ts';
import { startReceiver } from './receiver.ts';

describe('webhooks on the staff page', async () => {
	const server = await startServer({
		timeZone: TIME_ZONE,
		appHandler: await loadHandler(),
		webhooks: { allowLocal: true, retry: { maxAttempts: 3, baseDelayMs: 3_600_000, maxDelayMs: 3_600_000 } }
	});
	const { storage } = server.tablee;
	await storage.meals.createCanteen({ id: 'canteen_s', name: 'Cantine du Square', createdAt: 1 });
	await storage.meals.createCanteen({ id: 'canteen_t', name: 'Cantine du Tram', createdAt: 1 });
	const made = await createPartnerLinks({ storage }).create(admin, 'canteen_s', {
		label: 'Mairie',
		alsoCanteenIds: []
	});
	if (!made.ok) throw new Error(made.reason);
	const linkId = made.link.id;
	const staff = new HttpClient(server.url, (await staffUser(storage, { canteenIds: ['canteen_s'] })).token);
	const stranger = new HttpClient(server.url, (await staffUser(storage, { canteenIds: ['canteen_t'] })).token);
	const anonymous = new HttpClient(server.url);
	const page = '/staff/canteens/canteen_s/partners';
	const receiver = await startReceiver(0, () => 503);
	const hooks = () => storage.webhooks.listWebhooks(linkId);

	it('keeps adding and deleting to staff of the canteen', async () => {
		for (const [who, client, expected] of [
			['anonymous', anonymous, { type: 'redirect', location: '/login' }],
			['staff of another canteen', stranger, { status: 403 }]
		] as const) {
			expect(await client.post(`${page}?/addWebhook`, { linkId, url: receiver.url }), who).toMatchObject(expected);
			expect(await client.post(`${page}?/deleteWebhook`, { linkId, id: 'wh_x' }), who).toMatchObject(expected);
		}
		// Through another canteen's page, this link is not found.
		const other = new HttpClient(server.url, (await staffUser(storage, { canteenIds: ['canteen_t'] })).token);
		expect(
			await other.post('/staff/canteens/canteen_t/partners?/addWebhook', { linkId, url: receiver.url })
		).toMatchObject({ type: 'failure', status: 404, data: { error: 'partnerLinks.notFound' } });
		expect(await hooks()).toEqual([]);
	});

	it('answers bad input with a translated message and stores nothing', async () => {
		const cases: [string, Record<string, string>, number, string][] = [
			['addWebhook', { linkId }, 400, 'webhooks.urlInvalid'],
			['addWebhook', { linkId, url: '' }, 400, 'webhooks.urlInvalid'],
			['addWebhook', { linkId, url: 'ftp://example.org/' }, 400, 'webhooks.urlInvalid'],
			['addWebhook', { linkId, url: 'http://example.org/' }, 400, 'webhooks.urlInvalid'],
			['addWebhook', { linkId, url: `https://e.org/${'a'.repeat(600)}` }, 400, 'webhooks.urlInvalid'],
			['addWebhook', { linkId: '../x', url: receiver.url }, 400, 'partnerLinks.notFound'],
			['addWebhook', { url: receiver.url }, 400, 'auth.badForm'],
			['addWebhook', { linkId: 'pl_nope', url: receiver.url }, 404, 'partnerLinks.notFound'],
			['deleteWebhook', { linkId, id: '../x' }, 400, 'webhooks.notFound'],
			['deleteWebhook', { linkId, id: 'wh_nope' }, 404, 'webhooks.notFound']
		];
		for (const [action, fields, status, error] of cases)
			expect(
				await staff.post(`${page}?/${action}`, fields),
				`${action} ${JSON.stringify(fields).slice(0, 60)}`
			).toMatchObject({
				type: 'failure',
				status,
				data: { action, error }
			});
		expect(await hooks()).toEqual([]);
	});

	it('adds one, shows its secret once, lists its deliveries and failures, deletes it', async () => {
		const added = await staff.post(`${page}?/addWebhook`, { linkId, url: receiver.url });
		expect(added).toMatchObject({ type: 'success', data: { action: 'addWebhook', done: 'webhooks.created' } });
		const secret = added.data!.secret as string;
		expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const [hook] = await hooks();
		expect(hook).toMatchObject({ url: receiver.url, createdBy: expect.stringMatching(/^u_/) });
		expect((await staff.load(page)).text).not.toContain(secret);

		// A meal opens and closes: the receiver answers 503, so both wait for a retry.
		const meal = await createMeal(storage, {
			canteenId: 'canteen_s',
			title: 'Déjeuner',
			date: localDate({ at: Date.now(), timeZone: TIME_ZONE }),
			time: '12:00',
			status: 'planned',
			tasks: []
		});
		const master = await connect(server.url, { role: 'master', mealId: meal.meal.id, key: meal.masterKey });
		expect(await master.send('meal:status', { status: 'open' })).toEqual({ ok: true });
		expect(await master.send('meal:status', { status: 'closed' })).toEqual({ ok: true });
		await vi.waitFor(async () =>
			expect((await storage.webhooks.listDeliveries(hook!.id, 10)).map((d) => d.attempts)).toEqual([1, 1])
		);
		const loaded = await staff.load(page);
		expect(loaded.type).toBe('data');
		for (const shown of ['meal.opened', 'meal.closed', 'pending', '503', 'nextAttemptAt', receiver.url])
			expect(loaded.text, shown).toContain(shown);
		expect(loaded.text).not.toContain(secret);

		const deleted = await staff.post(`${page}?/deleteWebhook`, { linkId, id: hook!.id });
		expect(deleted).toMatchObject({ type: 'success', data: { done: 'webhooks.deleted' } });
		expect(await hooks()).toEqual([]);
		expect(await storage.webhooks.listDeliveries(hook!.id, 10)).toEqual([]);
	});
});
