/**
 * The partner API over real HTTP: members join a real server with device ids and check in
 * over real sockets; a partner's token then reads exact counts under the small-count rule.
 * Scope, expiry and revocation are enforced with clear codes, and no payload a partner
 * can fetch carries a name, member id or device id of those members.
 */
import { describe, expect, it } from 'vitest';
import { createPartnerLinks } from '../../server/partners/links.ts';
import { loadHandler } from '../browser/build.ts';
import { startServer } from '../helpers/server.ts';
import {
	memberSocket,
	deviceOf,
	joinWithDevice,
	partnerCanteen,
	personName,
	TIME_ZONE,
	type Joined,
	admin,
	few,
	count as n
} from './fixtures.ts';

const DAY = 86_400_000;

describe('partner figures over HTTP', async () => {
	const server = await startServer({ timeZone: TIME_ZONE, appHandler: await loadHandler() });
	const { storage } = server.tablee;
	const p = await partnerCanteen(server, 'canteen_p', 'Cantine du Port');
	const q = await partnerCanteen(server, 'canteen_q', 'Cantine des Quais');
	const links = createPartnerLinks({ storage });
	const link = async (canteenId: string, over: { now?: () => number; expiresInDays?: number } = {}) => {
		const made = await createPartnerLinks({ storage, now: over.now }).create(admin, canteenId, {
			label: 'Centre social',
			alsoCanteenIds: [],
			...(over.expiresInDays ? { expiresInDays: over.expiresInDays } : {})
		});
		if (!made.ok) throw new Error(made.reason);
		return made;
	};
	const get = (token: string | undefined, query = '') =>
		fetch(`${server.url}/api/partners/figures${query}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

	// Six came to the meal in 2000 and come back today; two come for the first time.
	const joined: Joined[] = [];
	for (let i = 0; i < 6; i++)
		joined.push(
			await joinWithDevice(server.url, p.old.meal.joinCode, { name: personName(i), device: deviceOf('p', i) })
		);
	const today: Joined[] = [];
	for (let i = 0; i < 8; i++)
		today.push(
			await joinWithDevice(server.url, p.lunch.meal.joinCode, { name: personName(i), device: deviceOf('p', i) })
		);
	joined.push(...today);
	// Five chose to share an age bracket (the phone's About me sheet writes this record).
	for (let i = 0; i < 5; i++)
		await storage.people.putProfile({
			canteenId: 'canteen_p',
			key: `d:${(await storage.meals.getMember(today[i]!.memberId))!.deviceHash}`,
			consentAt: 1,
			facts: [{ id: 'f1', kind: 'free', text: `Secret fact ${i}`, tags: [] }],
			languages: [],
			ageBracket: '18-25',
			updatedAt: 1
		});
	// Joining checks a phone in; three leave again over their sockets: five here now.
	const conns: Awaited<ReturnType<typeof memberSocket>>[] = [];
	for (const member of today.slice(0, 4)) conns.push(await memberSocket(server, member));
	for (const conn of conns.slice(0, 3)) expect(await conn.send('member:checkout', {})).toEqual({ ok: true });

	const payloads: string[] = [];

	it('gives exact counts, hiding every figure under 5 and a second part beside a lone hidden one', async () => {
		const { token } = await link('canteen_p');
		const res = await get(token);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
		const body = await res.text();
		payloads.push(body);
		expect(JSON.parse(body)).toEqual({
			v: 1,
			at: expect.any(Number),
			expiresAt: null,
			canteens: [
				{
					canteenId: 'canteen_p',
					name: 'Cantine du Port',
					figures: {
						presentNow: n(5),
						arrivalsToday: n(8),
						servedThisWeek: n(8),
						servedThisMonth: n(8),
						// 2 first-time and 0 unknown are hidden: 6 returning can show.
						visitsToday: { firstTime: few, returning: n(6), unknown: few },
						// 18-25, chosen before the brackets changed, still counts as under 30.
						ageMixToday: { under30: n(5), from30To50: few, over50: few, notGiven: few },
						surveyThisMonth: { community: { answers: few, percent: null }, reachedOut: { answers: few, percent: null } }
					}
				}
			]
		});
	});

	it('follows check-outs: under 5 present reads "fewer than 5"', async () => {
		const { token } = await link('canteen_p');
		expect(await conns[3]!.send('member:checkout', {})).toEqual({ ok: true });
		const body = await (await get(token)).text();
		payloads.push(body);
		expect(JSON.parse(body).canteens[0].figures.presentNow).toEqual(few);
		expect(JSON.parse(body).canteens[0].figures.arrivalsToday).toEqual(n(8));
	});

	it('keeps a link to its canteens: all of them by default, one on request, never another', async () => {
		const both = await links.create(admin, 'canteen_p', { label: 'Financeur', alsoCanteenIds: ['canteen_q'] });
		if (!both.ok) throw new Error(both.reason);
		const all = await (await get(both.token)).json();
		expect(all.canteens.map((c: { canteenId: string }) => c.canteenId)).toEqual(['canteen_p', 'canteen_q']);
		expect(all.canteens[1].figures.arrivalsToday).toEqual(few);
		const one = await (await get(both.token, '?canteen=canteen_q')).json();
		expect(one.canteens.map((c: { canteenId: string }) => c.canteenId)).toEqual(['canteen_q']);
		payloads.push(JSON.stringify(all), JSON.stringify(one));

		const { token } = await link('canteen_p');
		const outside = await get(token, '?canteen=canteen_q');
		expect(outside.status).toBe(403);
		expect(await outside.json()).toMatchObject({ code: 'forbidden' });
		const unknown = await get(token, '?canteen=canteen_nope');
		expect(unknown.status).toBe(403);
		const malformed = await get(token, '?canteen=../etc');
		expect(malformed.status).toBe(400);
		expect(await malformed.json()).toMatchObject({ code: 'bad_request' });
		expect(q.lunch.meal.canteenId).toBe('canteen_q');
	});

	it('refuses missing, malformed, unknown, expired and revoked tokens with clear codes', async () => {
		const refusals: [string, Response, string][] = [
			['no header', await get(undefined), 'unauthorized'],
			['short', await get('abc'), 'unauthorized'],
			['unknown', await get('A'.repeat(43)), 'unauthorized']
		];
		const basic = await fetch(`${server.url}/api/partners/figures`, {
			headers: { authorization: 'Basic Zm9vOmJhcg==' }
		});
		refusals.push(['basic scheme', basic, 'unauthorized']);
		// Made two days ago for one day: expired a day ago.
		const expired = await link('canteen_p', { now: () => Date.now() - 2 * DAY, expiresInDays: 1 });
		refusals.push(['expired', await get(expired.token), 'link_expired']);
		const revoked = await link('canteen_p');
		expect((await get(revoked.token)).status).toBe(200);
		expect(await links.revoke(admin, 'canteen_p', revoked.link.id)).toEqual({ ok: true });
		refusals.push(['revoked', await get(revoked.token), 'link_revoked']);
		for (const [who, res, code] of refusals) {
			expect(res.status, who).toBe(401);
			expect(res.headers.get('www-authenticate'), who).toBe('Bearer realm="partners"');
			expect(await res.json(), who).toMatchObject({ code, message: expect.any(String) });
		}
		// A live link with a future expiry works and says when it ends.
		const later = await link('canteen_p', { expiresInDays: 30 });
		const body = await (await get(later.token)).json();
		expect(body.expiresAt).toBe(later.link.expiresAt);
		const post = await fetch(`${server.url}/api/partners/figures`, {
			method: 'POST',
			headers: { authorization: `Bearer ${later.token}` }
		});
		expect(post.status).toBe(405);
	});

	it('never carries a name, member id, device id, token or shared fact of a member', async () => {
		const { token } = await link('canteen_p');
		payloads.push(await (await get(token)).text());
		payloads.push(await (await fetch(`${server.url}/partners`)).text());
		const secrets = joined.flatMap((j) => [j.name, j.name.split(' ')[0]!, j.memberId, j.device, j.token]);
		const hashes = (await storage.meals.listMealMembers(p.lunch.meal.id)).map((m) => m.deviceHash!);
		secrets.push(...hashes, 'Secret fact');
		expect(payloads.length).toBeGreaterThanOrEqual(6);
		for (const payload of payloads) for (const secret of secrets) expect(payload).not.toContain(secret);
	});
});
