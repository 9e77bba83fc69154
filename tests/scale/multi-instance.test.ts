/**
 * Several instances serving one meal, on one private Redis and PostgreSQL: each hears the
 * others' board changes through the shared log (its session applies them and fans them
 * out to its own sockets, once), and everything else — a prompt for one member, a
 * removal — reaches the member's sockets on whichever instance they are, through the
 * sharded Socket.IO Redis adapter.
 */
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { BoardConnection } from '../../src/lib/client/connection.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { connect as connectSynced, joinMember } from '../helpers/server.ts';
import { createClient } from 'redis';
import { afterAll } from 'vitest';
import { redisKey } from '../../server/storage/redis/keys.ts';
import type { JoinsRefused } from '../../src/lib/protocol/events.ts';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { CLOSE_REVOKED } from '../../server/realtime/yjs-ws.ts';
import { joinFrom } from '../helpers/from-address.ts';

const clients: ReturnType<typeof createClient>[] = [];
afterAll(async () => {
	await Promise.allSettled(clients.map((c) => c.close()));
});

/** The demo meal's presence fields in Redis, `<instance>|<member>`, read directly. */
async function presenceFields(cluster: TestCluster) {
	const client = createClient({ url: cluster.redis.url });
	clients.push(client);
	await client.connect();
	const key = redisKey({ prefix: cluster.prefix, key: { kind: 'presence', mealId: cluster.demo.meal.id } });
	return async () => (await client.hKeys(key)).sort();
}

/** vi.waitFor with room for a machine loaded by other test runs (a bound, not an expectation). */
const waitFor = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 15_000 });

/**
 * Synced, and welcomed: the welcome comes once the socket is in its member's and the
 * masters' rooms, whose channels events from other instances arrive on.
 */
async function connect(...args: Parameters<typeof connectSynced>): Promise<BoardConnection> {
	const conn = await connectSynced(...args);
	await waitFor(() => expect(conn.welcome).toBeDefined());
	return conn;
}

async function member(cluster: TestCluster, at: number, name: string) {
	const url = cluster.instances[at]!.url;
	const joined = await joinMember(url, cluster.demo.meal.joinCode, name);
	const conn = await connect(url, { role: 'member', mealId: joined.mealId, token: joined.token });
	return { ...joined, conn };
}

const master = (cluster: TestCluster, at: number) =>
	connect(cluster.instances[at]!.url, { role: 'master', mealId: cluster.demo.meal.id, key: cluster.demo.masterKey });

const claimsOf = (conn: BoardConnection, taskId: string) =>
	(conn.state.tasks.get(taskId)?.claims ?? []).map((c) => c.memberId).sort();

/** How many `y` frames a connection receives (each board update once, never twice). */
function countUpdates(conn: BoardConnection) {
	const counter = { frames: 0 };
	conn.socket.on('y', () => counter.frames++);
	return counter;
}

