/**
 * Everything a broken or hostile client can send, over real sockets and real HTTP: each
 * is answered with the right code, the connection stays up where it should, the server
 * stays up, and the board is exactly what it was.
 */
import * as encoding from 'lib0/encoding';
import type { Socket } from 'socket.io-client';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { applyChanges } from '../../src/lib/board-doc/doc.ts';
import { encodeStep1 } from '../../src/lib/board-doc/sync.ts';
import type { BoardConnection } from '../../src/lib/client/connection.ts';
import type { CommandName } from '../../src/lib/protocol/schemas.ts';
import { COMMAND_NAMES } from '../../src/lib/protocol/schemas.ts';
import { connect, masterConnection, memberConnection, startServer, tasksOf } from '../helpers/server.ts';

type Json = Record<string, unknown>;
type ProtocolError = { event: string; code: string; message: string; issues?: string[] };

/** The untyped socket under a BoardConnection, to send what the typed API forbids. */
const raw = (conn: BoardConnection) => conn.socket as unknown as Socket;
const ask = (conn: BoardConnection, event: string | number, ...args: unknown[]) =>
	raw(conn)
		.timeout(5000)
		.emitWithAck(event as string, ...args) as Promise<Json>;

/** Resolves with the next protocol:error the server sends on this connection. */
function nextProtocolError(conn: BoardConnection): Promise<ProtocolError> {
	return new Promise((resolve) => raw(conn).once('protocol:error', resolve));
}

const BAD_ID = [null, 42, true, [], {}, '', 'has space', 'x'.repeat(41), '../etc', '<b>', 'é'];
const BAD_CID = [42, null, '', 'with space', 'x'.repeat(41), {}, []];
/** Per field: values that must never pass. */
const BAD_VALUES: Record<string, unknown[]> = {
	taskId: BAD_ID,
	cid: BAD_CID,
	kind: [null, 3, 'chef', '', 'COOKING', [], {}],
	title: [
		null,
		'Soupe',
		42,
		[],
		{},
		{ de: 'Suppe' },
		{ fr: '' },
		{ fr: '   ' },
		{ fr: 42 },
		{ fr: 'a\u0007b' },
		// A lone surrogate: Yjs would store U+FFFD while the server's memory kept the original.
		{ fr: 'Pain\udc00' },
		{ fr: 'x'.repeat(81) },
		{ fr: 'ok', en: null },
		{ fr: 'ok', de: 'x' }
	],
	slots: [null, '2', 0, -1, 31, 1.5, 1e308, -0.5, [], {}, true],
	// The survey's choices (src/lib/survey/survey.ts); `null` is not "no answer", leaving it out is.
	community: [null, 'oui', 'YES', '', 1, true, [], {}, ['yes']],
	reachedOut: [null, 'maybe', 'no', 0, [], {}],
	order: [-1, 1.5, '3', 1_000_001, null],
	network: [null, 42, '', 'abcdef', 'ABCDEFG', '127.0.0.1', [], {}],
	more: [null, 0, -1, 301, 1.5, '3', [], {}],
	name: [
		null,
		42,
		'',
		'   ',
		'x'.repeat(41),
		'a\u0000b',
		'a\u0007b',
		'a\u001bb',
		'a\u007fb',
		'a\u009fb',
		'Zo\ud800',
		'\udfffZo',
		[],
		{}
	],
	emoji: [42, null, 'abc', 'x', '🍅x', ':-)', '🍅'.repeat(9), []],
	memberId: BAD_ID,
	toMemberId: BAD_ID,
	inviteId: BAD_ID,
	accept: [null, 'true', 1, 0, [], {}],
	direction: [null, 'UP', 'left', '', 1, [], {}],
	status: [null, 'CLOSED', 'done', '', 3, [], {}],
	view: [null, 'BOARD', 'tv', '', 1, [], {}],
	percent: ['80', -1, 501, 12.5, 1e308, true, [], {}],
	action: [null, 'START', 'explode', '', 1, [], {}],
	minutes: [null, 0, -5, 601, 2.5, '25', 1e308, [], {}],
	promptId: BAD_ID,
	locale: [null, 'de', 'FR', '', 3, [], {}],
	banId: BAD_ID,
	words: [null, 'mot', 42, {}, [42], [null], ['x'.repeat(41)], ['a\u0000b'], ['a\nb'], Array(201).fill('a')],
	a: BAD_ID,
	b: BAD_ID,
	profile: [
		null,
		'moi',
		[],
		{},
		{ consent: 'yes', facts: [], languages: [] },
		{ consent: false, facts: [{ kind: 'skill', text: 'vélo' }], languages: [] },
		{ consent: true, facts: [{ kind: 'skill', text: 'a\u0000b' }], languages: [] },
		{ consent: true, facts: [{ kind: 'wish', text: 'x' }], languages: [] },
		{ consent: true, facts: [], languages: ['xx'] },
		{ consent: true, facts: [], languages: [], ageBracket: '30-40' },
		{ consent: true, facts: [], languages: [], memberId: 'm_1' }
	]
};

