/**
 * Thousands of random and malformed frames at every event, from every role, with a
 * seeded PRNG (set FUZZ_SEED to replay one run). The rate limiter is opened wide so the
 * frames reach validation. Afterwards: every ack well formed, the server up, the board
 * sound and the same for every reader, and no prototype polluted.
 */
import { inspect } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { applyChanges, publicView, readBoard } from '../../src/lib/board-doc/doc.ts';
import { docsFromEntries } from '../../server/session/stored-board.ts';
import { encodeStep1 } from '../../src/lib/board-doc/sync.ts';
import type { BoardConnection } from '../../src/lib/client/connection.ts';
import { MEAL_STATUSES, TASK_KINDS, type BoardState } from '../../src/lib/domain/types.ts';
import { ErrorCode } from '../../src/lib/protocol/errors.ts';
import { COMMAND_NAMES, LIMITS } from '../../src/lib/protocol/schemas.ts';
import { PROTOCOL_VERSION } from '../../src/lib/protocol/version.ts';
import { newSecret } from '../../server/auth/secrets.ts';
import { connect, joinMember, startServer } from '../helpers/server.ts';
import { mulberry32 } from '../helpers/random.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 0x7ab1ee);
const FRAMES_PER_SOCKET = 1250;
const IN_FLIGHT = 40;
const HANDSHAKES = 300;

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));
const POLLUTION_KEYS = [
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'valueOf',
	'hasOwnProperty',
	'__defineGetter__'
];
const UNKNOWN_EVENTS = [
	'task:delete',
	'admin',
	'__proto__',
	'constructor',
	'toString',
	'valueOf',
	'welcome',
	'presence',
	'protocol:error',
	'y2',
	''
];
const EVENTS = [...COMMAND_NAMES, 'y', ...UNKNOWN_EVENTS];
const FIELDS = [
	'cid',
	'taskId',
	'kind',
	'title',
	'slots',
	'order',
	'name',
	'emoji',
	'status',
	'memberId',
	'role',
	'fr',
	'en'
];

/** Object.assign, but own keys stay own keys ("__proto__" included), as JSON.parse makes them. */
function merge(target: Record<string, unknown>, source: Record<string, unknown>) {
	for (const key of Object.keys(source)) {
		Object.defineProperty(target, key, { value: source[key], enumerable: true, writable: true, configurable: true });
	}
	return target;
}

/** Random JSON-ish values, biased towards what breaks parsers and validators. */
class Gen {
	constructor(
		readonly random: () => number,
		readonly ids: () => string[]
	) {}

