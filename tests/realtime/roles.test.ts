/**
 * Who may do what, proven over real sockets: the role comes from the credential checked
 * at the handshake, never from a payload, and each role is held to its commands.
 */
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it, vi } from 'vitest';
import { createMeal } from '../../server/board/meals.ts';
import { newSecret } from '../../server/auth/secrets.ts';
import type { CommandInput, CommandName } from '../../src/lib/protocol/schemas.ts';
import { COMMAND_NAMES } from '../../src/lib/protocol/schemas.ts';
import { PROTOCOL_VERSION } from '../../src/lib/protocol/version.ts';
import { connect, joinMember, masterConnection, memberConnection, startServer, tasksOf } from '../helpers/server.ts';

type Refusal = { message: string; data?: { code?: string; message?: string } };

/**
 * Opens a raw socket.io-client connection and resolves with the server's refusal: a
 * connect_error with a code, or (for an auth that is not even an object, which the
 * Socket.IO parser rejects before our code runs) the transport closing.
 */
function refusal(url: string, auth: unknown): Promise<Refusal> {
	const socket: Socket = io(url, {
		auth: auth as Record<string, unknown>,
		transports: ['websocket'],
		forceNew: true,
		reconnection: false
	});
	return new Promise((resolve, reject) => {
		let settled = false;
		const settle = (outcome: () => void) => {
			if (settled) return;
			settled = true;
			outcome();
			setImmediate(() => socket.close());
		};
		socket.on('connect', () => settle(() => reject(new Error(`handshake ${JSON.stringify(auth)} was accepted`))));
		socket.on('connect_error', (error: Error & { data?: Refusal['data'] }) =>
			settle(() => resolve({ message: error.message, data: error.data }))
		);
		// A refusal closes the manager just before connect_error is emitted: let it arrive first.
		socket.io.on('close', (reason) => setImmediate(() => settle(() => resolve({ message: `closed: ${reason}` }))));
	});
}

