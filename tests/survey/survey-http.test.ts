/**
 * The end-of-meal survey and the staff reports through the real thing: members join over
 * HTTP with device ids and answer over their own sockets; partners read the shares over
 * the JSON API; staff read them on their page and download the CSV; administrators read
 * the network view. Known answers give exact percentages; under 5 answers, none at all.
 * No name, member id, device id or respondent key reaches a CSV, a partner or the network view.
 */
import * as devalue from 'devalue';
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createMeal } from '../../server/board/meals.ts';
import { createPartnerLinks } from '../../server/partners/links.ts';
import { EXPORT_HEADER } from '../../server/reports/export.ts';
import type { NetworkFigures } from '../../server/reports/network.ts';
import { respondentKey } from '../../server/realtime/survey.ts';
import { localDate } from '../../src/lib/domain/local-time.ts';
import { weekOf } from '../../src/lib/partners/figures.ts';
import { parseCsv } from '../../src/lib/reports/csv.ts';
import type { SurveyAnswer } from '../../src/lib/survey/survey.ts';
import { loadHandler } from '../browser/build.ts';
import { HttpClient } from '../helpers/http-client.ts';
import { connect, startServer } from '../helpers/server.ts';
import { staffUser } from '../planning/series-fixtures.ts';
import {
	admin,
	count as n,
	deviceOf,
	few,
	joinWithDevice,
	memberSocket,
	partnerCanteen,
	personName,
	TIME_ZONE,
	type Joined
} from '../partners/fixtures.ts';