	int(n: number) {
		return Math.floor(this.random() * n);
	}
	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)]!;
	}
	chance(p: number) {
		return this.random() < p;
	}

	string(): string {
		switch (this.int(10)) {
			case 0:
				return '';
			case 1:
				return this.pick(['NaN', 'Infinity', '-Infinity', '1e999', '0x10', ' 1', '-0', 'null', 'undefined', 'true']);
			case 2:
				return this.pick(POLLUTION_KEYS);
			case 3:
				return 'x'.repeat(this.int(6000));
			case 4:
				return String.fromCharCode(...Array.from({ length: 1 + this.int(40) }, () => this.int(0x80)));
			case 5:
				// Any UTF-16 unit, lone surrogates included.
				return String.fromCharCode(...Array.from({ length: 1 + this.int(40) }, () => this.int(0x10000)));
			case 6:
				return this.pick(['🍅', '🧑‍🍳', '🇫🇷', '👍🏽', '\u200d', '\ufe0f', 'é', '\u202eevil', 'a\u2028b', '<script>']);
			case 7:
				return this.pick(this.ids());
			case 8:
				return this.pick([...TASK_KINDS, ...MEAL_STATUSES, 'CLOSED', 'done', 'admin', 'master', 'member']);
			default:
				return this.int(1e6).toString(36);
		}
	}

	number(): number {
		return this.pick([
			0,
			-0,
			1,
			2,
			-1,
			30,
			31,
			1.5,
			1e308,
			-1e308,
			Number.MAX_SAFE_INTEGER + 2,
			Number.MIN_SAFE_INTEGER,
			NaN,
			Infinity,
			this.int(100),
			this.random() * 1e6
		]);
	}

	value(depth = 0): unknown {
		const kinds = depth > 3 ? 6 : 9;
		switch (this.int(kinds)) {
			case 0:
				return null;
			case 1:
				return this.chance(0.5);
			case 2:
				return this.number();
			case 3:
			case 4:
				return this.string();
			case 5:
				return Buffer.from(Array.from({ length: this.int(64) }, () => this.int(256)));
			case 6:
				return Array.from({ length: this.int(5) }, () => this.value(depth + 1));
			default:
				return this.object(depth + 1);
		}
	}

	object(depth = 0): Record<string, unknown> {
		const out: Record<string, unknown> = {};
		for (let i = this.int(5); i > 0; i--) {
			const key = this.chance(0.5) ? this.pick(FIELDS) : this.chance(0.5) ? this.pick(POLLUTION_KEYS) : this.string();
			// defineProperty, so "__proto__" becomes an own key as JSON.parse would make it.
			Object.defineProperty(out, key.slice(0, 100), {
				value: this.value(depth),
				enumerable: true,
				writable: true,
				configurable: true
			});
		}
		return out;
	}

	/** A payload close to valid for this command, then perhaps broken in one place. */
	payload(event: string): unknown {
		const ids = this.ids();
		const title = () =>
			this.chance(0.7)
				? {
						[this.pick(['fr', 'en'])]: this.pick([
							'Soupe',
							'Pain',
							'Vaisselle',
							'  Salade  ',
							'x'.repeat(80),
							'Pain\udc00',
							'\ud83c'
						])
					}
				: this.value();
		const base: Record<string, unknown> = {};
		const set = (key: string, v: () => unknown, p = 0.9) => {
			if (this.chance(p)) base[key] = v();
		};
		switch (event) {
			case 'task:claim':
			case 'task:release':
			case 'task:done':
			case 'task:reopen':
			case 'task:remove':
				set('taskId', () => this.pick(ids));
				break;
			case 'task:add':
				set('kind', () => this.pick(TASK_KINDS));
				set('title', title);
				set('slots', () => 1 + this.int(3));
				break;
			case 'task:edit':
				set('taskId', () => this.pick(ids));
				set('slots', () => 1 + this.int(4), 0.4);
				set('title', title, 0.3);
				set('order', () => this.int(50), 0.3);
				set('kind', () => this.pick(TASK_KINDS), 0.2);
				break;
			case 'member:rename':
				set('name', () => this.pick(['Zoé', '  Jo  ', 'x'.repeat(40), 'Zo\ud800', this.string()]));
				set('emoji', () => this.pick(['🍅', '🧑‍🍳', '', 'x']), 0.5);
				break;
			case 'meal:status':
				// Never a valid "closed": closed is final and would end the interesting part.
				set('status', () => this.pick(['planned', 'open', 'cooking', 'eating', 'CLOSED', 'close', 'closed ']));
				break;
		}
		set('cid', () => (this.chance(0.8) ? `fz-${this.int(50)}` : this.value()), 0.3);

		switch (this.int(12)) {
			case 0:
				return this.value();
			case 1:
				return merge(base, { [this.pick(FIELDS)]: this.value() });
			case 2: {
				const keys = Object.keys(base);
				if (keys.length) delete base[this.pick(keys)];
				return base;
			}
			case 3:
				// Prototype pollution in the shapes JSON.parse produces.
				return JSON.parse(
					this.pick([
						`{"__proto__":{"polluted":"yes"},"taskId":${JSON.stringify(this.pick(ids))}}`,
						'{"constructor":{"prototype":{"polluted":"yes"}}}',
						`{"title":{"__proto__":{"polluted":"yes"},"fr":"Soupe"},"kind":"other","slots":1}`,
						'{"name":"Zoé","__proto__":{"isAdmin":true}}',
						'{"__proto__":{"role":"master"},"status":"open"}'
					])
				);
			case 4:
				return [base];
			case 5:
				return merge(base, this.object());
			default:
				return base;
		}
	}

	/** y-protocols messages: garbage, real step 1s, and forged writes. */
	sync(): unknown {
		switch (this.int(6)) {
			case 0:
				return this.value();
			case 1:
				return new Uint8Array(Array.from({ length: this.int(200) }, () => this.int(256)));
			case 2: {
				const doc = new Y.Doc();
				if (this.chance(0.5)) doc.getMap('tasks').set('t_x', { id: 't_x' });
				return encodeStep1(doc);
			}
			case 3: {
				const doc = new Y.Doc();
				applyChanges({ board: doc, masters: new Y.Doc() }, [{ type: 'task:delete', taskId: this.pick(this.ids()) }]);
				doc.getMap('tasks').set('t_forged', { id: 't_forged', claims: 'all' });
				const enc = encoding.createEncoder();
				if (this.chance(0.5)) syncProtocol.writeSyncStep2(enc, doc, new Uint8Array([0]));
				else syncProtocol.writeUpdate(enc, Y.encodeStateAsUpdate(doc));
				return encoding.toUint8Array(enc);
			}
			case 4:
				return this.string();
			default:
				return this.pick([
					new Uint8Array(0),
					new Uint8Array([0]),
					new Uint8Array([0, 1]),
					new Uint8Array(13_000),
					'AA=='
				]);
		}
	}
}

