/**
 * Phones start on WebSocket (no long-polling handshake and upgrade before the board is
 * live), and still get the board through long-polling where a network refuses WebSocket
 * upgrades: here a real HTTP proxy in front of the real server that forwards requests and
 * destroys every upgrade.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { BoardConnection } from '../../src/lib/client/connection.ts';
import { joinMember, startServer } from '../helpers/server.ts';

/** Forwards plain HTTP to `target`; refuses every WebSocket upgrade, as some networks do. */
async function upgradeRefusingProxy(target: string): Promise<{ url: string; server: Server }> {
	const { hostname, port } = new URL(target);
	const server = createServer((req, res) => {
		const upstream = request({ hostname, port, path: req.url, method: req.method, headers: req.headers }, (up) => {
			res.writeHead(up.statusCode ?? 502, up.headers);
			up.pipe(res);
		});
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	server.on('upgrade', (_req, socket) => socket.destroy());
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('the phone’s transport', async () => {
	const server = await startServer({ joinRate: { burst: 1000, perSecond: 100 } });
	const { meal } = server.demo;
	const opened: BoardConnection[] = [];
	afterAll(() => opened.forEach((c) => c.close()));

	async function member(url: string) {
		const { token } = await joinMember(server.url, meal.joinCode, 'Transport');
		const conn = new BoardConnection({ url, credentials: { role: 'member', mealId: meal.id, token } });
		opened.push(conn);
		await conn.whenSynced();
		return conn;
	}

	it('opens on WebSocket directly', async () => {
		const conn = await member(server.url);
		expect(conn.socket.io.engine.transport.name).toBe('websocket');
	});

	it('falls back to long-polling when WebSocket upgrades are refused, and commands still work', async () => {
		const proxy = await upgradeRefusingProxy(server.url);
		afterAll(() => new Promise<void>((resolve) => proxy.server.close(() => resolve())));
		const conn = await member(proxy.url);
		expect(conn.socket.io.engine.transport.name).toBe('polling');
		expect(await conn.send('member:checkin', {})).toMatchObject({ ok: true });
	});
});