describe('roles and credentials', async () => {
	const server = await startServer({
		joinRate: { burst: 1000, perSecond: 100 },
		commandRate: { burst: 1000, perSecond: 100 }
	});
	const mealId = server.demo.meal.id;
	const storage = server.tablee.storage;
	const seq = async (id = mealId) => (await storage.boardLog.load(id)).seq;

	/** A valid payload for every command, so a refusal can only be about the role. */
	function validPayloads(taskId: string): { [N in CommandName]: CommandInput<N> } {
		return {
			'task:claim': { taskId },
			'task:release': { taskId },
			'task:done': { taskId },
			'task:reopen': { taskId },
			'task:add': { kind: 'other', title: { fr: 'Interdit' }, slots: 1 },
			'task:edit': { taskId, title: { fr: 'Renommée' }, slots: 5 },
			'task:remove': { taskId },
			'member:checkin': {},
			'member:checkout': {},
			'member:rename': { name: 'Quelqu’un' },
			'meal:status': { status: 'cooking' },
			'prompt:push': { text: { fr: 'Interdit ?' } },
			'prompt:clear': {},
			'prompt:history': {},
			'member:locale': { locale: 'en' },
			'member:walkin': { name: 'Interdit' },
			'member:checkout-by-master': { memberId: 'm_1' },
			'task:assign': { taskId, memberId: 'm_1' },
			'task:invite': { taskId, memberId: 'm_1' },
			'task:handover': { taskId, toMemberId: 'm_1' },
			'invite:answer': { inviteId: 'i_1', accept: true },
			'invite:cancel': { inviteId: 'i_1' },
			'task:move': { taskId, direction: 'down' },
			'member:rename-by-master': { memberId: 'm_1', name: 'Autre' },
			'member:remove': { memberId: 'm_1' },
			'member:ban': { memberId: 'm_1' },
			'ban:list': {},
			'ban:lift': { banId: 'b_1' },
			'words:list': {},
			'words:set': { words: ['mot'] },
			'joins:allow': { network: 'ABCDEF', more: 1 },
			'members:remove-wave': { network: 'ABCDEF' },
			'prompt:library': {},
			'screen:link': {},
			'screen:revoke': {},
			'screen:show': { view: 'blank' },
			'screen:coverage': { percent: 80 },
			'profile:get': {},
			'profile:set': { profile: { consent: true, facts: [], languages: ['fr'] } },
			'people:get': {},
			'intro:done': { a: 'm_1', b: 'm_2' },
			'survey:answer': { community: 'yes' },
			'survey:get': {},
			'member:erase': {},
			'member:gone': { memberId: 'm_1' },
			'task:timer': { taskId, action: 'start', minutes: 25 }
		};
	}

	it('refuses every Canteen Master command to a member, leaving the board unchanged', async () => {
		const a = await memberConnection(server, 'Basile');
		const task = tasksOf(a.conn)[0]!;
		const before = JSON.stringify([...a.conn.state.tasks.entries()]);
		const seqBefore = await seq();
		const payloads = validPayloads(task.id);
		for (const name of ['task:add', 'task:edit', 'task:remove', 'meal:status', 'member:gone'] as const) {
			expect(await a.conn.send(name, payloads[name] as never), name).toMatchObject({
				ok: false,
				code: 'forbidden',
				message: expect.any(String)
			});
		}
		expect(await seq()).toBe(seqBefore);
		const fresh = await masterConnection(server);
		expect(JSON.stringify([...fresh.state.tasks.entries()])).toBe(before);
		expect(fresh.state.meta?.status).toBe('open');
		fresh.close();
	});

	it('lets the kitchen screen watch the board live but run nothing', async () => {
		const screen = await connect(server.url, { role: 'screen', mealId, key: server.demo.screenKey });
		expect(screen.welcome).toMatchObject({ role: 'screen', mealId, joinCode: server.demo.meal.joinCode });
		expect(screen.welcome?.memberId).toBeUndefined();
		const task = tasksOf(screen).find((t) => t.status === 'open')!;
		const payloads = validPayloads(task.id);
		const seqBefore = await seq();
		for (const name of COMMAND_NAMES) {
			expect(await screen.send(name, payloads[name] as never), name).toMatchObject({ ok: false, code: 'forbidden' });
		}
		expect(await seq()).toBe(seqBefore);

		// …and still receives what others change.
		const master = await masterConnection(server);
		const added = await master.send('task:add', { kind: 'table', title: { fr: 'Vu à l’écran' }, slots: 2 });
		if (!added.ok) throw new Error(added.code);
		await vi.waitFor(() => expect(screen.state.tasks.get(added.taskId)?.title.fr).toBe('Vu à l’écran'));
		master.close();
		screen.close();
	});

	it('gives the Canteen Master a read-only screen key, and keeps the two keys to their roles', async () => {
		// The master's welcome carries the key for the projector link; nobody else's does.
		const master = await masterConnection(server);
		expect(master.welcome?.screenKey).toBe(server.demo.screenKey);
		const member = await memberConnection(server, 'Curieuse');
		expect(member.conn.welcome?.screenKey).toBeUndefined();
		const screen = await connect(server.url, { role: 'screen', mealId, key: master.welcome!.screenKey! });
		expect(screen.welcome).toMatchObject({ role: 'screen' });
		expect(screen.welcome?.screenKey).toBeUndefined();
		expect(await screen.send('task:add', { kind: 'other', title: { fr: 'Non' }, slots: 1 })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		for (const c of [master, member.conn, screen]) c.close();

		// The master key is for the Canteen Master only: a projector never needs it.
		const screenByMaster = await refusal(server.url, {
			v: PROTOCOL_VERSION,
			role: 'screen',
			mealId,
			key: server.demo.masterKey
		});
		expect(screenByMaster.data?.code).toBe('unauthorized');

		const refused = await refusal(server.url, {
			v: PROTOCOL_VERSION,
			role: 'master',
			mealId,
			key: server.demo.screenKey
		});
		expect(refused.data?.code).toBe('unauthorized');
	});

	it('refuses handshakes with wrong, foreign, garbage or missing credentials', async () => {
		const other = await createMeal(storage, {
			canteenId: 'canteen_demo',
			title: 'Dîner voisin',
			date: '2030-01-01',
			time: '19:00',
			status: 'open',
			tasks: [{ kind: 'other', title: { fr: 'Ailleurs', en: 'Elsewhere' }, slots: 1 }]
		});
		const foreign = await joinMember(server.url, other.meal.joinCode, 'Voisine');
		// The foreign member is real: their own meal lets them in.
		const home = await connect(server.url, { role: 'member', mealId: other.meal.id, token: foreign.token });
		expect(home.welcome?.memberId).toBe(foreign.memberId);
		home.close();

		const v = PROTOCOL_VERSION;
		const unauthorized: [string, unknown][] = [
			['wrong master key', { v, role: 'master', mealId, key: newSecret() }],
			['wrong screen key', { v, role: 'screen', mealId, key: newSecret() }],
			['other meal’s master key', { v, role: 'master', mealId, key: other.masterKey }],
			['other meal’s screen key', { v, role: 'screen', mealId, key: other.screenKey }],
			['member token of another meal', { v, role: 'member', mealId, token: foreign.token }],
			['well-formed unknown token', { v, role: 'member', mealId, token: newSecret() }],
			['unknown meal', { v, role: 'master', mealId: 'meal_nosuchmeal', key: server.demo.masterKey }],
			['master key as member token', { v, role: 'member', mealId, token: server.demo.masterKey }]
		];
		const seqBefore = await seq();
		for (const [label, auth] of unauthorized) {
			expect((await refusal(server.url, auth)).data, label).toMatchObject({
				code: 'unauthorized',
				message: expect.any(String)
			});
		}

		const malformed: [string, unknown][] = [
			['missing auth', undefined],
			['empty auth', {}],
			['garbage token', { v, role: 'member', mealId, token: '<script>' }],
			['short key', { v, role: 'master', mealId, key: 'abc' }],
			['token for a master', { v, role: 'master', mealId, token: server.demo.masterKey }],
			['unknown role', { v, role: 'partner', mealId, key: server.demo.masterKey }],
			['admin role', { v, role: 'admin', mealId, key: server.demo.masterKey }],
			['no role', { v, mealId, key: server.demo.masterKey }],
			['bad meal id', { v, role: 'master', mealId: '../../etc/passwd', key: server.demo.masterKey }],
			['version as string', { v: String(v), role: 'master', mealId, key: server.demo.masterKey }],
			['extra field', { v, role: 'member', mealId, token: foreign.token, memberId: foreign.memberId }]
		];
		for (const [label, auth] of malformed) {
			const refused = await refusal(server.url, auth);
			expect(['bad_request', 'unauthorized'], label).toContain(refused.data?.code);
		}
		// Not even an object: Socket.IO's parser drops the connection before authentication.
		for (const auth of [[v, 'master', mealId, server.demo.masterKey], 'master']) {
			expect((await refusal(server.url, auth)).message).toMatch(/^closed/);
		}
		// Nothing a refused handshake sent touched the board, and the server still answers.
		expect(await seq()).toBe(seqBefore);
		expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
	});

	it('asks an out-of-date page to reload', async () => {
		for (const v of [PROTOCOL_VERSION + 1, 0, -1]) {
			const refused = await refusal(server.url, { v, role: 'master', mealId, key: server.demo.masterKey });
			expect(refused.data).toMatchObject({ code: 'protocol_version', message: expect.stringMatching(/reload/) });
		}
		// Even a version mismatch with otherwise malformed auth says "reload", not "bad request".
		const refused = await refusal(server.url, { v: PROTOCOL_VERSION + 1, role: 'member' });
		expect(refused.data?.code).toBe('protocol_version');
	});

	it('gives a member no way to act for another member', async () => {
		const a = await memberConnection(server, 'Alma');
		const b = await memberConnection(server, 'Bruno');
		const task = tasksOf(a.conn).find((t) => t.status === 'open' && t.slots - t.claims.length >= 2)!;
		expect(await a.conn.send('task:claim', { taskId: task.id })).toEqual({ ok: true });
		const seqBefore = await seq();

		// Naming someone else in the payload is not part of any command's shape.
		const impersonations: [CommandName, Record<string, unknown>][] = [
			['task:claim', { taskId: task.id, memberId: a.memberId }],
			['task:release', { taskId: task.id, memberId: a.memberId }],
			['task:done', { taskId: task.id, memberId: a.memberId }],
			['task:reopen', { taskId: task.id, memberId: a.memberId }],
			['member:checkout', { memberId: a.memberId }],
			['member:checkin', { memberId: a.memberId }],
			['member:rename', { name: 'Usurpé', memberId: a.memberId }],
			['member:rename', { name: 'Usurpé', member: { id: a.memberId } }],
			['task:claim', { taskId: task.id, role: 'master' }],
			['task:claim', { taskId: task.id, actor: { role: 'master', memberId: a.memberId } }]
		];
		for (const [name, payload] of impersonations) {
			const ack = await b.conn.socket.timeout(5000).emitWithAck(name, payload as never);
			expect(ack, `${name} ${JSON.stringify(payload)}`).toMatchObject({
				ok: false,
				code: 'bad_request',
				issues: expect.arrayContaining([expect.stringMatching(/Invalid key/)])
			});
		}
		// Acting on Alma’s place with Bruno’s own credential touches only Bruno.
		expect(await b.conn.send('task:release', { taskId: task.id })).toMatchObject({ ok: false, code: 'not_claimed' });
		expect(await b.conn.send('task:done', { taskId: task.id })).toMatchObject({ ok: false, code: 'not_claimed' });
		expect(await seq()).toBe(seqBefore);

		expect(await b.conn.send('member:rename', { name: 'Bruno B.' })).toEqual({ ok: true });
		await vi.waitFor(() => expect(a.conn.state.members.get(b.memberId)?.name).toBe('Bruno B.'));
		const board = a.conn.state;
		expect(board.members.get(a.memberId)).toMatchObject({ name: 'Alma', checkedIn: true });
		expect(board.tasks.get(task.id)?.claims.map((c) => c.memberId)).toEqual([a.memberId]);
		expect(board.tasks.get(task.id)?.status).toBe('open');
	});

	it('does not let a member token choose the member: the welcome names the token’s owner', async () => {
		const joined = await joinMember(server.url, server.demo.meal.joinCode, 'Céleste');
		const conn = await connect(server.url, { role: 'member', mealId, token: joined.token });
		expect(conn.welcome).toMatchObject({ role: 'member', memberId: joined.memberId });
		conn.close();
	});
});
