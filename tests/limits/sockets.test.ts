/**
 * What one member, one address and one connection can take from the server over real
 * Socket.IO connections: how many connections, how many commands, how many full-board
 * syncs, and how much traffic their commands make the server send to everyone else.
 */
import { io as ioClient, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { encodeStep1 } from '../../src/lib/board-doc/sync.ts';
import { PROTOCOL_VERSION } from '../../src/lib/protocol/version.ts';
import { joinMember, memberConnection, startServer, tasksOf } from '../helpers/server.ts';

const sockets: Socket[] = [];
afterAll(() => {
	for (const s of sockets.splice(0)) s.close();
});

/** A bare connection (no board client): resolves connected, or with the refusal's code. */
function open(url: string, auth: Record<string, unknown>): Promise<{ socket: Socket; refused?: string }> {
	const socket = ioClient(url, {
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
		auth: { v: PROTOCOL_VERSION, ...auth }
	});
	sockets.push(socket);
	return new Promise((resolve) => {
		socket.once('connect', () => resolve({ socket }));
		socket.once('connect_error', (error: Error & { data?: { code?: string } }) =>
			resolve({ socket, refused: error.data?.code ?? error.message })
		);
	});
}

describe('connections per member and per address', async () => {
	const server = await startServer();

	it('refuses a fifth connection of one member token at the handshake, and takes one again once one closes', async () => {
		const joined = await joinMember(server.url, server.demo.meal.joinCode, 'Multi-Onglets');
		const auth = { role: 'member', mealId: joined.mealId, token: joined.token };
		const first = await Promise.all(Array.from({ length: 4 }, () => open(server.url, auth)));
		expect(first.map((c) => c.refused)).toEqual([undefined, undefined, undefined, undefined]);
		const fifth = await open(server.url, auth);
		expect(fifth.refused).toBe('too_many_connections');

		first[0]!.socket.close();
		await vi.waitFor(async () => expect((await open(server.url, auth)).refused).toBeUndefined());
	});

	it('refuses connections past 150 from one address', async () => {
		const auth = { role: 'screen', mealId: server.demo.meal.id, key: server.demo.screenKey };
		const opened = [];
		for (let i = 0; i < 160; i++) opened.push(await open(server.url, auth));
		const refused = opened.filter((c) => c.refused);
		expect(refused.length).toBeGreaterThanOrEqual(10);
		expect(refused.every((c) => c.refused === 'too_many_connections')).toBe(true);
		for (const c of opened) c.socket.close();
	});
});

describe('budgets per member and per connection', async () => {
	const server = await startServer({ limits: { joins: { membersPerNetwork: 300 } } });

	it('gives one member on four connections one budget, not four', async () => {
		const joined = await joinMember(server.url, server.demo.meal.joinCode, 'Quatre Onglets');
		const auth = { role: 'member', mealId: joined.mealId, token: joined.token };
		const conns = await Promise.all(Array.from({ length: 4 }, () => open(server.url, auth)));
		const answers = await Promise.all(
			conns.flatMap(({ socket }) =>
				Array.from(
					{ length: 30 },
					() =>
						new Promise<{ ok: boolean; code?: string }>((resolve) =>
							socket.emit('task:claim', { taskId: 't_nosuchtask' }, resolve)
						)
				)
			)
		);
		const served = answers.filter((a) => a.code !== 'rate_limited').length;
		// Per connection the old limit served all 120; one member's budget is 30 per 10 s.
		expect(served).toBeLessThanOrEqual(30);
		expect(answers.filter((a) => a.code === 'rate_limited').length).toBeGreaterThanOrEqual(90);
	});

	it('answers a connection’s full-board sync requests three times a minute, charged by size', async () => {
		const joined = await joinMember(server.url, server.demo.meal.joinCode, 'Aspirateur');
		const { socket } = await open(server.url, { role: 'member', mealId: joined.mealId, token: joined.token });
		let boards = 0;
		let bytes = 0;
		let limited = 0;
		socket.on('y', (m: string) => {
			boards++;
			bytes += m.length;
		});
		socket.on('protocol:error', (e: { code: string }) => {
			if (e.code === 'rate_limited') limited++;
		});
		// An empty state vector asks for the whole board, twenty times.
		for (let i = 0; i < 20; i++) socket.emit('y', encodeStep1(new Y.Doc()));
		await vi.waitFor(() => expect(boards + limited).toBe(20));
		expect(boards).toBe(3);
		expect(limited).toBe(17);
		expect(bytes).toBeGreaterThan(0);
	});

	it('caps the broadcasts one member can cause: a flood reaches the other phones as at most one budget of changes', async () => {
		const flooder = await memberConnection(server, 'Inondeur');
		const watcher = await memberConnection(server, 'Témoin');
		let updates = 0;
		watcher.conn.socket.on('y', () => updates++);
		const task = tasksOf(flooder.conn).find((t) => t.slots - t.claims.length >= 1)!;
		const acks = [];
		for (let i = 0; i < 60; i++) {
			acks.push(await flooder.conn.send(i % 2 === 0 ? 'task:claim' : 'task:release', { taskId: task.id }));
		}
		const accepted = acks.filter((a) => a.ok).length;
		// A fixed window: at most two windows' worth even if the flood straddles one edge.
		expect(accepted).toBeLessThanOrEqual(40);
		expect(acks.filter((a) => !a.ok && a.code === 'rate_limited').length).toBeGreaterThanOrEqual(20);
		// The watcher heard one update per accepted change, nothing for the refused ones.
		await vi.waitFor(() => expect(updates).toBeGreaterThanOrEqual(accepted));
		expect(updates).toBeLessThanOrEqual(accepted + 1);
	});
});
