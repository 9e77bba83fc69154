/**
 * The read-only y-websocket endpoints (`/yjs/meal/<id>`, `/yjs/partners/<canteen>`) cap
 * live connections per document: from one address, and in all. A connection over a cap is
 * closed with 4429 "too many connections" (final for y-websocket's provider), and a place
 * freed by a closed connection can be taken again.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { encodeStep1 } from '../../src/lib/board-doc/sync.ts';
import { CLOSE_TOO_MANY } from '../../server/realtime/yjs-ws.ts';
import { startServer } from '../helpers/server.ts';
import { admin, partnerCanteen } from '../partners/fixtures.ts';

type Opened = { ws: WebSocket; outcome: Promise<{ served: true } | { code: number; reason: string }> };

/** Opens a raw y-websocket connection and sends a step 1: served (a step 2 comes back) or closed. */
function open(url: string, address: string): Opened {
	const ws = new WebSocket(url, { headers: { 'x-forwarded-for': address } });
	const outcome = new Promise<{ served: true } | { code: number; reason: string }>((resolve, reject) => {
		ws.on('open', () => ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(encodeStep1(new Y.Doc()))])));
		ws.once('message', () => resolve({ served: true }));
		ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
		ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
	});
	return { ws, outcome };
}

function closed(ws: WebSocket): Promise<void> {
	return new Promise((resolve) => {
		if (ws.readyState === ws.CLOSED) return resolve();
		ws.once('close', () => resolve());
		ws.close();
	});
}

describe('connection caps on the read-only Yjs endpoints', async () => {
	const server = await startServer({ limits: { trustProxy: true, yjs: { perAddress: 2, perDocument: 3 } } });
	const wsUrl = server.url.replace('http', 'ws');
	const mealUrl = `${wsUrl}/yjs/meal/${server.demo.meal.id}?key=${server.demo.screenKey}`;

	it('refuses a third kitchen screen from one address, and a fourth in all, with 4429 and a reason', async () => {
		const a1 = open(mealUrl, '203.0.113.1');
		const a2 = open(mealUrl, '203.0.113.1');
		expect(await a1.outcome).toEqual({ served: true });
		expect(await a2.outcome).toEqual({ served: true });
		const a3 = open(mealUrl, '203.0.113.1');
		expect(await a3.outcome).toEqual({ code: CLOSE_TOO_MANY, reason: 'too many connections' });

		const b1 = open(mealUrl, '203.0.113.2');
		expect(await b1.outcome).toEqual({ served: true });
		const c1 = open(mealUrl, '203.0.113.3');
		expect(await c1.outcome).toEqual({ code: CLOSE_TOO_MANY, reason: 'too many connections' });

		// Another document has caps of its own.
		const other = open(`${wsUrl}/yjs/meal/${server.demo.meal.id}x?key=${server.demo.screenKey}`, '203.0.113.1');
		await expect(other.outcome).rejects.toThrow('HTTP 401');

		// A closed connection frees its place.
		await closed(a1.ws);
		const again = open(mealUrl, '203.0.113.3');
		expect(await again.outcome).toEqual({ served: true });
		for (const c of [a2, b1, again]) await closed(c.ws);
	});

	it('caps a partner canteen’s live feed the same way', async () => {
		await partnerCanteen(server, 'canteen_caps', 'Cantine des Caps');
		const made = await server.tablee.partnerLinks.create(admin, 'canteen_caps', {
			label: 'Centre social',
			alsoCanteenIds: []
		});
		if (!made.ok) throw new Error(made.reason);
		const url = `${wsUrl}/yjs/partners/canteen_caps?key=${made.token}`;
		const first = [open(url, '198.51.100.1'), open(url, '198.51.100.1')];
		for (const c of first) expect(await c.outcome).toEqual({ served: true });
		expect(await open(url, '198.51.100.1').outcome).toEqual({ code: CLOSE_TOO_MANY, reason: 'too many connections' });
		const third = open(url, '198.51.100.2');
		expect(await third.outcome).toEqual({ served: true });
		expect(await open(url, '198.51.100.3').outcome).toEqual({ code: CLOSE_TOO_MANY, reason: 'too many connections' });
		for (const c of [...first, third]) await closed(c.ws);
	});
});
