/**
 * Phones start on WebSocket (no long-polling handshake and upgrade before the board is
 * live), and still get the board through long-polling where a network refuses WebSocket
 * upgrades: here a real HTTP proxy in front of the real server that forwards requests and
 * destroys every upgrade.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BoardConnection } from '../../src/lib/client/connection.ts';
import { upgradeRefusingProxy } from '../helpers/proxy.ts';
import { joinMember, startServer } from '../helpers/server.ts';

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
		expect(conn.socket.transport).toBe('websocket');
	});

	it('falls back to long-polling when WebSocket upgrades are refused, and commands still work', async () => {
		const proxy = await upgradeRefusingProxy(server.url);
		afterAll(() => new Promise<void>((resolve) => proxy.server.close(() => resolve())));
		const conn = await member(proxy.url);
		expect(conn.socket.transport).toBe('polling');
		expect(await conn.send('member:checkin', {})).toMatchObject({ ok: true });
	});
});
