/**
 * The partners' live feed over the read-only y-websocket endpoint, driven by y-websocket's
 * own WebsocketProvider as the conformance client: it sees the counts change as members
 * join over HTTP and leave over Socket.IO, cannot write, is refused without a valid token
 * for the canteen, is closed when its link is revoked, and the document holds no name,
 * member id or device id.
 */
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE_READ_ONLY, CLOSE_REVOKED } from '../../server/realtime/yjs-ws.ts';
import { startServer } from '../helpers/server.ts';
import {
	deviceOf,
	joinWithDevice,
	memberSocket,
	partnerCanteen,
	personName,
	TIME_ZONE,
	type Joined,
	admin,
	few,
	count as n
} from './fixtures.ts';

describe('the partners’ live feed over y-websocket', async () => {
	const server = await startServer({ timeZone: TIME_ZONE, joinRate: { burst: 100, perSecond: 100 } });
	const { partnerLinks } = server.tablee;
	const wsUrl = server.url.replace('http', 'ws');
	const p = await partnerCanteen(server, 'canteen_p', 'Cantine du Port');
	await partnerCanteen(server, 'canteen_q', 'Cantine des Quais');
	const link = async (canteenId: string) => {
		const made = await partnerLinks.create(admin, canteenId, { label: 'Centre social', alsoCanteenIds: [] });
		if (!made.ok) throw new Error(made.reason);
		return made;
	};

	function provider(canteenId: string, key: string) {
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(`${wsUrl}/yjs/partners`, canteenId, doc, {
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			params: { key },
			disableBc: true
		});
		const closed = new Promise<{ code: number }>((resolve) => provider.on('connection-close', (e) => e && resolve(e)));
		return { doc, provider, closed, figures: () => doc.getMap('figures').toJSON() };
	}

	function refusal(path: string): Promise<number> {
		return new Promise((resolve, reject) => {
			const ws = new WebSocket(`${wsUrl}${path}`);
			ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
			ws.on('open', () => reject(new Error('upgraded')));
			ws.on('error', () => undefined);
		});
	}

	const joined: Joined[] = [];

	it('follows joins and check-outs live, counts only', async () => {
		const { token } = await link('canteen_p');
		const watcher = provider('canteen_p', token);
		await vi.waitFor(() => expect(watcher.provider.synced).toBe(true));
		expect(watcher.figures()).toMatchObject({ name: 'Cantine du Port', presentNow: few, arrivalsToday: few });

		for (let i = 0; i < 5; i++)
			joined.push(
				await joinWithDevice(server.url, p.lunch.meal.joinCode, { name: personName(i), device: deviceOf('p', i) })
			);
		await vi.waitFor(() => expect(watcher.figures()).toMatchObject({ presentNow: n(5), arrivalsToday: n(5) }));
		expect(Object.keys(watcher.figures()).sort()).toEqual([
			'ageMixToday',
			'arrivalsToday',
			'name',
			'presentNow',
			'servedThisMonth',
			'servedThisWeek',
			'surveyThisMonth',
			'visitsToday'
		]);

		const socket = await memberSocket(server, joined[0]!);
		expect(await socket.send('member:checkout', {})).toEqual({ ok: true });
		await vi.waitFor(() => expect(watcher.figures()).toMatchObject({ presentNow: few, arrivalsToday: n(5) }));

		// What the partner holds, and every byte of it, names no one.
		const bytes = Buffer.from(Y.encodeStateAsUpdate(watcher.doc)).toString('latin1');
		const text =
			JSON.stringify(watcher.doc.toJSON()) + Buffer.from(Y.encodeStateAsUpdate(watcher.doc)).toString('utf8');
		const hashes = (await server.tablee.storage.meals.listMealMembers(p.lunch.meal.id)).map((m) => m.deviceHash!);
		for (const secret of [...joined.flatMap((j) => [j.name, 'Zéphyrine', j.memberId, j.device, j.token]), ...hashes]) {
			expect(text).not.toContain(secret);
			expect(bytes).not.toContain(secret);
		}
		watcher.provider.destroy();
	});

	it('refuses a write: closed as read-only, the served document unchanged', async () => {
		const { token } = await link('canteen_p');
		const watcher = provider('canteen_p', token);
		await vi.waitFor(() => expect(watcher.provider.synced).toBe(true));
		const before = JSON.stringify(server.tablee.partnerFeed.documentOf('canteen_p')!.getMap('figures').toJSON());
		watcher.doc.getMap('figures').set('presentNow', n(999));
		expect((await watcher.closed).code).toBe(CLOSE_READ_ONLY);
		expect(JSON.stringify(server.tablee.partnerFeed.documentOf('canteen_p')?.getMap('figures').toJSON())).toBe(before);
		watcher.provider.destroy();
	});

	it('refuses the upgrade without a valid token for this canteen', async () => {
		const { token } = await link('canteen_p');
		const other = await link('canteen_q');
		expect(await refusal('/yjs/partners/canteen_p')).toBe(401);
		expect(await refusal(`/yjs/partners/canteen_p?key=${'A'.repeat(43)}`)).toBe(401);
		expect(await refusal(`/yjs/partners/canteen_p?key=${server.demo.screenKey}`)).toBe(401);
		// A link of another canteen, or this link on another canteen: refused.
		expect(await refusal(`/yjs/partners/canteen_p?key=${other.token}`)).toBe(400);
		expect(await refusal(`/yjs/partners/canteen_q?key=${token}`)).toBe(400);
		// A partner token opens no meal board.
		expect(await refusal(`/yjs/meal/${p.lunch.meal.id}?key=${token}`)).toBe(401);
	});

	it('closes live connections when their link is revoked, and refuses it afterwards', async () => {
		const made = await link('canteen_p');
		const watcher = provider('canteen_p', made.token);
		await vi.waitFor(() => expect(watcher.provider.synced).toBe(true));
		expect(await partnerLinks.revoke(admin, 'canteen_p', made.link.id)).toEqual({ ok: true });
		expect((await watcher.closed).code).toBe(CLOSE_REVOKED);
		watcher.provider.destroy();
		expect(await refusal(`/yjs/partners/canteen_p?key=${made.token}`)).toBe(401);
	});
});