describe('one meal served by several instances', { timeout: 120_000 }, () => {
	it('shows each member’s claims to members on the other instance, each update once', async () => {
		const cluster = await startCluster({ instances: 2 });
		const awa = await member(cluster, 0, 'Awa');
		const bruno = await member(cluster, 1, 'Bruno');
		const task = [...awa.conn.state.tasks.values()].find((t) => t.slots >= 2)!;
		const heardByBruno = countUpdates(bruno.conn);
		const heardByAwa = countUpdates(awa.conn);

		expect(await awa.conn.send('task:claim', { taskId: task.id })).toMatchObject({ ok: true });
		await waitFor(() => expect(claimsOf(bruno.conn, task.id)).toEqual([awa.memberId]));
		expect(await bruno.conn.send('task:claim', { taskId: task.id })).toMatchObject({ ok: true });
		const both = [awa.memberId, bruno.memberId].sort();
		await waitFor(() => expect(claimsOf(awa.conn, task.id)).toEqual(both));
		await waitFor(() => expect(claimsOf(bruno.conn, task.id)).toEqual(both));
		// Two changes, two frames each: the instance that made it does not relay it through
		// Redis on top of the other's session.
		const settled = await master(cluster, 0);
		await waitFor(() => expect(claimsOf(settled, task.id)).toEqual(both));
		expect(heardByAwa.frames).toBe(2);
		expect(heardByBruno.frames).toBe(2);
		for (const c of [awa.conn, bruno.conn, settled]) c.close();
	});

	it('gives the last place to exactly one of two members racing through two instances, 50 times in a row', async () => {
		// 100 claims and 50 tasks in a few seconds: more than a person's budget allows.
		const cluster = await startCluster({ instances: 2, options: { commandRate: { burst: 1000, perSecond: 1000 } } });
		const console = await master(cluster, 0);
		const awa = await member(cluster, 0, 'Awa');
		const bruno = await member(cluster, 1, 'Bruno');
		for (let round = 0; round < 50; round++) {
			const added = await console.send('task:add', { kind: 'cooking', title: { fr: `Tour ${round}` }, slots: 1 });
			if (!added.ok) throw new Error(added.code);
			const taskId = added.taskId;
			await waitFor(() => expect(awa.conn.state.tasks.has(taskId) && bruno.conn.state.tasks.has(taskId)).toBe(true));
			const acks = await Promise.all([
				awa.conn.send('task:claim', { taskId }),
				bruno.conn.send('task:claim', { taskId })
			]);
			expect(
				acks.filter((a) => a.ok),
				JSON.stringify(acks)
			).toHaveLength(1);
			expect(acks.find((a) => !a.ok)).toMatchObject({ code: 'task_full' });
			const winner = acks[0]!.ok ? awa.memberId : bruno.memberId;
			await waitFor(() => expect(claimsOf(awa.conn, taskId)).toEqual([winner]));
			await waitFor(() => expect(claimsOf(bruno.conn, taskId)).toEqual([winner]));
		}
		for (const c of [console, awa.conn, bruno.conn]) c.close();
	});

	it('delivers a prompt for one member, and a removal, to the member on the other instance', async () => {
		const cluster = await startCluster({ instances: 2 });
		const console = await master(cluster, 0);
		const chloe = await member(cluster, 1, 'Chloé');
		expect(await chloe.conn.send('member:checkin', {})).toMatchObject({ ok: true });
		await waitFor(() => expect(console.state.members.get(chloe.memberId)?.checkedIn).toBe(true));

		const heard: unknown[] = [];
		chloe.conn.socket.on('prompt', (p) => heard.push(p));
		expect(await console.send('prompt:push', { promptId: 'fm-001', to: chloe.memberId })).toMatchObject({ ok: true });
		await waitFor(() => expect(heard).toEqual([expect.objectContaining({ promptId: 'fm-001' })]));

		// A prompt for the whole meal is on the board: every instance's members see it.
		const pushed = await console.send('prompt:push', { promptId: 'fm-002' });
		expect(pushed).toMatchObject({ ok: true });
		await waitFor(() => expect(chloe.conn.state.prompt?.promptId).toBe('fm-002'));

		const gone = new Promise<string>((resolve) => chloe.conn.socket.once('disconnect', (reason) => resolve(reason)));
		expect(await console.send('member:remove', { memberId: chloe.memberId })).toMatchObject({ ok: true });
		await waitFor(() => expect(chloe.conn.removed).toBe(true));
		expect(await gone).toBe('io server disconnect');
		expect(console.state.members.has(chloe.memberId)).toBe(false);
		for (const c of [console, chloe.conn]) c.close();
	});

	it('shows who is here across instances: joins, leaves, a member on two instances, an instance that closes', async () => {
		const cluster = await startCluster({ instances: 2 });
		const console = await master(cluster, 0);
		const awa = await member(cluster, 0, 'Awa');
		const bruno = await member(cluster, 1, 'Bruno');
		const both = [awa.memberId, bruno.memberId].sort();
		await waitFor(() => expect(console.online).toEqual(both));
		await waitFor(() => expect(awa.conn.online).toEqual(both));
		await waitFor(() => expect(bruno.conn.online).toEqual(both));

		// Bruno's second phone, on the other instance: closing one of the two changes nothing.
		const brunoAgain = await connect(cluster.instances[0]!.url, {
			role: 'member',
			mealId: bruno.mealId,
			token: bruno.token
		});
		expect(brunoAgain.online).toEqual(both);
		const lefts: string[] = [];
		console.socket.on('presence:delta', (delta) => lefts.push(...delta.left));
		bruno.conn.close();
		// Instance 1 has told Redis that Bruno left it (its field is gone); the meal has not.
		const fields = await presenceFields(cluster);
		await waitFor(async () => expect(await fields()).toHaveLength(2));
		expect(await fields()).not.toContain(`${cluster.instances[1]!.tablee.shared.instanceId}|${bruno.memberId}`);
		expect(lefts).toEqual([]);
		brunoAgain.close();
		await waitFor(() => expect(console.online).toEqual([awa.memberId]));
		expect(lefts).toEqual([bruno.memberId]);
		expect(awa.conn.online).toEqual([awa.memberId]);

		// A third instance joins the meal, then closes: its member leaves everyone's list.
		const third = await cluster.add();
		const joined = await joinMember(third.url, cluster.demo.meal.joinCode, 'Chloé');
		await connect(third.url, { role: 'member', mealId: joined.mealId, token: joined.token });
		await waitFor(() => expect(console.online).toEqual([awa.memberId, joined.memberId].sort()));
		await third.close();
		// Within a heartbeat of the others (a third of the lease).
		await waitFor(() => expect(console.online).toEqual([awa.memberId]));
		await waitFor(() => expect(awa.conn.online).toEqual([awa.memberId]));
		for (const c of [console, awa.conn]) c.close();
	});

	it('answers a command retried with the same cid on the other instance with the first answer, applied once', async () => {
		const cluster = await startCluster({ instances: 2 });
		const first = await master(cluster, 0);
		const second = await master(cluster, 1);
		const before = first.state.tasks.size;
		const command = { cid: 'retry-after-reconnect', kind: 'other', title: { fr: 'Pain' }, slots: 2 } as const;
		const answered = await first.send('task:add', command);
		if (!answered.ok) throw new Error(answered.code);
		// The same command again, as a console that lost the ack and came back elsewhere.
		expect(await second.send('task:add', command)).toEqual(answered);
		// And both at once, through both instances, with a new cid: one run, one answer.
		const again = { ...command, cid: 'twice-at-once' };
		const [a, b] = await Promise.all([first.send('task:add', again), second.send('task:add', again)]);
		expect(a).toEqual(b);
		expect(a).toMatchObject({ ok: true });
		await waitFor(() => expect(second.state.tasks.size).toBe(before + 2));
		await waitFor(() => expect(first.state.tasks.size).toBe(before + 2));
		for (const c of [first, second]) c.close();
	});

	it('lets a member come back through another instance: same member, same places, only what they missed', async () => {
		const cluster = await startCluster({ instances: 2 });
		const awa = await member(cluster, 0, 'Awa');
		const task = [...awa.conn.state.tasks.values()].find((t) => t.slots >= 2)!;
		expect(await awa.conn.send('task:claim', { taskId: task.id })).toMatchObject({ ok: true });
		await waitFor(() => expect(claimsOf(awa.conn, task.id)).toEqual([awa.memberId]));
		const kept = new Y.Doc();
		Y.applyUpdate(kept, Y.encodeStateAsUpdate(awa.conn.doc));
		awa.conn.close();

		// Meanwhile, someone else claims on the other instance.
		const bruno = await member(cluster, 1, 'Bruno');
		expect(await bruno.conn.send('task:claim', { taskId: task.id })).toMatchObject({ ok: true });

		const received: number[] = [];
		const back = new BoardConnection({
			url: cluster.instances[1]!.url,
			credentials: { role: 'member', mealId: awa.mealId, token: awa.token },
			doc: kept,
			socket: { transports: ['websocket'], forceNew: true }
		});
		// The answer to its step 1 comes as bytes (updates come as base64 text).
		back.socket.on('y', (frame) => {
			if (typeof frame !== 'string') received.push(frame.byteLength);
		});
		await back.whenSynced();
		expect(back.welcome?.memberId).toBe(awa.memberId);
		await waitFor(() => expect(claimsOf(back, task.id)).toEqual([awa.memberId, bruno.memberId].sort()));
		// The answer to its state vector holds Bruno's joining and claim, not the whole board.
		const whole = Y.encodeStateAsUpdate(back.doc).byteLength;
		expect(received[0]).toBeLessThan(whole / 2);
		expect(await back.send('task:release', { taskId: task.id })).toMatchObject({ ok: true });
		await waitFor(() => expect(claimsOf(bruno.conn, task.id)).toEqual([bruno.memberId]));
		for (const c of [back, bruno.conn]) c.close();
	});

	it('holds the limits across instances: members per network, connections per member token, a member’s budget', async () => {
		const cluster = await startCluster({
			instances: 2,
			options: {
				limits: {
					joins: { membersPerNetwork: 2 },
					connections: { perMember: 1 },
					// Five points: a sync and two commands on one instance, a sync and one command on the other.
					budget: { perMember: { points: 5, perSeconds: 600 } }
				}
			}
		});
		const [one, two] = cluster.instances.map((i) => i.url) as [string, string];
		const code = cluster.demo.meal.joinCode;
		const console = await master(cluster, 1);
		const notices: JoinsRefused[] = [];
		console.socket.on('joins:refused', (n) => notices.push(n));

		// One network, two places, joins through either instance.
		const joins = [
			await joinFrom({ address: '127.0.0.5', base: one, code, name: 'Awa' }),
			await joinFrom({ address: '127.0.0.5', base: two, code, name: 'Bruno' }),
			await joinFrom({ address: '127.0.0.5', base: one, code, name: 'Chloé' })
		];
		expect(joins.map((j) => j.status)).toEqual([201, 201, 409]);
		expect(joins[2]!.body).toMatchObject({ code: 'network_full' });
		// Refused on instance 1, heard by the console on instance 2.
		await waitFor(() => expect(notices).toEqual([expect.objectContaining({ refused: 1, cap: 2 })]));
		// Let one more in from the console's instance: the other instance admits it.
		expect(await console.send('joins:allow', { network: notices[0]!.network, more: 1 })).toMatchObject({
			ok: true,
			cap: 3
		});
		expect((await joinFrom({ address: '127.0.0.5', base: one, code, name: 'Chloé' })).status).toBe(201);

		// One connection per member token, whichever instance the second tries.
		const awa = joins[0]!.body as { mealId: string; memberId: string; token: string };
		const credentials = { role: 'member', mealId: awa.mealId, token: awa.token } as const;
		const phone = await connect(one, credentials);
		const second = new BoardConnection({
			url: two,
			credentials,
			socket: { transports: ['websocket'], forceNew: true }
		});
		await expect(second.whenSynced()).rejects.toThrow();
		expect(second.refusal).toMatchObject({ code: 'too_many_connections' });
		second.close();

		// The member's budget, wherever spent: each connection's sync costs a point too.
		const task = [...phone.state.tasks.values()][0]!;
		expect(await phone.send('task:claim', { taskId: task.id })).toMatchObject({ ok: true });
		expect(await phone.send('task:release', { taskId: task.id })).toMatchObject({ ok: true });
		phone.close();
		const elsewhere = await waitFor(() => connect(two, credentials));
		expect(await elsewhere.send('task:claim', { taskId: task.id })).toMatchObject({ ok: true });
		expect(await elsewhere.send('task:release', { taskId: task.id })).toMatchObject({ code: 'rate_limited' });
		for (const c of [console, elsewhere]) c.close();
	});

	it('closes the screens opened with a revoked link on every instance, Socket.IO and read-only Yjs', async () => {
		const cluster = await startCluster({ instances: 2 });
		const mealId = cluster.demo.meal.id;
		const console = await master(cluster, 0);
		const link = await console.send('screen:link', {});
		if (!link.ok) throw new Error(link.code);
		const other = cluster.instances[1]!.url;
		const screen = await connect(other, { role: 'screen', mealId, key: link.key });
		const provider = new WebsocketProvider(`${other.replace('http', 'ws')}/yjs/meal`, mealId, new Y.Doc(), {
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			params: { key: link.key },
			disableBc: true
		});
		await waitFor(() => expect(provider.synced).toBe(true));
		const closed = new Promise<{ code: number }>((resolve) => provider.on('closed', (event) => resolve(event)));

		expect(await console.send('screen:revoke', {})).toEqual({ ok: true, revoked: 1 });
		expect((await closed).code).toBe(CLOSE_REVOKED);
		await waitFor(() => expect(screen.socket.connected).toBe(false));
		provider.destroy();
		for (const c of [console, screen]) c.close();
	});
});