describe('bad input over sockets', async () => {
	const server = await startServer({
		joinRate: { burst: 10_000, perSecond: 1000 },
		commandRate: { burst: 100_000, perSecond: 100_000 }
	});
	const mealId = server.demo.meal.id;
	const seq = async () => (await server.tablee.storage.boardLog.load(mealId)).seq;

	const master = await masterConnection(server);
	const member = await memberConnection(server, 'Testeur');
	const task = tasksOf(master).find((t) => t.status === 'open' && t.slots >= 2)!;

	/** Who may run each command, and a payload it would accept. */
	const valid: Record<CommandName, { by: BoardConnection; payload: Json }> = {
		'task:claim': { by: member.conn, payload: { taskId: task.id } },
		'task:release': { by: member.conn, payload: { taskId: task.id } },
		'task:done': { by: member.conn, payload: { taskId: task.id } },
		'task:reopen': { by: member.conn, payload: { taskId: task.id } },
		'task:add': { by: master, payload: { kind: 'other', title: { fr: 'Valide' }, slots: 1 } },
		'task:edit': { by: master, payload: { taskId: task.id, slots: 4, order: 3, kind: 'table', title: { en: 'X' } } },
		'task:remove': { by: master, payload: { taskId: task.id } },
		'member:checkin': { by: member.conn, payload: {} },
		'member:checkout': { by: member.conn, payload: {} },
		'member:rename': { by: member.conn, payload: { name: 'Nouveau', emoji: '🍅' } },
		'meal:status': { by: master, payload: { status: 'cooking' } },
		'prompt:push': { by: master, payload: { promptId: 'fm-001' } },
		'prompt:clear': { by: master, payload: {} },
		'prompt:history': { by: master, payload: {} },
		'member:locale': { by: member.conn, payload: { locale: 'en' } },
		'member:walkin': { by: master, payload: { name: 'Sans téléphone' } },
		'member:checkout-by-master': { by: master, payload: { memberId: member.memberId } },
		'task:assign': { by: master, payload: { taskId: task.id, memberId: member.memberId } },
		'task:invite': { by: master, payload: { taskId: task.id, memberId: member.memberId } },
		'task:handover': { by: member.conn, payload: { taskId: task.id, toMemberId: member.memberId } },
		'invite:answer': { by: member.conn, payload: { inviteId: 'i_1', accept: true } },
		'invite:cancel': { by: master, payload: { inviteId: 'i_1' } },
		'task:move': { by: master, payload: { taskId: task.id, direction: 'up' } },
		'member:rename-by-master': { by: master, payload: { memberId: member.memberId, name: 'Autre' } },
		'member:remove': { by: master, payload: { memberId: member.memberId } },
		'member:ban': { by: master, payload: { memberId: member.memberId } },
		'ban:list': { by: master, payload: {} },
		'ban:lift': { by: master, payload: { banId: 'b_1' } },
		'words:list': { by: master, payload: {} },
		'words:set': { by: master, payload: { words: ['mot'] } },
		'joins:allow': { by: master, payload: { network: 'ABCDEF', more: 1 } },
		// A network nobody joined from: removes no one.
		'members:remove-wave': { by: master, payload: { network: 'ABCDEF' } },
		'prompt:library': { by: master, payload: {} },
		'screen:link': { by: master, payload: {} },
		'screen:revoke': { by: master, payload: {} },
		'screen:show': { by: master, payload: { view: 'menu' } },
		'screen:coverage': { by: master, payload: { percent: 80 } },
		'profile:get': { by: member.conn, payload: {} },
		'profile:set': { by: member.conn, payload: { profile: { consent: true, facts: [], languages: ['fr'] } } },
		'people:get': { by: master, payload: {} },
		'intro:done': { by: master, payload: { a: member.memberId, b: 'm_2' } },
		'survey:answer': { by: member.conn, payload: { community: 'yes', reachedOut: 'not-yet' } },
		'survey:get': { by: member.conn, payload: {} },
		'member:erase': { by: member.conn, payload: {} },
		'member:gone': { by: master, payload: { memberId: member.memberId } },
		'task:timer': { by: master, payload: { taskId: task.id, action: 'start', minutes: 25 } }
	};
	const required: Record<CommandName, string[]> = {
		'task:claim': ['taskId'],
		'task:release': ['taskId'],
		'task:done': ['taskId'],
		'task:reopen': ['taskId'],
		'task:add': ['kind', 'title', 'slots'],
		'task:edit': ['taskId'],
		'task:remove': ['taskId'],
		'member:checkin': [],
		'member:checkout': [],
		'member:rename': ['name'],
		'meal:status': ['status'],
		'prompt:push': ['promptId'],
		'prompt:clear': [],
		'prompt:history': [],
		'member:locale': ['locale'],
		'member:walkin': ['name'],
		'member:checkout-by-master': ['memberId'],
		'task:assign': ['taskId', 'memberId'],
		'task:invite': ['taskId', 'memberId'],
		'task:handover': ['taskId', 'toMemberId'],
		'invite:answer': ['inviteId', 'accept'],
		'invite:cancel': ['inviteId'],
		'task:move': ['taskId', 'direction'],
		'member:rename-by-master': ['memberId', 'name'],
		'member:remove': ['memberId'],
		'member:ban': ['memberId'],
		'ban:list': [],
		'ban:lift': ['banId'],
		'words:list': [],
		'words:set': ['words'],
		'joins:allow': ['network', 'more'],
		'members:remove-wave': [],
		'prompt:library': [],
		'screen:link': [],
		'screen:revoke': [],
		'screen:show': ['view'],
		'screen:coverage': ['percent'],
		'profile:get': [],
		'profile:set': ['profile'],
		'people:get': [],
		'intro:done': ['a', 'b'],
		// Either question may be left out; both at once is bad input (tested in tests/survey/).
		'survey:answer': [],
		'survey:get': [],
		'member:erase': [],
		'member:gone': ['memberId'],
		'task:timer': ['taskId', 'action', 'minutes']
	};

	/** The board as the store has it, and as a phone sees it: both must not move. */
	async function snapshot() {
		return { seq: await seq(), board: JSON.stringify([...master.state.tasks.entries(), master.state.meta]) };
	}
	async function expectIntact(before: { seq: number; board: string }) {
		expect(await seq()).toBe(before.seq);
		expect((await snapshot()).board).toBe(before.board);
		const health = await fetch(`${server.url}/api/health`);
		expect(health.status).toBe(200);
		expect(member.conn.socket.connected && master.socket.connected).toBe(true);
	}

	it('refuses wrong types, missing and extra fields and non-object payloads for every command', async () => {
		const before = await snapshot();
		let sent = 0;
		for (const name of COMMAND_NAMES) {
			const { by, payload } = valid[name];
			const cases: [string, unknown][] = [];
			for (const field of [...Object.keys(payload), 'cid']) {
				for (const bad of BAD_VALUES[field]!)
					cases.push([`${field}=${JSON.stringify(bad)}`, { ...payload, [field]: bad }]);
			}
			for (const field of required[name]) {
				const { [field]: _dropped, ...rest } = payload;
				cases.push([`without ${field}`, rest]);
			}
			cases.push(['extra field', { ...payload, extra: 1 }]);
			cases.push(['extra nested field', { ...payload, meta: { status: 'closed' } }]);
			for (const notAnObject of [null, 'task', 42, true, [], [payload], Buffer.alloc(0), Buffer.from('{}')]) {
				cases.push([`payload ${String(notAnObject)}`, notAnObject]);
			}
			for (const [label, bad] of cases) {
				const ack = await ask(by, name, bad);
				expect(ack, `${name} ${label}`).toMatchObject({
					ok: false,
					code: 'bad_request',
					message: expect.any(String),
					issues: expect.any(Array)
				});
				sent++;
			}
		}
		// task:edit that changes nothing is not a command either.
		expect(await ask(master, 'task:edit', { taskId: task.id })).toMatchObject({ ok: false, code: 'bad_request' });
		expect(sent).toBeGreaterThan(250);
		await expectIntact(before);
	});

	it('answers a command sent with an ack but without a payload, or with extra arguments', async () => {
		const before = await snapshot();
		for (const name of COMMAND_NAMES) {
			expect(await ask(valid[name].by, name), `${name} ()`).toMatchObject({ ok: false, code: 'bad_request' });
			expect(await ask(valid[name].by, name, valid[name].payload, 'extra'), `${name} (payload, extra)`).toMatchObject({
				ok: false,
				code: 'bad_request'
			});
		}
		await expectIntact(before);
	});

	it('answers task_not_found for ids that are well formed but unknown', async () => {
		const before = await snapshot();
		const missing = 't_nosuchtask';
		for (const name of ['task:claim', 'task:release', 'task:done', 'task:reopen'] as const) {
			expect(await member.conn.send(name, { taskId: missing }), name).toMatchObject({
				ok: false,
				code: 'task_not_found'
			});
		}
		for (const name of ['task:remove', 'task:done', 'task:reopen'] as const) {
			expect(await master.send(name, { taskId: missing }), name).toMatchObject({ ok: false, code: 'task_not_found' });
		}
		expect(await master.send('task:edit', { taskId: missing, slots: 2 })).toMatchObject({
			ok: false,
			code: 'task_not_found'
		});
		await expectIntact(before);
	});

	it('does not answer a command with the cached ack of another command that used the same cid', async () => {
		expect(await ask(master, 'task:edit', { taskId: task.id, order: 7, cid: 'reused-cid' })).toEqual({ ok: true });
		const added = await ask(master, 'task:add', {
			kind: 'other',
			title: { fr: 'Même cid' },
			slots: 1,
			cid: 'reused-cid'
		});
		expect(added).toEqual({ ok: true, taskId: expect.any(String) });
		await vi.waitFor(() => expect(master.state.tasks.get(added.taskId as string)?.title.fr).toBe('Même cid'));
		// The same command with the same cid is still a retry, answered once.
		expect(
			await ask(master, 'task:add', { kind: 'other', title: { fr: 'Même cid' }, slots: 1, cid: 'reused-cid' })
		).toEqual(added);
		expect(await ask(master, 'task:remove', { taskId: added.taskId })).toEqual({ ok: true });
	});

	it('applies a command once when the same cid arrives again before the first answer', async () => {
		const before = master.state.tasks.size;
		const add = () =>
			ask(master, 'task:add', { kind: 'other', title: { fr: 'Une seule fois' }, slots: 1, cid: 'dup-add' });
		const answers = await Promise.all([add(), add(), add()]);
		expect(answers[0]).toEqual({ ok: true, taskId: expect.any(String) });
		expect(answers[1]).toEqual(answers[0]);
		expect(answers[2]).toEqual(answers[0]);
		await vi.waitFor(() => expect(master.state.tasks.has(answers[0]!.taskId as string)).toBe(true));
		const fresh = await connect(server.url, { role: 'screen', mealId, key: server.demo.screenKey });
		expect(fresh.state.tasks.size).toBe(before + 1);
		expect([...fresh.state.tasks.values()].filter((t) => t.title.fr === 'Une seule fois')).toHaveLength(1);
		fresh.close();

		// A phone that lost the ack of its claim and retries — even twice at once — hears
		// "ok", not "already claimed", then and later.
		const taskId = answers[0]!.taskId as string;
		const claim = () => ask(member.conn, 'task:claim', { taskId, cid: 'dup-claim' });
		expect(await Promise.all([claim(), claim()])).toEqual([{ ok: true }, { ok: true }]);
		expect(await claim()).toEqual({ ok: true });
		expect(await ask(member.conn, 'task:release', { taskId })).toEqual({ ok: true });
		expect(await ask(master, 'task:remove', { taskId })).toEqual({ ok: true });
	});

	it('refuses oversized payloads that still fit in one frame', async () => {
		const before = await snapshot();
		const huge = 'x'.repeat(10_000);
		expect(await ask(master, 'task:add', { kind: 'other', title: { fr: huge }, slots: 1 })).toMatchObject({
			ok: false,
			code: 'payload_too_large'
		});
		expect(await ask(member.conn, 'member:rename', { name: huge })).toMatchObject({
			ok: false,
			code: 'payload_too_large'
		});
		expect(await ask(member.conn, 'task:claim', { taskId: task.id, padding: huge })).toMatchObject({
			ok: false,
			code: 'payload_too_large'
		});
		// Under the command limit, the schema's own limits answer.
		expect(await ask(master, 'task:add', { kind: 'other', title: { fr: 'x'.repeat(3000) }, slots: 1 })).toMatchObject({
			ok: false,
			code: 'bad_request',
			issues: [expect.stringMatching(/longer than 80/)]
		});
		await expectIntact(before);
	});

	it('reports a command sent without an ack callback, and does not apply it', async () => {
		const before = await snapshot();
		for (const name of COMMAND_NAMES) {
			const error = nextProtocolError(valid[name].by);
			raw(valid[name].by).emit(name, valid[name].payload);
			expect(await error, name).toMatchObject({
				event: name,
				code: 'bad_request',
				issues: [expect.stringMatching(/acknowledgement/)]
			});
		}
		await expectIntact(before);
	});

	it('answers unknown events with unknown_event, with or without an ack', async () => {
		const before = await snapshot();
		const names = [
			'task:delete',
			'TASK:CLAIM',
			'admin',
			'board:reset',
			'__proto__',
			'constructor',
			'toString',
			'hasOwnProperty'
		];
		for (const name of names) {
			expect(await ask(member.conn, name, { taskId: task.id }), name).toMatchObject({
				ok: false,
				code: 'unknown_event'
			});
			expect(await ask(master, name), name).toMatchObject({ ok: false, code: 'unknown_event' });
			const error = nextProtocolError(member.conn);
			raw(member.conn).emit(name, { taskId: task.id });
			expect(await error, name).toMatchObject({ event: name, code: 'unknown_event' });
		}
		// A numeric event name (valid in the Socket.IO protocol) and a very long one.
		expect(await ask(member.conn, 7, {})).toMatchObject({ ok: false, code: 'unknown_event' });
		const long = nextProtocolError(member.conn);
		raw(member.conn).emit('e'.repeat(5000));
		expect((await long).event).toBe('e'.repeat(64));
		await expectIntact(before);
	});

	it('only ever reads sync step 1 from a client: malformed or writing y messages are refused', async () => {
		const before = await snapshot();
		const send = async (message: unknown) => {
			const error = nextProtocolError(member.conn);
			raw(member.conn).emit('y', message);
			return error;
		};
		// Text (the protocol's first version sent base64) and anything else that is not bytes.
		for (const notBinary of ['AAA=', 'not bytes at all', '😀', 42, null, {}, [], true]) {
			expect(await send(notBinary), JSON.stringify(notBinary)).toMatchObject({ event: 'y', code: 'bad_request' });
		}
		expect(await send(new Uint8Array(20_000))).toMatchObject({ event: 'y', code: 'bad_request' });

		// A forged board that would add a task and close the meal, as step 2 and as an update.
		const forged = new Y.Doc();
		applyChanges({ board: forged, masters: new Y.Doc() }, [
			{
				type: 'task:set',
				task: {
					id: 't_forged',
					kind: 'other',
					title: { fr: 'Piratée', en: 'Hacked' },
					slots: 1,
					order: 0,
					status: 'open',
					claims: [],
					createdAt: 0
				}
			},
			{ type: 'meta:set', meta: { ...master.state.meta!, status: 'closed' } }
		]);
		const step2 = encoding.createEncoder();
		syncProtocol.writeSyncStep2(step2, forged, new Uint8Array([0]));
		const update = encoding.createEncoder();
		syncProtocol.writeUpdate(update, Y.encodeStateAsUpdate(forged));
		expect(await send(encoding.toUint8Array(step2))).toMatchObject({ event: 'y', code: 'read_only' });
		expect(await send(encoding.toUint8Array(update))).toMatchObject({ event: 'y', code: 'read_only' });
		// A step 1 whose state vector does not decode, and an unknown message type.
		expect(await send(new Uint8Array([0, 5, 255, 255, 255, 255, 255]))).toMatchObject({
			code: 'bad_request'
		});
		expect(await send(new Uint8Array([9, 1, 2]))).toMatchObject({ code: 'bad_request' });
		expect(await send(new Uint8Array(0))).toMatchObject({ code: 'bad_request' });

		// A real step 1 is still answered, and nothing forged reached anyone.
		// (This phone said it can inflate: a whole board comes deflated.)
		const answer = new Promise<unknown>((resolve) => raw(member.conn).once('y:deflated', resolve));
		raw(member.conn).emit('y', encodeStep1(new Y.Doc()));
		// Binary, as a phone receives it (an ArrayBuffer).
		expect(await answer).toBeInstanceOf(ArrayBuffer);
		const fresh = await connect(server.url, { role: 'screen', mealId, key: server.demo.screenKey });
		expect(fresh.state.tasks.has('t_forged')).toBe(false);
		expect(fresh.state.meta?.status).toBe('open');
		fresh.close();
		await expectIntact(before);
	});

	it('closes only the connection that sends a frame over the transport limit; it reconnects', async () => {
		const a = await memberConnection(server, 'Gros Paquet');
		const b = await memberConnection(server, 'Voisin Tranquille');
		let bDropped = 0;
		b.conn.socket.on('disconnect', () => bDropped++);
		let aDropped = 0;
		a.conn.socket.on('disconnect', () => aDropped++);
		const before = await snapshot();

		raw(a.conn).emit('member:rename', { name: 'x'.repeat(70 * 1024) });
		await vi.waitFor(() => expect(aDropped).toBe(1));
		expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
		expect(await seq()).toBe(before.seq);

		// Socket.IO reconnects on its own, with the same token, to the same member.
		await vi.waitFor(() => expect(a.conn.socket.connected && a.conn.status === 'synced').toBe(true), {
			timeout: 10_000,
			interval: 20
		});
		expect(a.conn.welcome?.memberId).toBe(a.memberId);
		expect(await a.conn.send('member:rename', { name: 'Petit Paquet' })).toEqual({ ok: true });
		await vi.waitFor(() => expect(b.conn.state.members.get(a.memberId)?.name).toBe('Petit Paquet'));
		expect(bDropped).toBe(0);
		expect(b.conn.socket.connected).toBe(true);
		a.conn.close();
		b.conn.close();
	});
});

