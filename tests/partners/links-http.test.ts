/**
 * The partner-links staff page over real HTTP against the production build: the page and
 * its actions for anonymous, staff of another canteen, staff of this canteen and an
 * administrator; scope across canteens; malformed input on every field, each refusal
 * leaving the stored links as they were; a created link opens the partner API at once.
 */
import { describe, expect, it } from 'vitest';
import { loadHandler } from '../browser/build.ts';
import { HttpClient } from '../helpers/http-client.ts';
import { startServer } from '../helpers/server.ts';
import { staffUser } from '../planning/series-fixtures.ts';

describe('partner links over HTTP', async () => {
	const server = await startServer({ appHandler: await loadHandler() });
	const { storage } = server.tablee;
	for (const [id, name] of [
		['canteen_a', 'Cantine du Canal'],
		['canteen_b', 'Cantine des Lilas'],
		['canteen_c', 'Cantine du Port']
	])
		await storage.meals.createCanteen({ id: id!, name: name!, createdAt: 1 });
	const staffA = new HttpClient(
		server.url,
		(await staffUser(storage, { canteenIds: ['canteen_a', 'canteen_c'] })).token
	);
	const staffB = new HttpClient(server.url, (await staffUser(storage, { canteenIds: ['canteen_b'] })).token);
	const admin = new HttpClient(
		server.url,
		(await staffUser(storage, { role: 'admin', canteenIds: ['canteen_b'] })).token
	);
	const anonymous = new HttpClient(server.url);
	const page = '/staff/canteens/canteen_a/partners';
	const snapshot = async () =>
		JSON.stringify([
			await storage.partners.listPartnerLinks('canteen_a'),
			await storage.partners.listPartnerLinks('canteen_b')
		]);

	it('keeps the page and its actions to staff of the canteen and administrators', async () => {
		const refusals = [
			['anonymous', anonymous, { type: 'redirect', location: '/login' }],
			['staff of another canteen', staffB, { status: 403 }]
		] as const;
		for (const [who, client, expected] of refusals) {
			const before = await snapshot();
			expect(await client.load(page), who).toMatchObject(expected);
			expect(await client.post(`${page}?/create`, { label: 'Mairie' }), who).toMatchObject(expected);
			expect(await client.post(`${page}?/revoke`, { id: 'pl_x' }), who).toMatchObject(expected);
			expect(await snapshot(), who).toBe(before);
		}
		expect(await admin.load('/staff/canteens/canteen_nope/partners')).toMatchObject({ status: 404 });
		for (const [who, client] of [
			['staff of this canteen', staffA],
			['administrator', admin]
		] as const) {
			const created = await client.post(`${page}?/create`, { label: `Mairie (${who})`, expiresInDays: '30' });
			expect(created, who).toMatchObject({ type: 'success', data: { action: 'create', done: 'partnerLinks.created' } });
			const token = created.data!.token as string;
			expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
			// Only its hash is stored.
			const stored = await storage.partners.getPartnerLink(created.data!.id as string);
			expect(stored).toMatchObject({ label: `Mairie (${who})`, canteenIds: ['canteen_a'] });
			expect(JSON.stringify(stored)).not.toContain(token);
			expect(stored!.expiresAt! - stored!.createdAt).toBe(30 * 86_400_000);
			const api = await fetch(`${server.url}/api/partners/figures`, { headers: { authorization: `Bearer ${token}` } });
			expect(api.status, who).toBe(200);
		}
		const loaded = await staffA.load(page);
		expect(loaded.type).toBe('data');
		expect(loaded.text).toContain('Mairie (administrator)');
		expect(loaded.text).not.toMatch(/tokenHash|[0-9a-f]{64}/);
	});

	it('opens several canteens only when the person runs every one of them', async () => {
		const both = await staffA.post(`${page}?/create`, { label: 'Financeur', also: ['canteen_c'] });
		expect(both).toMatchObject({ type: 'success' });
		expect((await storage.partners.getPartnerLink(both.data!.id as string))?.canteenIds).toEqual([
			'canteen_a',
			'canteen_c'
		]);
		const before = await snapshot();
		expect(
			await staffA.post(`${page}?/create`, { label: 'Financeur', also: ['canteen_c', 'canteen_b'] })
		).toMatchObject({
			type: 'failure',
			status: 403,
			data: { action: 'create', error: 'partnerLinks.canteenInvalid' }
		});
		expect(await admin.post(`${page}?/create`, { label: 'Financeur', also: ['canteen_nope'] })).toMatchObject({
			type: 'failure',
			data: { error: 'partnerLinks.canteenInvalid' }
		});
		expect(await snapshot()).toBe(before);
		// Listed on each canteen it opens; revoked from one of them, it is revoked for all.
		expect((await storage.partners.listPartnerLinks('canteen_c')).map((l) => l.label)).toEqual(['Financeur']);
		expect(
			await staffA.post('/staff/canteens/canteen_c/partners?/revoke', { id: both.data!.id as string })
		).toMatchObject({
			type: 'success',
			data: { done: 'partnerLinks.revoked' }
		});
		expect((await storage.partners.getPartnerLink(both.data!.id as string))?.revokedAt).toEqual(expect.any(Number));
	});

	it('revokes: the token stops working at once; another canteen’s link is not found', async () => {
		const created = await staffA.post(`${page}?/create`, { label: 'Centre social' });
		const id = created.data!.id as string;
		const bearer = { headers: { authorization: `Bearer ${created.data!.token as string}` } };
		expect((await fetch(`${server.url}/api/partners/figures`, bearer)).status).toBe(200);
		expect(await staffB.post('/staff/canteens/canteen_b/partners?/revoke', { id })).toMatchObject({
			type: 'failure',
			status: 404,
			data: { error: 'partnerLinks.notFound' }
		});
		expect(await staffA.post(`${page}?/revoke`, { id })).toMatchObject({ type: 'success' });
		const refused = await fetch(`${server.url}/api/partners/figures`, bearer);
		expect(refused.status).toBe(401);
		expect(await refused.json()).toMatchObject({ code: 'link_revoked' });
	});

	it('answers malformed input on every field with a translated error and stores nothing', async () => {
		const cases: [string, Record<string, string | string[]>, string][] = [
			['create', {}, 'partnerLinks.labelInvalid'],
			['create', { label: '' }, 'partnerLinks.labelInvalid'],
			['create', { label: '   ' }, 'partnerLinks.labelInvalid'],
			['create', { label: 'x'.repeat(81) }, 'partnerLinks.labelInvalid'],
			['create', { label: 'a\u0000b' }, 'partnerLinks.labelInvalid'],
			['create', { label: '\u202eevil' }, 'partnerLinks.labelInvalid'],
			['create', { label: 'Mairie', expiresInDays: '0' }, 'partnerLinks.expiresInvalid'],
			['create', { label: 'Mairie', expiresInDays: '367' }, 'partnerLinks.expiresInvalid'],
			['create', { label: 'Mairie', expiresInDays: '1.5' }, 'partnerLinks.expiresInvalid'],
			['create', { label: 'Mairie', expiresInDays: '-3' }, 'partnerLinks.expiresInvalid'],
			['create', { label: 'Mairie', expiresInDays: 'trente' }, 'partnerLinks.expiresInvalid'],
			['create', { label: 'Mairie', also: '../etc' }, 'partnerLinks.canteenInvalid'],
			['create', { label: 'Mairie', also: 'x'.repeat(65) }, 'partnerLinks.canteenInvalid'],
			[
				'create',
				{ label: 'Mairie', also: Array.from({ length: 51 }, (_, i) => `c${i}`) },
				'partnerLinks.canteenInvalid'
			],
			['revoke', {}, 'auth.badForm'],
			['revoke', { id: '../etc' }, 'partnerLinks.notFound'],
			['revoke', { id: 'x'.repeat(5000) }, 'partnerLinks.notFound']
		];
		const before = await snapshot();
		for (const [action, fields, error] of cases) {
			const result = await staffA.post(`${page}?/${action}`, fields);
			expect(result, `${action} ${JSON.stringify(fields).slice(0, 80)}`).toMatchObject({
				type: 'failure',
				status: 400,
				data: { action, error }
			});
		}
		expect(await staffA.post(`${page}?/revoke`, { id: 'pl_nope' })).toMatchObject({ status: 404 });
		expect(await snapshot()).toBe(before);
	});
});