interface Tally {
	acks: number;
	ok: number;
	codes: Map<string, number>;
	malformed: unknown[];
	timeouts: unknown[];
	noAckSent: number;
	protocolErrors: number;
	badProtocolErrors: unknown[];
}

describe('fuzzing every event from every role', async () => {
	const server = await startServer({
		commandRate: { burst: 1e9, perSecond: 1e9 },
		joinRate: { burst: 1000, perSecond: 1000 }
	});
	const mealId = server.demo.meal.id;

	it(`survives ${FRAMES_PER_SOCKET * 4} random frames (seed ${SEED}) with the board intact`, async () => {
		const started = Date.now();
		const random = mulberry32(SEED);
		const members = [];
		for (const name of ['Fuzz Un', 'Fuzz Deux']) {
			const joined = await joinMember(server.url, server.demo.meal.joinCode, name);
			members.push({ ...joined, conn: await connect(server.url, { role: 'member', mealId, token: joined.token }) });
		}
		const master = await connect(server.url, { role: 'master', mealId, key: server.demo.masterKey });
		const screen = await connect(server.url, { role: 'screen', mealId, key: server.demo.screenKey });
		const watcher = await connect(server.url, { role: 'screen', mealId, key: server.demo.screenKey });
		const memberIds = members.map((m) => m.memberId);
		const ids = () => [...watcher.state.tasks.keys(), ...memberIds, 't_nosuchtask', 'm_nosuchmember', mealId];
		const gen = new Gen(random, ids);

		const tally: Tally = {
			acks: 0,
			ok: 0,
			codes: new Map(),
			malformed: [],
			timeouts: [],
			noAckSent: 0,
			protocolErrors: 0,
			badProtocolErrors: []
		};
		const fuzzers = [...members.map((m) => m.conn), master, screen];
		for (const conn of fuzzers) {
			conn.socket.on('protocol:error', (error) => {
				if (error.event === 'y') return;
				tally.protocolErrors++;
				if (!KNOWN_CODES.has(error.code) || typeof error.message !== 'string') tally.badProtocolErrors.push(error);
			});
		}
		let dropped = 0;
		for (const conn of [...fuzzers, watcher]) conn.socket.on('disconnect', () => dropped++);

		function check(event: string, args: unknown[], ack: unknown) {
			tally.acks++;
			const a = ack as { ok?: unknown; code?: unknown; message?: unknown; taskId?: unknown };
			const wellFormed =
				typeof a === 'object' &&
				a !== null &&
				typeof a.ok === 'boolean' &&
				(a.ok
					? event !== 'task:add' || typeof a.taskId === 'string'
					: typeof a.code === 'string' &&
						KNOWN_CODES.has(a.code) &&
						a.code !== 'internal' &&
						typeof a.message === 'string');
			if (!wellFormed) tally.malformed.push({ event, args: show(args), ack: show(ack) });
			if (a?.ok === true) tally.ok++;
			else if (typeof a?.code === 'string') tally.codes.set(a.code, (tally.codes.get(a.code) ?? 0) + 1);
		}

		async function fire(conn: BoardConnection) {
			const socket = conn.socket as unknown as Socket;
			const event = gen.chance(0.85) ? gen.pick([...COMMAND_NAMES]) : gen.pick(EVENTS);
			const payload = event === 'y' ? gen.sync() : gen.payload(event);
			const args = gen.chance(0.05) ? [] : gen.chance(0.05) ? [payload, gen.value()] : [payload];
			if (event === 'y' || gen.chance(0.05)) {
				if (event !== 'y') tally.noAckSent++;
				socket.emit(event, ...args);
				return;
			}
			try {
				check(event, args, await socket.timeout(10_000).emitWithAck(event, ...args));
			} catch (error) {
				tally.timeouts.push({ event, args: show(args), error: String(error) });
			}
		}

		await Promise.all(
			fuzzers.map(async (conn) => {
				for (let sent = 0; sent < FRAMES_PER_SOCKET; sent += IN_FLIGHT) {
					await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, FRAMES_PER_SOCKET - sent) }, () => fire(conn)));
				}
			})
		);
		// A last acknowledged command on each socket: every frame before it has been handled.
		for (const conn of fuzzers) await (conn.socket as unknown as Socket).timeout(10_000).emitWithAck('no:such:event');

		// Every ack well formed, no internal error, no timeout, every ack-less frame reported.
		expect(tally.malformed).toEqual([]);
		expect(tally.timeouts).toEqual([]);
		expect(tally.badProtocolErrors).toEqual([]);
		await vi.waitFor(() => expect(tally.protocolErrors).toBe(tally.noAckSent));
		expect(dropped).toBe(0);
		expect(tally.acks).toBeGreaterThan(FRAMES_PER_SOCKET * 4 * 0.7);
		// The fuzz reached past validation: some commands succeeded, some hit the rules.
		expect(tally.ok).toBeGreaterThan(20);
		expect(tally.codes.get('bad_request')).toBeGreaterThan(500);
		expect(tally.codes.get('forbidden')).toBeGreaterThan(10);
		expect([...tally.codes.keys()].some((c) => c.startsWith('task_') || c === 'not_claimed')).toBe(true);

		// No prototype polluted, in the process that ran the server.
		const probe: Record<string, unknown> = {};
		expect(probe.polluted).toBeUndefined();
		expect(probe.isAdmin).toBeUndefined();
		expect(probe.role).toBeUndefined();
		expect(Object.keys(Object.prototype)).toEqual([]);
		expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
		expect(Object.keys(Array.prototype)).toEqual([]);

		// The server still answers, and still lets people in.
		const health = await fetch(`${server.url}/api/health`);
		expect(health.status).toBe(200);
		expect(await health.json()).toMatchObject({ ok: true });
		const fresh = await connect(server.url, { role: 'screen', mealId, key: server.demo.screenKey });
		const again = await connect(server.url, { role: 'member', mealId, token: members[0]!.token });
		expect(again.welcome?.memberId).toBe(members[0]!.memberId);
		expect(await master.send('task:edit', { taskId: 't_nosuchtask', slots: 1 })).toMatchObject({
			ok: false,
			code: 'task_not_found'
		});

		// The board is sound…
		const board = fresh.state;
		expectSound(board);
		expect(board.tasks.has('t_forged')).toBe(false);
		expect(board.tasks.has('t_x')).toBe(false);

		// …and the same for a fresh reader, a phone that watched it all, the server's
		// memory and the store.
		// (Phones and screens see the board without times or the canteen: publicView.)
		const inMemory = await server.tablee.sessions.read(mealId, (state) => plain(state));
		const shown = await server.tablee.sessions.read(mealId, (state) => plain(publicView(state)));
		const log = await server.tablee.storage.boardLog.load(mealId);
		const { docs } = docsFromEntries(log.snapshot ? [log.snapshot, ...log.updates] : log.updates);
		expect(plain(board)).toEqual(shown);
		expect(plain(readBoard(docs.board, docs.masters))).toEqual(inMemory);
		await vi.waitFor(() => expect(plain(watcher.state)).toEqual(shown));
		await vi.waitFor(() => expect(plain(again.state)).toEqual(shown));
		await vi.waitFor(() => expect(plain(master.state)).toEqual(inMemory));

		// A few seconds at most, so it runs on every push.
		expect(Date.now() - started).toBeLessThan(20_000);
	});

	it(`refuses ${HANDSHAKES} random handshakes (seed ${SEED}) with a known code`, async () => {
		const random = mulberry32(SEED ^ 0x5eed);
		const gen = new Gen(random, () => [mealId, 'meal_nosuchmeal', 'm_x']);
		const v = PROTOCOL_VERSION;
		const { masterKey, screenKey } = server.demo;
		const field = <T>(choices: T[]) => (gen.chance(0.15) ? gen.value() : gen.pick(choices));
		function auth(): unknown {
			if (gen.chance(0.05)) return gen.value();
			const out: Record<string, unknown> = {};
			const put = (key: string, value: unknown) => gen.chance(0.9) && (out[key] = value);
			put('v', field([v, v, v + 1, 0, String(v)]));
			const role = field(['member', 'master', 'screen', 'partner', 'admin']);
			put('role', role);
			put('mealId', field([mealId, mealId, 'meal_nosuchmeal', '../x', '']));
			// Never a credential that really opens the role: the screen key only for other roles.
			const secret = field([newSecret(), 'short', screenKey.slice(1), role === 'screen' ? newSecret() : screenKey]);
			put(gen.chance(0.5) ? 'key' : 'token', secret);
			if (gen.chance(0.1)) put(gen.pick(FIELDS), gen.value());
			return out;
		}
		const outcomes = new Map<string, number>();
		for (let done = 0; done < HANDSHAKES; done += 25) {
			const batch = await Promise.all(Array.from({ length: 25 }, () => handshake(server.url, auth())));
			for (const o of batch) outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
		}
		expect([...outcomes.keys()].filter((o) => !KNOWN_CODES.has(o) && o !== 'closed')).toEqual([]);
		expect(outcomes.get('bad_request')).toBeGreaterThan(0);
		expect(outcomes.get('unauthorized')).toBeGreaterThan(0);
		expect(outcomes.get('protocol_version')).toBeGreaterThan(0);
		expect(outcomes.has('internal')).toBe(false);
		// The real keys still open their roles.
		const master = await connect(server.url, { role: 'master', mealId, key: masterKey });
		expect(master.welcome?.role).toBe('master');
		master.close();
	});
});