describe('command rate limit', async () => {
	const server = await startServer({ commandRate: { burst: 5, perSecond: 0.001 } });

	it('answers rate_limited past the burst, for commands and sync alike, and keeps the connection', async () => {
		const screen = await connect(server.url, {
			role: 'screen',
			mealId: server.demo.meal.id,
			key: server.demo.screenKey
		});
		// The connection's own sync step 1 took one token.
		const answers = [];
		for (let i = 0; i < 6; i++) answers.push(await screen.send('task:done', { taskId: 't_nosuchtask' }));
		expect(answers.map((a) => (a.ok ? 'ok' : a.code))).toEqual([
			'forbidden',
			'forbidden',
			'forbidden',
			'forbidden',
			'rate_limited',
			'rate_limited'
		]);
		const error = nextProtocolError(screen);
		raw(screen).emit('y', encodeStep1(new Y.Doc()));
		expect(await error).toMatchObject({ event: 'y', code: 'rate_limited' });
		// Unknown events are answered without spending tokens, and the socket is still up.
		expect(await ask(screen, 'nope')).toMatchObject({ ok: false, code: 'unknown_event' });
		expect(screen.socket.connected).toBe(true);
		// Each socket has its own bucket.
		const other = await connect(server.url, {
			role: 'master',
			mealId: server.demo.meal.id,
			key: server.demo.masterKey
		});
		expect(await other.send('task:edit', { taskId: 't_nosuchtask', slots: 2 })).toMatchObject({
			ok: false,
			code: 'task_not_found'
		});
		screen.close();
		other.close();
	});
});