describe('the end-of-meal survey and staff reports over HTTP and sockets', async () => {
	const server = await startServer({ timeZone: TIME_ZONE, appHandler: await loadHandler() });
	const { storage } = server.tablee;
	const today = localDate({ at: Date.now(), timeZone: TIME_ZONE });
	const s = await partnerCanteen(server, 'canteen_s', 'Cantine du Sud');
	const t = await partnerCanteen(server, 'canteen_t', 'Cantine des Tilleuls');
	// A title a spreadsheet would run as a formula.
	await createMeal(storage, {
		canteenId: 'canteen_s',
		title: '=HYPERLINK("http://evil.example")',
		date: today,
		time: '19:00',
		status: 'planned',
		tasks: []
	});

	const members: Joined[] = [];
	for (let i = 0; i < 7; i++)
		members.push(
			await joinWithDevice(server.url, s.lunch.meal.joinCode, { name: personName(i), device: deviceOf('s', i) })
		);
	const sockets = await Promise.all(members.map((m) => memberSocket(server, m)));
	const elsewhere = await joinWithDevice(server.url, t.lunch.meal.joinCode, {
		name: personName(9),
		device: deviceOf('t', 9)
	});
	const elsewhereSocket = await memberSocket(server, elsewhere);
	const master = await connect(server.url, { role: 'master', mealId: s.lunch.meal.id, key: s.lunch.masterKey });
	const screen = await connect(server.url, { role: 'screen', mealId: s.lunch.meal.id, key: s.lunch.screenKey });

	const rows = () =>
		storage.surveys.listSurveyAnswers({ canteenIds: ['canteen_s', 'canteen_t'], from: '2000-01-01', to: '2999-12-31' });
	const answer = (i: number, payload: SurveyAnswer) => sockets[i]!.send('survey:answer', payload);

	const staffS = new HttpClient(server.url, (await staffUser(storage, { canteenIds: ['canteen_s'] })).token);
	const staffT = new HttpClient(server.url, (await staffUser(storage, { canteenIds: ['canteen_t'] })).token);
	const adminClient = new HttpClient(
		server.url,
		(await staffUser(storage, { role: 'admin', canteenIds: ['canteen_t'] })).token
	);
	const anonymous = new HttpClient(server.url);
	const link = await createPartnerLinks({ storage }).create(admin, 'canteen_s', {
		label: 'Centre social',
		alsoCanteenIds: ['canteen_t']
	});
	if (!link.ok) throw new Error(link.reason);
	const partnerFigures = async () => {
		const res = await fetch(`${server.url}/api/partners/figures`, {
			headers: { authorization: `Bearer ${link.token}` }
		});
		expect(res.status).toBe(200);
		const text = await res.text();
		payloads.push(text);
		return JSON.parse(text).canteens as { canteenId: string; figures: Record<string, unknown> }[];
	};
	/** A page's server data (pages render in the browser: the server sends their data as JSON). */
	const pageData = async (client: HttpClient, path: string) => {
		const res = await get(client, `${path}/__data.json`);
		expect(res.status).toBe(200);
		const text = await res.text();
		const body = JSON.parse(text) as { type: string; nodes: ({ type: string; data: unknown } | null)[] };
		expect(body.type).toBe('data');
		const data: Record<string, unknown> = {};
		for (const node of body.nodes)
			if (node?.type === 'data') Object.assign(data, devalue.unflatten(node.data as never));
		return { text, data };
	};
	const get = (client: HttpClient, path: string, headers: Record<string, string> = {}) =>
		fetch(`${server.url}${path}`, {
			redirect: 'manual',
			headers: { ...(client.cookie ? { cookie: client.cookie } : {}), ...headers }
		});

	/** Everything a partner, a CSV or the network view gave out, scanned at the end. */
	const payloads: string[] = [];

	it('stays closed until the meal is at the table, and to anyone but the meal’s members', async () => {
		expect(await answer(0, { community: 'yes' })).toMatchObject({ ok: false, code: 'survey_not_open' });
		expect(await sockets[0]!.send('survey:get', {})).toEqual({ ok: true, answer: null });
		expect(await master.send('meal:status', { status: 'cooking' })).toEqual({ ok: true });
		expect(await master.send('meal:status', { status: 'eating' })).toEqual({ ok: true });
		for (const [who, conn] of [
			['master', master],
			['screen', screen]
		] as const) {
			expect(await conn.send('survey:answer', { community: 'yes' }), who).toMatchObject({
				ok: false,
				code: 'forbidden'
			});
			expect(await conn.send('survey:get', {}), who).toMatchObject({ ok: false, code: 'forbidden' });
		}
		// A member of another canteen's meal answers for their own meal only, which is not at the table.
		expect(await elsewhereSocket.send('survey:answer', { community: 'yes' })).toMatchObject({
			ok: false,
			code: 'survey_not_open'
		});
		expect(await rows()).toEqual([]);
	});

	it('refuses bad input with a code and a reason, storing nothing', async () => {
		const cases: [unknown, string][] = [
			[{}, 'answer at least one question'],
			[{ community: 'maybe' }, 'community'],
			[{ community: null }, 'community'],
			[{ reachedOut: 'YES' }, 'reachedOut'],
			[{ community: 'yes', memberId: members[1]!.memberId }, 'memberId'],
			[{ community: ['yes'] }, 'community'],
			['yes', ''],
			[null, '']
		];
		for (const [payload, issue] of cases) {
			const ack = await sockets[0]!.send('survey:answer', payload as never);
			expect(ack, JSON.stringify(payload)).toMatchObject({
				ok: false,
				code: 'bad_request',
				message: expect.any(String)
			});
			if (issue && !ack.ok) expect(JSON.stringify(ack.issues), JSON.stringify(payload)).toContain(issue);
		}
		expect(await rows()).toEqual([]);
	});

	it('keeps one answer per member and meal: answering again replaces, rejoining from the same phone too', async () => {
		expect(await answer(0, { community: 'not-yet' })).toEqual({ ok: true, answer: { community: 'not-yet' } });
		expect(await answer(0, { community: 'yes', reachedOut: 'yes' })).toEqual({
			ok: true,
			answer: { community: 'yes', reachedOut: 'yes' }
		});
		// The same phone joins again (a new member id on the board): still one person.
		const again = await joinWithDevice(server.url, s.lunch.meal.joinCode, {
			name: personName(0),
			device: deviceOf('s', 0)
		});
		const againSocket = await memberSocket(server, again);
		expect(await againSocket.send('survey:get', {})).toEqual({
			ok: true,
			answer: { community: 'yes', reachedOut: 'yes' }
		});
		expect(await againSocket.send('survey:answer', { community: 'yes', reachedOut: 'yes' })).toMatchObject({
			ok: true
		});
		const stored = await rows();
		expect(stored).toEqual([
			{ mealId: s.lunch.meal.id, canteenId: 'canteen_s', date: today, community: 'yes', reachedOut: 'yes' }
		]);
		// Stored under a hash of the meal and the phone, not under the member.
		const device = (await storage.meals.getMember(members[0]!.memberId))!.deviceHash!;
		expect(
			await storage.surveys.getSurveyAnswer(s.lunch.meal.id, respondentKey(s.lunch.meal.id, `d:${device}`))
		).toMatchObject({
			community: 'yes'
		});
	});

	it('shows partners no percentage under 5 answers, and exact shares from 5 on, after the meal too', async () => {
		// A partner's own Yjs client watching the canteen's live feed.
		const doc = new Y.Doc();
		const watcher = new WebsocketProvider(`${server.url.replace('http', 'ws')}/yjs/partners`, 'canteen_s', doc, {
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			params: { key: link.token },
			disableBc: true
		});
		const live = () => doc.getMap('figures').get('surveyThisMonth') as Record<string, { answers: unknown }> | undefined;
		await vi.waitFor(() => expect(live()?.community?.answers).toEqual(few));
		expect(await answer(1, { community: 'yes', reachedOut: 'not-yet' })).toMatchObject({ ok: true });
		expect(await answer(2, { community: 'yes' })).toMatchObject({ ok: true });
		expect(await answer(3, { community: 'a-little', reachedOut: 'not-yet' })).toMatchObject({ ok: true });
		// Four answers to each question at most.
		let [south] = await partnerFigures();
		expect(south!.figures.surveyThisMonth).toEqual({
			community: { answers: few, percent: null },
			reachedOut: { answers: few, percent: null }
		});
		expect(await answer(4, { community: 'not-yet', reachedOut: 'rather-not-say' })).toMatchObject({ ok: true });
		expect(await master.send('meal:status', { status: 'closed' })).toEqual({ ok: true });
		// The goodbye screen asks too.
		expect(await answer(5, { community: 'rather-not-say', reachedOut: 'a-little' })).toMatchObject({ ok: true });
		// The feed follows the answers: the fifth one to the first question shows its shares.
		await vi.waitFor(() => expect(live()?.community?.answers).toEqual(n(6)));
		payloads.push(JSON.stringify(doc.getMap('figures').toJSON()));
		watcher.destroy();
		[south] = await partnerFigures();
		expect(south!.figures.surveyThisMonth).toEqual({
			// 6 answers: 3 yes (50 %), 1 each (16.7 → 17 %).
			community: { answers: n(6), percent: { yes: 50, 'a-little': 17, 'not-yet': 17, 'rather-not-say': 17 } },
			// 5 answers: 1 yes, 1 a little, 2 not yet, 1 rather not say.
			reachedOut: { answers: n(5), percent: { yes: 20, 'a-little': 20, 'not-yet': 40, 'rather-not-say': 20 } }
		});
		const [, tilleuls] = await partnerFigures();
		expect(tilleuls!.figures.surveyThisMonth).toEqual({
			community: { answers: few, percent: null },
			reachedOut: { answers: few, percent: null }
		});
	});

	it('shows the canteen’s staff the same shares on their page, and nobody else', async () => {
		const page = '/staff/canteens/canteen_s/figures';
		expect(await anonymous.load(page)).toMatchObject({ type: 'redirect', location: '/login' });
		expect(await staffT.load(page)).toMatchObject({ status: 403 });
		for (const client of [staffS, adminClient]) {
			const { text, data } = await pageData(client, page);
			const survey = (data.counts as { figures: { surveyThisMonth: unknown } }).figures.surveyThisMonth;
			expect(survey).toEqual({
				community: { answers: n(6), percent: { yes: 50, 'a-little': 17, 'not-yet': 17, 'rather-not-say': 17 } },
				reachedOut: { answers: n(5), percent: { yes: 20, 'a-little': 20, 'not-yet': 40, 'rather-not-say': 20 } }
			});
			payloads.push(text);
		}
	});

	it('exports attendance and survey aggregates as CSV, parsed back exactly, with formulas defused', async () => {
		const res = await get(staffS, `/staff/export?from=${today}&to=${today}&canteen=canteen_s`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe(
			`attachment; filename="tablee-canteen_s-${today}-${today}.csv"`
		);
		const text = await res.text();
		payloads.push(text);
		const [header, ...body] = parseCsv(text);
		expect(header).toEqual(EXPORT_HEADER);
		const col = (row: string[], name: string) => row[EXPORT_HEADER.indexOf(name)];
		const lunch = body.find((r) => col(r, 'time') === '12:00')!;
		// Seven phones and the first one again: eight on the board.
		expect([
			col(lunch, 'row'),
			col(lunch, 'canteen'),
			col(lunch, 'date'),
			col(lunch, 'stage'),
			col(lunch, 'people')
		]).toEqual(['meal', 'Cantine du Sud', today, 'closed', '8']);
		expect(body.map((r) => col(r, 'meal'))).toContain(`'=HYPERLINK("http://evil.example")`);
		const total = body.find((r) => col(r, 'row') === 'total')!;
		expect(col(total, 'people')).toBe('8');
		expect(total.slice(EXPORT_HEADER.indexOf('community_answers'))).toEqual([
			'6',
			'50',
			'17',
			'17',
			'17',
			'5',
			'20',
			'20',
			'40',
			'20'
		]);
		// The evening meal has no answer: "fewer than 5", no percentage.
		const evening = body.find((r) => col(r, 'time') === '19:00')!;
		expect(evening.slice(EXPORT_HEADER.indexOf('community_answers'))).toEqual([
			'fewer than 5',
			'',
			'',
			'',
			'',
			'fewer than 5',
			'',
			'',
			'',
			''
		]);
		for (const row of body) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
	});

	it('keeps the export to the canteens one runs, and an administrator to all', async () => {
		const path = (q: string) => `/staff/export?${q}`;
		const range = `from=${today}&to=${today}`;
		expect((await get(staffT, path(`${range}&canteen=canteen_s`))).status).toBe(403);
		expect((await get(staffS, path(`${range}&canteen=canteen_nope`))).status).toBe(403);
		expect((await get(adminClient, path(`${range}&canteen=canteen_nope`))).status).toBe(404);
		const anon = await get(anonymous, path(`${range}&canteen=canteen_s`));
		expect([anon.status, anon.headers.get('location')]).toEqual([303, '/login']);
		// A partner's token or a member's token opens no staff route.
		const partner = await get(anonymous, path(`${range}&canteen=canteen_s`), { authorization: `Bearer ${link.token}` });
		expect([partner.status, partner.headers.get('location')]).toEqual([303, '/login']);
		const member = await get(anonymous, path(`${range}&canteen=canteen_s`), {
			cookie: `tablee_session=${members[0]!.token}`
		});
		expect([member.status, member.headers.get('location')]).toEqual([303, '/login']);

		const canteensIn = async (client: HttpClient) => {
			const res = await get(client, path(`${range}&canteen=all`));
			expect(res.status).toBe(200);
			const text = await res.text();
			payloads.push(text);
			return [
				...new Set(
					parseCsv(text)
						.slice(1)
						.map((r) => r[1])
				)
			];
		};
		expect(await canteensIn(staffS)).toEqual(['Cantine du Sud']);
		expect((await canteensIn(adminClient)).sort()).toEqual(
			(await storage.meals.listCanteens()).map((c) => c.name).sort()
		);
	});

	it('refuses a malformed export query with 400 and the reason', async () => {
		const bad: [string, string][] = [
			[`from=2030-13-01&to=2030-12-31&canteen=canteen_s`, 'real date'],
			[`from=2030-02-30&to=2030-03-01&canteen=canteen_s`, 'real date'],
			[`from=yesterday&to=2030-12-31&canteen=canteen_s`, 'YYYY-MM-DD'],
			[`from=2030-03-02&to=2030-03-01&canteen=canteen_s`, 'after'],
			[`from=2029-01-01&to=2030-03-01&canteen=canteen_s`, '366'],
			[`from=2030-01-01&to=2030-03-01`, 'canteen'],
			[`from=2030-01-01&to=2030-03-01&canteen=../../etc`, 'canteen'],
			[`from=2030-01-01&to=2030-03-01&canteen=canteen_s&format=xlsx`, 'format'],
			[``, 'from']
		];
		for (const [q, reason] of bad) {
			const res = await get(staffS, `/staff/export?${q}`);
			expect(res.status, q).toBe(400);
			const body = await res.json();
			expect(body.error, q).toBe('bad_request');
			expect(JSON.stringify(body.issues), q).toContain(reason);
		}
	});

	it('shows administrators the network side by side and per week, and nobody else', async () => {
		const page = '/admin/network';
		expect(await anonymous.load(page)).toMatchObject({ type: 'redirect', location: '/login' });
		expect(await staffS.load(page)).toMatchObject({ status: 403 });
		const refusedHeaders: Record<string, string>[] = [
			{ authorization: `Bearer ${link.token}` },
			{ cookie: `tablee_session=${members[1]!.token}` }
		];
		for (const headers of refusedHeaders) {
			const res = await get(anonymous, page, headers);
			expect([res.status, res.headers.get('location')]).toEqual([303, '/login']);
		}
		const { text, data } = await pageData(adminClient, page);
		payloads.push(text);
		const network = data.network as NetworkFigures;
		const monday = weekOf(today).from;
		expect(network.weeks).toHaveLength(12);
		expect(network.weeks.at(-1)).toEqual({ from: monday, to: weekOf(today).to });
		const byId = new Map(network.canteens.map((c) => [c.canteenId, c]));
		expect([...byId.keys()].sort()).toEqual((await storage.meals.listCanteens()).map((c) => c.id).sort());
		const south = byId.get('canteen_s')!;
		// Eight on the board today, nobody before in these 12 weeks (the old meal is in 2000).
		expect(south.servedPerWeek).toEqual([...Array.from({ length: 11 }, () => few), n(8)]);
		expect(south.figures.arrivalsToday).toEqual(n(8));
		expect(south.surveyOverWeeks.community.percent).toEqual({
			yes: 50,
			'a-little': 17,
			'not-yet': 17,
			'rather-not-say': 17
		});
		expect(byId.get('canteen_t')!.servedPerWeek.at(-1)).toEqual(few);
		expect(byId.get('canteen_t')!.surveyOverWeeks.community).toEqual({ answers: few, percent: null });
	});

	it('never gives out a name, member id, device id or respondent key', async () => {
		const secrets = [
			...members.flatMap((m) => [m.name, m.memberId, m.device, m.token]),
			elsewhere.name,
			elsewhere.memberId,
			elsewhere.device
		];
		for (const m of members) {
			const device = (await storage.meals.getMember(m.memberId))!.deviceHash!;
			secrets.push(
				device,
				respondentKey(s.lunch.meal.id, `d:${device}`),
				respondentKey(s.lunch.meal.id, `m:${m.memberId}`)
			);
		}
		expect(payloads.length).toBeGreaterThanOrEqual(9);
		for (const payload of payloads) for (const secret of secrets) expect(payload).not.toContain(secret);
		// The stored rows hold no member either.
		const raw = JSON.stringify(await rows());
		for (const secret of secrets) expect(raw).not.toContain(secret);
	});
});