/** One raw handshake: the refusal's code, "closed" if the transport was dropped, or "accepted". */
function handshake(url: string, auth: unknown): Promise<string> {
	const socket = io(url, { auth: auth as object, transports: ['websocket'], forceNew: true, reconnection: false });
	return new Promise((resolve) => {
		let settled = false;
		const settle = (outcome: string) => {
			if (settled) return;
			settled = true;
			resolve(outcome);
			setImmediate(() => socket.close());
		};
		socket.on('connect', () => settle('accepted'));
		socket.on('connect_error', (error: Error & { data?: { code?: string } }) => settle(error.data?.code ?? 'no code'));
		// A refusal closes the manager just before connect_error is emitted: let it arrive first.
		socket.io.on('close', () => setImmediate(() => settle('closed')));
	});
}

/** Frames as text: vitest's diff cannot print every object the fuzzer builds. */
function show(value: unknown): string {
	return inspect(value, { depth: 6, maxStringLength: 80, maxArrayLength: 10 });
}

/** Every rule of the board that no sequence of commands may break. */
function expectSound(board: BoardState) {
	expect(board.meta?.status).not.toBe('closed');
	expect(MEAL_STATUSES).toContain(board.meta?.status);
	expect(board.tasks.size).toBeLessThanOrEqual(LIMITS.maxTasks);
	expect(board.members.size).toBe(2);
	for (const [id, task] of board.tasks) {
		expect(task.id).toBe(id);
		expect(TASK_KINDS).toContain(task.kind);
		expect(['open', 'done']).toContain(task.status);
		expect(typeof task.title.fr).toBe('string');
		expect(typeof task.title.en).toBe('string');
		expect(task.title.fr.length + task.title.en.length).toBeGreaterThan(0);
		expect(task.title.fr.length).toBeLessThanOrEqual(LIMITS.titleLength);
		expect(task.title.en.length).toBeLessThanOrEqual(LIMITS.titleLength);
		expect(Object.keys(task.title).sort()).toEqual(['en', 'fr']);
		expect(Number.isInteger(task.slots) && task.slots >= 1 && task.slots <= LIMITS.maxSlots).toBe(true);
		expect(Number.isInteger(task.order) && task.order >= 0).toBe(true);
		expect(task.claims.length, `${id} over-booked`).toBeLessThanOrEqual(task.slots);
		const claimants = task.claims.map((c) => c.memberId);
		expect(new Set(claimants).size, `${id} has a duplicate claimant`).toBe(claimants.length);
		for (const c of claimants) expect(board.members.has(c), `${id} claimed by unknown ${c}`).toBe(true);
		if (task.doneBy !== undefined) expect(board.members.has(task.doneBy)).toBe(true);
	}
	for (const [id, member] of board.members) {
		expect(member.id).toBe(id);
		expect(typeof member.name).toBe('string');
		expect(member.name.length).toBeGreaterThan(0);
		expect(member.name.length).toBeLessThanOrEqual(LIMITS.nameLength);
		expect(member.name).toBe(member.name.trim());
		// eslint-disable-next-line no-control-regex
		expect(member.name).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
		expect(typeof member.emoji).toBe('string');
		expect(typeof member.checkedIn).toBe('boolean');
	}
}

/** The board as plain sorted data, to compare readers. */
function plain(state: BoardState) {
	const sorted = <T>(m: ReadonlyMap<string, T>) => [...m.entries()].sort(([x], [y]) => x.localeCompare(y));
	return { meta: state.meta, tasks: sorted(state.tasks), members: sorted(state.members) };
}