describe('bad input over HTTP', async () => {
	const server = await startServer({ joinRate: { burst: 10_000, perSecond: 1000 } });
	const code = server.demo.meal.joinCode;
	const seq = async () => (await server.tablee.storage.boardLog.load(server.demo.meal.id)).seq;

	async function call(path: string, init: RequestInit = {}) {
		const res = await fetch(`${server.url}${path}`, init);
		const text = await res.text();
		let body: unknown = text;
		if (text && res.headers.get('content-type')?.startsWith('application/json')) body = JSON.parse(text);
		return { status: res.status, body: body as Json, type: res.headers.get('content-type') };
	}
	const postJoin = (body: unknown, joinCode = code) =>
		call(`/api/join/${joinCode}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});

	it('answers unknown routes with 404 JSON and wrong methods with 405', async () => {
		for (const path of [
			'/api',
			'/api/nope',
			'/api/join',
			`/api/join/${code}/extra`,
			'/api/health/x',
			'/api/../api/x'
		]) {
			const res = await call(path);
			expect(res.status, path).toBe(404);
			expect(res.body, path).toMatchObject({ code: 'not_found', message: expect.any(String) });
		}
		expect((await call('/definitely-not-a-page')).status).toBe(404);
		// HEAD is a GET without the body, on every GET route.
		for (const path of ['/api/health', `/api/join/${code}`]) {
			expect(await call(path, { method: 'HEAD' }), `HEAD ${path}`).toMatchObject({ status: 200, body: '' });
		}
		for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
			expect(await call('/api/health', { method }), `${method} health`).toMatchObject({
				status: 405,
				body: { code: 'method_not_allowed' }
			});
		}
		for (const method of ['PUT', 'DELETE', 'PATCH']) {
			expect(await call(`/api/join/${code}`, { method }), `${method} join`).toMatchObject({
				status: 405,
				body: { code: 'method_not_allowed' }
			});
		}
		// A 405 says which methods would have worked.
		expect((await fetch(`${server.url}/api/health`, { method: 'POST' })).headers.get('allow')).toBe('GET, HEAD');
		expect((await fetch(`${server.url}/api/join/${code}`, { method: 'PUT' })).headers.get('allow')).toBe(
			'GET, HEAD, POST'
		);
	});

	it('refuses malformed join codes with 400 and unknown ones with 404', async () => {
		const before = await seq();
		for (const bad of [
			'AB',
			'TOOLONGCODE123',
			'%25%25%25',
			'%E0%A4%A',
			'AB!CD',
			'%C3%89%C3%89%C3%89%C3%89',
			'A'.repeat(40)
		]) {
			expect((await call(`/api/join/${bad}`)).status, `GET ${bad}`).toBe(400);
			const posted = await postJoin({ name: 'Quelqu’un' }, bad);
			expect(posted, `POST ${bad}`).toMatchObject({ status: 400, body: { code: 'bad_request' } });
		}
		// 0 is not in the join-code alphabet: well formed, and certainly nobody's code.
		expect(await call('/api/join/Q0Q0Q0')).toMatchObject({ status: 404, body: { code: 'unknown_code' } });
		expect(await postJoin({ name: 'Perdu' }, 'Q0Q0Q0')).toMatchObject({ status: 404, body: { code: 'unknown_code' } });
		// Case, spaces and dashes are forgiven.
		const typed = `${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`;
		expect(await call(`/api/join/${typed}`)).toMatchObject({
			status: 200,
			body: { mealId: server.demo.meal.id, joinable: true }
		});
		expect(await seq()).toBe(before);
	});

	it('refuses bodies that are not JSON, not sent as JSON, or too large', async () => {
		const before = await seq();
		const post = (body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
			call(`/api/join/${code}`, { method: 'POST', headers, body });
		for (const body of ['{name:', '', 'null', '[]', '"Zoé"', '42', '{"name":"a"}{']) {
			expect(await post(body), `body ${body}`).toMatchObject({ status: 400, body: { code: 'bad_request' } });
		}
		const json = JSON.stringify({ name: 'Zoé' });
		for (const type of [
			'text/plain',
			'application/x-www-form-urlencoded',
			'multipart/form-data',
			'application/jsonp'
		]) {
			expect(await post(json, { 'content-type': type }), type).toMatchObject({
				status: 400,
				body: { code: 'bad_request', issues: [expect.stringMatching(/content-type/)] }
			});
		}
		expect(await post(json, {})).toMatchObject({ status: 400, body: { code: 'bad_request' } });

		// Too large: announced by content-length, streamed without one, and very large.
		const big = JSON.stringify({ name: 'x'.repeat(3000) });
		expect(await post(big)).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
		const streamed = await call(`/api/join/${code}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: new ReadableStream({
				start(controller) {
					for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1000)));
					controller.close();
				}
			}),
			duplex: 'half'
		} as RequestInit);
		expect(streamed).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
		expect(await post('x'.repeat(1024 * 1024))).toMatchObject({ status: 413 });
		expect(await seq()).toBe(before);
		expect((await call('/api/health')).status).toBe(200);
	});

	it('refuses empty, long, control-character and non-string names and non-emoji emoji', async () => {
		const before = await seq();
		const bodies: unknown[] = [
			{},
			{ name: '' },
			{ name: '     ' },
			{ name: 'x'.repeat(41) },
			{ name: 42 },
			{ name: null },
			{ name: ['Zoé'] },
			...['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\ud800', '\udc00'].map((c) => ({
				name: `Zo${c}é`
			})),
			...['abc', 'x', ':-)', '🍅x', '🍅'.repeat(9), '\ud83c', 42, null].map((emoji) => ({ name: 'Zoé', emoji })),
			{ name: 'Zoé', memberId: 'm_someoneelse' },
			{ name: 'Zoé', token: 'a'.repeat(43) }
		];
		for (const body of bodies) {
			const res = await postJoin(body);
			expect(res, JSON.stringify(body)).toMatchObject({
				status: 400,
				body: { code: 'bad_request', issues: expect.any(Array) }
			});
		}
		expect(await seq()).toBe(before);

		// The same route accepts a proper name, trimmed, with a composed emoji.
		const ok = await postJoin({ name: '  Zoé \t la   cheffe ', emoji: '🧑‍🍳' });
		expect(ok).toMatchObject({ status: 201, body: { mealId: server.demo.meal.id, memberId: expect.any(String) } });
		const screen = await connect(server.url, {
			role: 'screen',
			mealId: server.demo.meal.id,
			key: server.demo.screenKey
		});
		expect(screen.state.members.get(ok.body.memberId as string)).toMatchObject({
			name: 'Zoé la cheffe',
			emoji: '🧑‍🍳',
			checkedIn: true
		});
		screen.close();
	});

	it('refuses prototype-pollution keys in a join body and pollutes nothing', async () => {
		const before = await seq();
		for (const body of [
			'{"name":"Zoé","__proto__":{"polluted":"yes"}}',
			'{"name":"Zoé","constructor":{"prototype":{"polluted":"yes"}}}',
			'{"__proto__":{"name":"Zoé"}}'
		]) {
			const res = await call(`/api/join/${code}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body
			});
			expect(res, body).toMatchObject({ status: 400, body: { code: 'bad_request' } });
		}
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(({} as Record<string, unknown>).name).toBeUndefined();
		expect(await seq()).toBe(before);
	});

	it('rate-limits joins per address with 429, leaving the rest of the API up', async () => {
		const limited = await startServer({ joinRate: { burst: 3, perSecond: 0.001 } });
		const join = () =>
			fetch(`${limited.url}/api/join/${limited.demo.meal.joinCode}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name: 'Pressé' })
			});
		const statuses = [];
		for (let i = 0; i < 5; i++) statuses.push((await join()).status);
		expect(statuses).toEqual([201, 201, 201, 429, 429]);
		const refused = await join();
		expect(refused.status).toBe(429);
		expect(await refused.json()).toMatchObject({ code: 'rate_limited', message: expect.any(String) });
		expect((await fetch(`${limited.url}/api/join/${limited.demo.meal.joinCode}`)).status).toBe(200);
		expect((await fetch(`${limited.url}/api/health`)).status).toBe(200);
		const board = await limited.tablee.sessions.read(limited.demo.meal.id, (state) => state.members.size);
		expect(board).toBe(3);
	});
});
