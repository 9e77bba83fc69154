import type { PresenceDelta } from '../../src/lib/protocol/events.ts';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BoardConnection } from '../../src/lib/client/connection.ts';
import { connect, joinMember, masterConnection, memberConnection, startServer, tasksOf } from '../helpers/server.ts';
import { tappedWebSocket } from '../helpers/tapped-websocket.ts';

describe('live board over real sockets', async () => {
	// Fifty neighbours from this one machine: past the per-network cap a real meal would have.
	const server = await startServer({
		joinRate: { burst: 1000, perSecond: 100 },
		limits: { joins: { membersPerNetwork: 300 } }
	});

	it('syncs the demo board to a new member, checked in', async () => {
		const annie = await memberConnection(server, 'Annie');
		expect(annie.conn.welcome).toMatchObject({ role: 'member', memberId: annie.memberId, mealId: server.demo.meal.id });
		expect(tasksOf(annie.conn).length).toBeGreaterThan(5);
		expect(annie.conn.state.members.get(annie.memberId)).toMatchObject({ name: 'Annie', checkedIn: true });
	});

	it('shows a take, a give-back and a done on every other phone', async () => {
		const a = await memberConnection(server, 'Karim');
		const b = await memberConnection(server, 'Lou');
		const task = tasksOf(a.conn).find((t) => t.slots >= 2)!;

		expect(await a.conn.send('task:claim', { taskId: task.id })).toEqual({ ok: true });
		await vi.waitFor(() =>
			expect(b.conn.state.tasks.get(task.id)?.claims.map((c) => c.memberId)).toContain(a.memberId)
		);

		expect(await a.conn.send('task:done', { taskId: task.id })).toEqual({ ok: true });
		await vi.waitFor(() => expect(b.conn.state.tasks.get(task.id)?.status).toBe('done'));

		expect(await a.conn.send('task:reopen', { taskId: task.id })).toEqual({ ok: true });
		expect(await a.conn.send('task:release', { taskId: task.id })).toEqual({ ok: true });
		await vi.waitFor(() => {
			const seen = b.conn.state.tasks.get(task.id)!;
			expect(seen.status).toBe('open');
			expect(seen.claims.map((c) => c.memberId)).not.toContain(a.memberId);
		});
	});

	it('refuses taking the same task twice and more places than it has', async () => {
		const master = await masterConnection(server);
		const added = await master.send('task:add', { kind: 'table', title: { fr: 'Plier les serviettes' }, slots: 1 });
		if (!added.ok) throw new Error(added.code);
		const a = await memberConnection(server, 'Inès');
		const b = await memberConnection(server, 'Paul');
		await vi.waitFor(() => expect(a.conn.state.tasks.has(added.taskId)).toBe(true));
		expect(await a.conn.send('task:claim', { taskId: added.taskId })).toEqual({ ok: true });
		expect(await a.conn.send('task:claim', { taskId: added.taskId })).toMatchObject({
			ok: false,
			code: 'already_claimed'
		});
		expect(await b.conn.send('task:claim', { taskId: added.taskId })).toMatchObject({
			ok: false,
			code: 'task_full',
			message: expect.stringMatching(/taken/)
		});
	});

	it('gives exactly one of 50 racing members the last place', async () => {
		const master = await masterConnection(server);
		const added = await master.send('task:add', { kind: 'cooking', title: { fr: 'Goûter la sauce' }, slots: 1 });
		if (!added.ok) throw new Error(added.code);
		const members = await Promise.all(Array.from({ length: 50 }, (_, i) => memberConnection(server, `Voisin ${i}`)));
		await Promise.all(members.map((m) => vi.waitFor(() => expect(m.conn.state.tasks.has(added.taskId)).toBe(true))));

		const results = await Promise.all(members.map((m) => m.conn.send('task:claim', { taskId: added.taskId })));
		const winners = results.filter((r) => r.ok);
		const refusals = results.filter((r) => !r.ok);
		expect(winners).toHaveLength(1);
		expect(refusals).toHaveLength(49);
		for (const r of refusals) expect(r).toMatchObject({ code: 'task_full', message: expect.any(String) });

		await vi.waitFor(() => {
			for (const m of members) expect(m.conn.state.tasks.get(added.taskId)?.claims).toHaveLength(1);
		});
		for (const m of members) m.conn.close();
	});

	it('lets the Canteen Master add, edit and remove tasks live', async () => {
		const master = await masterConnection(server);
		const a = await memberConnection(server, 'Mireille');
		const added = await master.send('task:add', {
			kind: 'dishes',
			title: { fr: 'Laver les casseroles', en: 'Wash the pans' },
			slots: 2
		});
		if (!added.ok) throw new Error(added.code);
		await vi.waitFor(() => expect(a.conn.state.tasks.get(added.taskId)?.title.en).toBe('Wash the pans'));
		expect(await master.send('task:edit', { taskId: added.taskId, slots: 4 })).toEqual({ ok: true });
		await vi.waitFor(() => expect(a.conn.state.tasks.get(added.taskId)?.slots).toBe(4));
		expect(await master.send('task:remove', { taskId: added.taskId })).toEqual({ ok: true });
		await vi.waitFor(() => expect(a.conn.state.tasks.has(added.taskId)).toBe(false));
		expect(await master.send('task:remove', { taskId: added.taskId })).toMatchObject({
			ok: false,
			code: 'task_not_found'
		});
	});

	it('refuses fewer places than people already on a task', async () => {
		const master = await masterConnection(server);
		const a = await memberConnection(server, 'Noé');
		const b = await memberConnection(server, 'Zoé');
		const added = await master.send('task:add', { kind: 'table', title: { fr: 'Servir le café' }, slots: 2 });
		if (!added.ok) throw new Error(added.code);
		await vi.waitFor(() => expect(b.conn.state.tasks.has(added.taskId)).toBe(true));
		await a.conn.send('task:claim', { taskId: added.taskId });
		await b.conn.send('task:claim', { taskId: added.taskId });
		expect(await master.send('task:edit', { taskId: added.taskId, slots: 1 })).toMatchObject({
			ok: false,
			code: 'slots_below_claims'
		});
	});

	it('keeps a member identity and places across a reconnect with the same token', async () => {
		const joined = await joinMember(server.url, server.demo.meal.joinCode, 'Samir');
		const creds = { role: 'member' as const, mealId: joined.mealId, token: joined.token };
		const first = await connect(server.url, creds);
		const task = tasksOf(first).find((t) => t.status === 'open' && t.claims.length < t.slots)!;
		expect(await first.send('task:claim', { taskId: task.id })).toEqual({ ok: true });
		first.close();

		const again = await connect(server.url, creds);
		expect(again.welcome?.memberId).toBe(joined.memberId);
		expect(again.state.tasks.get(task.id)?.claims.map((c) => c.memberId)).toContain(joined.memberId);
		expect(await again.send('task:release', { taskId: task.id })).toEqual({ ok: true });
	});

	it('resyncs a returning phone with only what it missed', async () => {
		const watcher = await memberConnection(server, 'Odile');
		const master = await masterConnection(server);
		const before = watcher.conn.state.tasks.size;
		watcher.conn.socket.disconnect();
		await master.send('task:add', { kind: 'other', title: { fr: 'Arroser les plantes' }, slots: 1 });
		const received: number[] = [];
		watcher.conn.socket.on('y', (m) => received.push(typeof m === 'string' ? m.length : m.byteLength));
		watcher.conn.socket.connect();
		await vi.waitFor(() => expect(watcher.conn.state.tasks.size).toBe(before + 1));
		// The full board is several kilobytes; the catch-up is one task.
		expect(Math.max(...received)).toBeLessThan(1000);
	});

	it('answers a retried command id with the first answer, applied once', async () => {
		const a = await memberConnection(server, 'Yasmine');
		const task = tasksOf(a.conn).find((t) => t.status === 'open' && t.claims.length < t.slots)!;
		const emit = (cid: string) =>
			a.conn.socket.timeout(5000).emitWithAck('task:claim', { taskId: task.id, cid }) as Promise<unknown>;
		expect(await emit('retry-1')).toEqual({ ok: true });
		expect(await emit('retry-1')).toEqual({ ok: true });
		expect(await emit('retry-2')).toMatchObject({ ok: false, code: 'already_claimed' });
	});

	it('delivers each board update as one text frame, the same bytes to every phone', async () => {
		const a = await memberConnection(server, 'Aïcha');
		// Two phones whose every WebSocket frame is kept.
		const listen = async (name: string) => {
			const joined = await joinMember(server.url, server.demo.meal.joinCode, name);
			const tap = tappedWebSocket();
			const conn = new BoardConnection({
				url: server.url,
				credentials: { role: 'member', mealId: joined.mealId, token: joined.token },
				socket: { transports: ['websocket'], WebSocket: tap.WebSocket }
			});
			afterAll(() => conn.close());
			await conn.whenSynced();
			let from = 0;
			return {
				conn,
				memberId: joined.memberId,
				mark: () => void (from = tap.frames.length),
				since: () => tap.frames.slice(from).map((f) => f.data)
			};
		};
		const b = await listen('Bernard');
		const c = await listen('Chloé');
		// Both joined, checked in and synced: from here on, only the claim changes the board.
		await vi.waitFor(() => expect(b.conn.state.members.get(c.memberId)?.checkedIn).toBe(true));
		b.mark();
		c.mark();
		const task = tasksOf(a.conn).find((t) => t.status === 'open' && t.claims.length < t.slots)!;
		expect(await a.conn.send('task:claim', { taskId: task.id })).toEqual({ ok: true });
		for (const { conn } of [b, c]) {
			await vi.waitFor(() =>
				expect(conn.state.tasks.get(task.id)?.claims.map((claim) => claim.memberId)).toContain(a.memberId)
			);
		}
		const seenByB = b.since();
		const seenByC = c.since();
		// One packet, no binary attachment: Socket.IO frames it once for the whole meal.
		const updates = (frames: unknown[]) => frames.filter((f) => typeof f === 'string' && f.startsWith('42["y"'));
		expect(updates(seenByB)).toHaveLength(1);
		expect(seenByB.filter((f) => typeof f !== 'string')).toEqual([]);
		expect(updates(seenByB)).toEqual(updates(seenByC));
	});

	it('comes back by itself after the server dropped the connection', async () => {
		const a = await memberConnection(server, 'Léon');
		const [socket] = await server.tablee.io
			.in(`meal:${a.mealId}`)
			.fetchSockets()
			.then((all) => all.filter((s) => s.data.memberId === a.memberId));
		socket!.disconnect(true);
		await vi.waitFor(() => expect(a.conn.status).toBe('offline'));
		await vi.waitFor(() => expect(a.conn.status).toBe('synced'), { timeout: 8000 });
		expect(await a.conn.send('member:rename', { name: 'Léon B.' })).toEqual({ ok: true });
	});

	it('reports who is connected apart from who is checked in', async () => {
		const a = await memberConnection(server, 'Gaston');
		const b = await memberConnection(server, 'Rose');
		await vi.waitFor(() => expect(a.conn.online).toContain(b.memberId));
		b.conn.close();
		await vi.waitFor(() => expect(a.conn.online).not.toContain(b.memberId));
		// Dropping the socket does not check Rose out: attendance is not presence.
		expect(a.conn.state.members.get(b.memberId)?.checkedIn).toBe(true);
	});

	it('sends the full online list once, then only who came and who left', async () => {
		const a = await memberConnection(server, 'Inès');
		const full: unknown[] = [];
		const deltas: PresenceDelta[] = [];
		a.conn.socket.on('presence', (p) => full.push(p));
		a.conn.socket.on('presence:delta', (d) => deltas.push(d));
		const b = await memberConnection(server, 'Jules');
		// Other phones of this file may come and go in the same window: look for Jules only.
		await vi.waitFor(() => expect(deltas.flatMap((d) => d.joined)).toContain(b.memberId));
		b.conn.close();
		await vi.waitFor(() => expect(deltas.flatMap((d) => d.left)).toContain(b.memberId));
		// Jules's own phone got the whole list, with Inès in it; Inès never got it again.
		expect(b.conn.online).toContain(a.memberId);
		expect(full).toEqual([]);
	});

	it('checks a member out, giving back open places, and in again', async () => {
		const a = await memberConnection(server, 'Hugo');
		const task = tasksOf(a.conn).find((t) => t.status === 'open' && t.claims.length < t.slots)!;
		await a.conn.send('task:claim', { taskId: task.id });
		expect(await a.conn.send('member:checkout', {})).toEqual({ ok: true });
		await vi.waitFor(() => {
			expect(a.conn.state.members.get(a.memberId)?.checkedIn).toBe(false);
			expect(a.conn.state.tasks.get(task.id)?.claims.map((c) => c.memberId)).not.toContain(a.memberId);
		});
		expect(await a.conn.send('task:claim', { taskId: task.id })).toMatchObject({ ok: false, code: 'not_checked_in' });
		expect(await a.conn.send('member:checkin', {})).toEqual({ ok: true });
		expect(await a.conn.send('task:claim', { taskId: task.id })).toEqual({ ok: true });
	});

	it('lets a member rename themselves', async () => {
		const a = await memberConnection(server, 'Jo');
		expect(await a.conn.send('member:rename', { name: '  Joséphine  ', emoji: '🧅' })).toEqual({ ok: true });
		await vi.waitFor(() =>
			expect(a.conn.state.members.get(a.memberId)).toMatchObject({ name: 'Joséphine', emoji: '🧅' })
		);
	});
});
