/**
 * The read-only Yjs endpoint, driven by a standard Yjs client: y-websocket's own
 * WebsocketProvider (over the `ws` package, as in Node) syncs a meal's board, follows
 * claims made over Socket.IO live, and cannot change anything.
 */
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readBoard } from '../../src/lib/board-doc/doc.ts';
import { CLOSE_READ_ONLY, CLOSE_REVOKED } from '../../server/realtime/yjs-ws.ts';
import { masterConnection, memberConnection, startServer, tasksOf } from '../helpers/server.ts';

describe('the read-only Yjs WebSocket', async () => {
	const server = await startServer({ joinRate: { burst: 100, perSecond: 100 } });
	const mealId = server.demo.meal.id;
	const wsUrl = server.url.replace('http', 'ws');

	function provider(key: string) {
		const doc = new Y.Doc();
		const p = new WebsocketProvider(`${wsUrl}/yjs/meal`, mealId, doc, {
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			params: { key },
			disableBc: true
		});
		return { doc, p };
	}

	/** The HTTP status a WebSocket upgrade is refused with. */
	function refusal(path: string): Promise<number> {
		return new Promise((resolve, reject) => {
			const ws = new WebSocket(`${wsUrl}${path}`);
			ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
			ws.on('open', () => reject(new Error('upgraded')));
			ws.on('error', () => undefined);
		});
	}

	it('syncs the board and follows claims made over Socket.IO', async () => {
		const { doc, p } = provider(server.demo.screenKey);
		await vi.waitFor(() => expect(p.synced).toBe(true));
		const annie = await memberConnection(server, 'Annie');
		expect(readBoard(doc).meta?.title).toBe(annie.conn.state.meta?.title);
		const task = tasksOf(annie.conn).find((t) => t.claims.length < t.slots)!;
		expect(await annie.conn.send('task:claim', { taskId: task.id })).toEqual({ ok: true });
		await vi.waitFor(() =>
			expect(
				readBoard(doc)
					.tasks.get(task.id)
					?.claims.map((c) => c.memberId)
			).toContain(annie.memberId)
		);
		expect(readBoard(doc)).toEqual(annie.conn.state);
		p.destroy();
	});

	it('refuses a write: the connection is closed as read-only and the board is unchanged', async () => {
		const { doc, p } = provider(server.demo.screenKey);
		await vi.waitFor(() => expect(p.synced).toBe(true));
		const closed = new Promise<{ code: number }>((resolve) => p.on('closed', (event) => resolve(event)));
		const before = await server.tablee.sessions.read(mealId, (state) => JSON.stringify([...state.tasks.values()]));
		// A local edit: the provider sends it to the server as a y-protocols update.
		doc.getMap('tasks').set('t_forged', { id: 't_forged', title: { fr: 'Piratée', en: 'Hacked' } });
		expect((await closed).code).toBe(CLOSE_READ_ONLY);
		const after = await server.tablee.sessions.read(mealId, (state) => JSON.stringify([...state.tasks.values()]));
		expect(after).toBe(before);
		expect(p.shouldConnect).toBe(false);
		p.destroy();
	});

	it('closes a connection opened with an issued screen link when the links are revoked', async () => {
		const master = await masterConnection(server);
		const link = await master.send('screen:link', {});
		if (!link.ok) throw new Error(link.code);
		const { p } = provider(link.key);
		await vi.waitFor(() => expect(p.synced).toBe(true));
		const closed = new Promise<{ code: number }>((resolve) => p.on('closed', (event) => resolve(event)));
		expect(await master.send('screen:revoke', {})).toEqual({ ok: true, revoked: 1 });
		expect((await closed).code).toBe(CLOSE_REVOKED);
		expect(await refusal(`/yjs/meal/${mealId}?key=${link.key}`)).toBe(401);
		p.destroy();
	});

	it('refuses the upgrade without a screen key (400), with a wrong one (401), or on an unknown path (404)', async () => {
		expect(await refusal(`/yjs/meal/${mealId}`)).toBe(400);
		expect(await refusal(`/yjs/meal/${mealId}?key=${server.demo.masterKey}`)).toBe(401);
		expect(await refusal(`/yjs/meal/nosuchmeal?key=${server.demo.screenKey}`)).toBe(401);
		expect(await refusal(`/yjs/nosuchsource/${mealId}?key=${server.demo.screenKey}`)).toBe(404);
		expect(await refusal(`/elsewhere`)).toBe(404);
		// Socket.IO still upgrades on the same port.
		const annie = await memberConnection(server, 'Bastien');
		expect(annie.conn.status).toBe('synced');
	});
});
