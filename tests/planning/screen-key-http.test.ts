/**
 * The kitchen-screen link on the plan page, over real HTTP, Socket.IO and the read-only
 * Yjs WebSocket: shown again to staff of the meal's canteen (not to another canteen's, not
 * anonymously), re-issued after a confirm step; the old key, derived or issued, stops
 * working at once: screens connected with it are disconnected and refused on return.
 */
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { BoardConnection } from '../../src/lib/client/connection.ts';
import { CLOSE_REVOKED } from '../../server/realtime/yjs-ws.ts';
import { loadHandler } from '../browser/build.ts';
import { HttpClient } from '../helpers/http-client.ts';
import { connect, startServer } from '../helpers/server.ts';
import { adminPerson, staffPerson } from '../helpers/staff.ts';

/** A kitchen screen opening with this key: 'synced', or the refusal code. */
async function screenWith(url: string, mealId: string, key: string) {
	const conn = new BoardConnection({
		url,
		credentials: { role: 'screen', mealId, key },
		socket: { transports: ['websocket'], forceNew: true, reconnection: false }
	});
	await vi.waitFor(() => expect(['synced', 'refused']).toContain(conn.status), { timeout: 5000 });
	return { conn, outcome: conn.status === 'synced' ? 'synced' : (conn.refusal?.code ?? 'refused') };
}

describe('the kitchen-screen link on the plan page', async () => {
	const server = await startServer({ appHandler: await loadHandler(), timeZone: 'Europe/Paris' });
	const { storage } = server.tablee;
	const canteenA = server.demo.meal.canteenId;
	await storage.meals.createCanteen({ id: 'canteen_b', name: 'Les Lilas', createdAt: 1 });
	const admin = await adminPerson(storage);
	const masterA = await staffPerson(storage, canteenA, admin.id);
	const masterB = await staffPerson(storage, 'canteen_b', admin.id);
	const as = (cookie: string | undefined) => Object.assign(new HttpClient(server.url), { cookie });
	const keyOf = (link: string) => /#key=([A-Za-z0-9_-]+)$/.exec(link)![1]!;

	// A meal planned through the planning page, as staff do.
	const planned = await as(masterA.cookie).post(`/staff/canteens/${canteenA}?/plan`, {
		title: 'Dîner du jeudi',
		date: '2099-01-08',
		time: '19:00',
		duration: '120',
		capacity: '30',
		price: '3'
	});
	const created = (planned.data as { created: { mealId: string; screenLink: string } }).created;
	const mealId = created.mealId;
	const page = `/staff/meals/${mealId}`;
	const path = (link: string) => link.replace(/^https?:\/\/[^/]+/, '');

	it('shows the link given at planning again, to staff of the canteen only', async () => {
		for (const cookie of [masterA.cookie, admin.cookie]) {
			const shown = await as(cookie).load(page);
			expect(shown.type).toBe('data');
			expect(shown.text).toContain(path(created.screenLink));
		}
		expect(await as(masterB.cookie).load(page)).toMatchObject({ status: 404 });
		expect(await as(undefined).load(page)).toMatchObject({ type: 'redirect', location: '/login' });
		expect((await screenWith(server.url, mealId, keyOf(created.screenLink))).outcome).toBe('synced');
	});

	it('re-issues only for staff of the canteen, after a confirm step', async () => {
		expect(await as(undefined).post(`${page}?/reissueScreen`, { confirm: 'yes' })).toMatchObject({
			type: 'redirect',
			location: '/login'
		});
		expect(await as(masterB.cookie).post(`${page}?/reissueScreen`, { confirm: 'yes' })).toMatchObject({ status: 404 });
		expect(await as(masterA.cookie).post(`${page}?/reissueScreen`, { confirm: 'sure' })).toMatchObject({
			type: 'failure',
			status: 400,
			data: { error: 'auth.badForm' }
		});
		expect(await as(masterA.cookie).post(`${page}?/reissueScreen`, {})).toMatchObject({
			type: 'success',
			data: { action: 'screen', confirm: true }
		});
		// Asking changed nothing.
		expect((await as(masterA.cookie).load(page)).text).toContain(path(created.screenLink));
	});

	it('cuts every screen off the old key at once and gives the Canteen Master the new one', async () => {
		const oldKey = keyOf(created.screenLink);
		const socketScreen = await screenWith(server.url, mealId, oldKey);
		expect(socketScreen.outcome).toBe('synced');
		// And one on the read-only Yjs WebSocket.
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(`${server.url.replace('http', 'ws')}/yjs/meal`, mealId, doc, {
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			params: { key: oldKey },
			disableBc: true
		});
		await vi.waitFor(() => expect(provider.synced).toBe(true));
		const closed = new Promise<{ code: number }>((resolve) => provider.on('closed', (event) => resolve(event)));

		const reissued = await as(masterA.cookie).post(`${page}?/reissueScreen`, { confirm: 'yes' });
		expect(reissued).toMatchObject({ type: 'success', data: { action: 'screen' } });
		const newLink = (reissued.data as { reissued: string }).reissued;
		const newKey = keyOf(newLink);
		expect(newKey).not.toBe(oldKey);

		await vi.waitFor(() => expect(socketScreen.conn.socket.connected).toBe(false));
		expect((await closed).code).toBe(CLOSE_REVOKED);
		provider.destroy();
		expect((await screenWith(server.url, mealId, oldKey)).outcome).toBe('unauthorized');
		expect((await screenWith(server.url, mealId, newKey)).outcome).toBe('synced');
		// The page shows the new link from now on.
		const shown = await as(masterA.cookie).load(page);
		expect(shown.text).toContain(path(newLink));
		expect(shown.text).not.toContain(oldKey);
		socketScreen.conn.close();
	});

	it('replaces a key derived from the master key too, and the key-holding console is given the new one', async () => {
		const demo = server.demo.meal.id;
		expect((await as(admin.cookie).load(`/staff/meals/${demo}`)).text).not.toContain('#key=');
		const before = await connect(server.url, { role: 'master', mealId: demo, key: server.demo.masterKey });
		expect(before.welcome?.screenKey).toBe(server.demo.screenKey);
		const linked = await before.send('screen:link', {});
		if (!linked.ok) throw new Error(linked.code);
		before.close();

		const reissued = await as(admin.cookie).post(`/staff/meals/${demo}?/reissueScreen`, { confirm: 'yes' });
		const newKey = keyOf((reissued.data as { reissued: string }).reissued);
		expect((await screenWith(server.url, demo, server.demo.screenKey)).outcome).toBe('unauthorized');
		// Every screen:link key of the meal goes too.
		expect((await screenWith(server.url, demo, linked.key)).outcome).toBe('unauthorized');
		const after = await connect(server.url, { role: 'master', mealId: demo, key: server.demo.masterKey });
		expect(after.welcome?.screenKey).toBe(newKey);
		expect((await screenWith(server.url, demo, newKey)).outcome).toBe('synced');
		after.close();
	});
});
