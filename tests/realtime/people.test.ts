/**
 * What members choose to share, over real sockets and a real SQLite storage: a member
 * reads, edits and deletes their own profile; it follows their phone to the next meal of
 * the same canteen and nowhere else; only the Canteen Masters of that canteen receive it,
 * never the kitchen screen, another member, or the board document.
 */
import { inflateSync } from 'node:zlib';
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createMeal } from '../../server/board/meals.ts';
import { asBytes } from '../../src/lib/board-doc/sync.ts';
import { BoardConnection, type Credentials } from '../../src/lib/client/connection.ts';
import type { ProfileInput } from '../../src/lib/people/facts.ts';
import type { PeopleSnapshot } from '../../src/lib/protocol/events.ts';
import { PROTOCOL_VERSION } from '../../src/lib/protocol/version.ts';
import { connect, masterConnection, startServer } from '../helpers/server.ts';

const device = (n: number) => `people-device-${String(n).padStart(4, '0')}-abcdefgh`;
const bytesHold = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text, 'utf8'));

describe('what members choose to share', async () => {
	const server = await startServer({
		joinRate: { burst: 1000, perSecond: 100 },
		commandRate: { burst: 10_000, perSecond: 10_000 }
	});
	const { storage, accounts } = server.tablee;
	const demo = server.demo.meal;
	const master = await masterConnection(server);

	async function join(code: string, name: string, dev?: string) {
		const res = await fetch(`${server.url}/api/join/${code}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(dev ? { name, device: dev } : { name })
		});
		if (res.status !== 201) throw new Error(`join ${res.status} ${await res.text()}`);
		const { mealId, memberId, token } = (await res.json()) as { mealId: string; memberId: string; token: string };
		const conn = await connect(server.url, { role: 'member', mealId, token });
		return { mealId, memberId, token, conn };
	}
	async function meal(canteenId: string, title = 'Repas suivant') {
		return createMeal(storage, {
			canteenId,
			title,
			date: '2030-01-08',
			time: '12:00',
			status: 'open',
			tasks: [{ kind: 'cooking', title: { fr: 'Éplucher', en: 'Peel' }, slots: 4 }]
		});
	}
	const annie: ProfileInput = {
		consent: true,
		facts: [
			{ kind: 'past-trade', text: 'couturière' },
			{ kind: 'interest', text: 'les tomates sur mon balcon' }
		],
		languages: ['fr', 'ar'],
		ageBracket: '70+'
	};

	/** Staff sessions: an administrator, staff of the demo canteen, staff of another canteen. */
	const setup = (await accounts.startSetup())!;
	const admin = await accounts.setupAdmin(setup, {
		email: 'chef@example.org',
		displayName: 'Chef',
		password: 'une soupe de potiron'
	});
	if (!admin.ok) throw new Error(admin.reason);
	const adminUser = (await accounts.resolveSession(admin.session.token))!;
	await storage.meals.createCanteen({ id: 'canteen_b', name: 'Les Lilas', createdAt: 1 });
	async function staffOf(canteenId: string, email: string) {
		const invited = await accounts.createInvitation(adminUser, canteenId);
		if (!invited.ok) throw new Error(invited.reason);
		const redeemed = await accounts.redeemInvitation(invited.token, {
			email,
			displayName: email,
			password: 'une soupe de potiron'
		});
		if (!redeemed.ok) throw new Error(redeemed.reason);
		return `tablee_session=${redeemed.session.token}`;
	}
	const staffA = await staffOf(demo.canteenId, 'awa@example.org');
	const staffB = await staffOf('canteen_b', 'bob@example.org');
	const adminCookie = `tablee_session=${admin.session.token}`;

	/** A socket opened as a browser would: credentials, and a session cookie if any. */
	async function opened(credentials: Credentials, cookie?: string) {
		const conn = new BoardConnection({
			url: server.url,
			credentials,
			socket: { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: cookie ? { cookie } : {} }
		});
		await vi.waitFor(() => expect(['synced', 'refused']).toContain(conn.status), { timeout: 5000 });
		return conn;
	}

	it('lets a member save, read, edit and delete their own profile', async () => {
		const a = await join(demo.joinCode, 'Annie', device(1));
		expect(await a.conn.send('profile:get', {})).toEqual({ ok: true, profile: null });

		const saved = await a.conn.send('profile:set', { profile: annie });
		expect(saved).toEqual({
			ok: true,
			profile: {
				consentAt: expect.any(Number),
				facts: [
					{ id: 'f1', kind: 'past-trade', text: 'couturière', tags: ['sewing'] },
					{ id: 'f2', kind: 'interest', text: 'les tomates sur mon balcon', tags: [] }
				],
				languages: ['fr', 'ar'],
				ageBracket: '70+'
			}
		});
		if (!saved.ok || !saved.profile) throw new Error('not saved');
		expect(await a.conn.send('profile:get', {})).toEqual(saved);

		// Edit: keep the first thing (its id), drop the second, change the languages, no age.
		const edited = await a.conn.send('profile:set', {
			profile: {
				consent: true,
				facts: [{ id: 'f1', kind: 'past-trade', text: 'couturière retraitée' }],
				languages: ['ar']
			}
		});
		expect(edited).toEqual({
			ok: true,
			profile: {
				consentAt: saved.profile.consentAt,
				facts: [{ id: 'f1', kind: 'past-trade', text: 'couturière retraitée', tags: ['sewing'] }],
				languages: ['ar']
			}
		});
		expect(await a.conn.send('profile:get', {})).toEqual(edited);

		// Withdrawing consent deletes it on the server.
		const key = `d:${(await storage.meals.getMember(a.memberId))!.deviceHash}`;
		expect(await storage.people.getProfile(demo.canteenId, key)).toBeDefined();
		expect(await a.conn.send('profile:set', { profile: { consent: false, facts: [], languages: [] } })).toEqual({
			ok: true,
			profile: null
		});
		expect(await storage.people.getProfile(demo.canteenId, key)).toBeUndefined();
		expect(await a.conn.send('profile:get', {})).toEqual({ ok: true, profile: null });
		a.conn.close();
	});

	it('refuses to keep anything shared without consent, and leaves what was there', async () => {
		const b = await join(demo.joinCode, 'Bastien', device(2));
		const key = `d:${(await storage.meals.getMember(b.memberId))!.deviceHash}`;
		expect(await b.conn.send('profile:set', { profile: { ...annie, consent: false } })).toMatchObject({
			ok: false,
			code: 'bad_request',
			issues: expect.arrayContaining([expect.stringContaining('consent is needed to share anything')])
		});
		expect(await storage.people.getProfile(demo.canteenId, key)).toBeUndefined();

		expect(
			await b.conn.send('profile:set', { profile: { consent: true, facts: [], languages: ['es'] } })
		).toMatchObject({ ok: true });
		const before = await storage.people.getProfile(demo.canteenId, key);
		expect(
			await b.conn.send('profile:set', { profile: { consent: false, facts: [], languages: ['fr'] } })
		).toMatchObject({ ok: false, code: 'bad_request' });
		expect(await storage.people.getProfile(demo.canteenId, key)).toEqual(before);
		b.conn.close();
	});

	it('never lets a member read anyone else’s profile', async () => {
		const c = await join(demo.joinCode, 'Claire', device(3));
		const d = await join(demo.joinCode, 'Driss', device(4));
		expect(await c.conn.send('profile:set', { profile: annie })).toMatchObject({ ok: true });
		// Their own, which is empty: nothing of Claire's.
		expect(await d.conn.send('profile:get', {})).toEqual({ ok: true, profile: null });
		expect(await d.conn.send('profile:get', { memberId: c.memberId } as never)).toMatchObject({
			ok: false,
			code: 'bad_request'
		});
		expect(await d.conn.send('people:get', {})).toMatchObject({ ok: false, code: 'forbidden' });
		expect(await d.conn.send('intro:done', { a: c.memberId, b: d.memberId })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		c.conn.close();
		d.conn.close();
	});

	it('never sends a fact to the kitchen screen, another member, or into the board', async () => {
		const marker = 'Zanzibar-couturière';
		const screen = await connect(server.url, { role: 'screen', mealId: demo.id, key: server.demo.screenKey });
		const other = await join(demo.joinCode, 'Témoin', device(5));
		const heard = new Map<string, string[]>([
			['screen', []],
			['member', []],
			['master', []]
		]);
		const listen = (name: string, socket: BoardConnection['socket']) =>
			socket.onAny((event: string, ...args: unknown[]) => {
				// Board messages are Yjs bytes (updates in base64, a first sync perhaps deflated):
				// read them as text, so a fact in a string would show.
				const bytes = event === 'y' || event === 'y:deflated' ? asBytes(args[0]) : undefined;
				const plain = bytes && event === 'y:deflated' ? inflateSync(bytes) : bytes;
				const text = plain ? Buffer.from(plain).toString('utf8') : JSON.stringify(args);
				heard.get(name)!.push(`${event} ${text}`);
			});
		listen('screen', screen.socket);
		listen('member', other.conn.socket);
		listen('master', master.socket);

		const e = await join(demo.joinCode, 'Eugénie', device(6));
		const pushed = new Promise<PeopleSnapshot>((resolve) => master.socket.once('people', resolve));
		expect(
			await e.conn.send('profile:set', {
				profile: { consent: true, facts: [{ kind: 'past-trade', text: marker }], languages: ['fr'] }
			})
		).toMatchObject({ ok: true });
		// The Canteen Master is told, and asks too (positive control: the marker does travel).
		expect(JSON.stringify(await pushed)).toContain(marker);
		const asked = await master.send('people:get', {});
		expect(JSON.stringify(asked)).toContain(marker);
		// Something everyone does hear, so the listeners are proven to be listening.
		expect(await e.conn.send('member:rename', { name: 'Eugénie B' })).toEqual({ ok: true });
		await vi.waitFor(() => {
			expect(screen.state.members.get(e.memberId)?.name).toBe('Eugénie B');
			expect(other.conn.state.members.get(e.memberId)?.name).toBe('Eugénie B');
		});

		expect(heard.get('master')!.join('\n')).toContain(marker);
		for (const who of ['screen', 'member']) {
			expect(heard.get(who)!.length, who).toBeGreaterThan(0);
			expect(heard.get(who)!.join('\n'), who).not.toContain(marker);
			expect(heard.get(who)!.join('\n'), who).not.toContain('Zanzibar');
		}
		for (const conn of [screen, other.conn, master, e.conn]) {
			expect(bytesHold(Y.encodeStateAsUpdate(conn.doc), 'Zanzibar')).toBe(false);
		}
		const log = await storage.boardLog.load(demo.id);
		for (const part of [log.snapshot ?? new Uint8Array(), ...log.updates])
			expect(bytesHold(part, 'Zanzibar')).toBe(false);
		screen.close();
		other.conn.close();
		e.conn.close();
	});

	it('gives the profiles of the meal’s members to its Canteen Masters only: the role matrix', async () => {
		const f = await join(demo.joinCode, 'Fatou', device(7));
		expect(await f.conn.send('profile:set', { profile: annie })).toMatchObject({ ok: true });
		const v = PROTOCOL_VERSION;

		const byKey = await opened({ role: 'master', mealId: demo.id, key: server.demo.masterKey });
		const bySession = await opened({ role: 'master', mealId: demo.id }, staffA);
		const byAdmin = await opened({ role: 'master', mealId: demo.id }, adminCookie);
		for (const conn of [byKey, bySession, byAdmin]) {
			expect(conn.status).toBe('synced');
			const got = await conn.send('people:get', {});
			if (!got.ok) throw new Error(got.code);
			expect(got.profiles.find((p) => p.memberId === f.memberId)).toMatchObject({
				memberId: f.memberId,
				facts: [{ text: 'couturière' }, { text: 'les tomates sur mon balcon' }],
				languages: ['fr', 'ar'],
				ageBracket: '70+'
			});
			expect(got.visits[f.memberId]).toEqual({ past: 0 });
			conn.close();
		}

		// Staff of another canteen, and anyone without a credential, do not even get a socket.
		for (const [who, cookie] of [
			['staff of another canteen', staffB],
			['anonymous', undefined]
		] as const) {
			const conn = await opened({ role: 'master', mealId: demo.id }, cookie);
			expect(conn.status, who).toBe('refused');
			expect(conn.refusal?.code, who).toBe('unauthorized');
			conn.close();
		}
		const forged = await refusal({ v, role: 'admin', mealId: demo.id, key: server.demo.masterKey });
		expect(forged).toBe('bad_request');

		// The screen and members are sockets, but run none of it.
		const screen = await connect(server.url, { role: 'screen', mealId: demo.id, key: server.demo.screenKey });
		for (const [name, payload] of [
			['people:get', {}],
			['intro:done', { a: f.memberId, b: f.memberId + 'x' }],
			['profile:get', {}],
			['profile:set', { profile: annie }]
		] as const) {
			expect(await screen.send(name, payload as never), name).toMatchObject({ ok: false, code: 'forbidden' });
		}
		screen.close();
		// A master has no profile of their own to read or write.
		expect(await master.send('profile:get', {})).toMatchObject({ ok: false, code: 'forbidden' });
		expect(await master.send('profile:set', { profile: annie })).toMatchObject({ ok: false, code: 'forbidden' });

		// A master of another canteen's meal sees nothing of this one's members.
		const other = await meal('canteen_b', 'Chez les Lilas');
		const otherMaster = await connect(server.url, { role: 'master', mealId: other.meal.id, key: other.masterKey });
		const theirs = await otherMaster.send('people:get', {});
		expect(theirs).toEqual({ ok: true, profiles: [], visits: {}, introductions: [] });
		expect(await otherMaster.send('intro:done', { a: f.memberId, b: master.welcome!.mealId })).toMatchObject({
			ok: false,
			code: 'member_not_found'
		});
		otherMaster.close();
		f.conn.close();
	});

	it('finds the profile again at the next meal of the same canteen, from the same phone only', async () => {
		const dev = device(8);
		const first = await join(demo.joinCode, 'Gaby', dev);
		expect(await first.conn.send('profile:set', { profile: annie })).toMatchObject({ ok: true });
		const noDevice = await join(demo.joinCode, 'Sans appareil');
		expect(await noDevice.conn.send('profile:set', { profile: annie })).toMatchObject({ ok: true });

		const next = await meal(demo.canteenId);
		const again = await join(next.meal.joinCode, 'Gaby', dev);
		const found = await again.conn.send('profile:get', {});
		expect(found).toMatchObject({
			ok: true,
			profile: { facts: [{ text: 'couturière' }, { text: 'les tomates sur mon balcon' }] }
		});
		const nextMaster = await connect(server.url, { role: 'master', mealId: next.meal.id, key: next.masterKey });
		const people = await nextMaster.send('people:get', {});
		if (!people.ok) throw new Error(people.code);
		expect(people.visits[again.memberId]).toEqual({ past: 1, lastAt: expect.any(Number) });
		expect(people.profiles.map((p) => p.memberId)).toEqual([again.memberId]);
		expect(people.profiles[0]!.firstVisitAt).toBeLessThanOrEqual(people.visits[again.memberId]!.lastAt!);

		// Without a device id, the profile stays with that one meal.
		const stranger = await join(next.meal.joinCode, 'Sans appareil');
		expect(await stranger.conn.send('profile:get', {})).toEqual({ ok: true, profile: null });
		expect(people.visits[stranger.memberId]).toBeUndefined();

		// Another canteen never sees it.
		const elsewhere = await meal('canteen_b', 'Ailleurs');
		const there = await join(elsewhere.meal.joinCode, 'Gaby', dev);
		expect(await there.conn.send('profile:get', {})).toEqual({ ok: true, profile: null });

		// Withdrawn at the second meal: gone from the first meal's console too.
		expect(await again.conn.send('profile:set', { profile: { consent: false, facts: [], languages: [] } })).toEqual({
			ok: true,
			profile: null
		});
		const firstView = await master.send('people:get', {});
		if (!firstView.ok) throw new Error(firstView.code);
		expect(firstView.profiles.some((p) => p.memberId === first.memberId)).toBe(false);
		expect(await first.conn.send('profile:get', {})).toEqual({ ok: true, profile: null });
		for (const c of [first.conn, noDevice.conn, again.conn, stranger.conn, there.conn, nextMaster]) c.close();
	});

	it('remembers introductions done for the canteen, across its meals', async () => {
		const h = await join(demo.joinCode, 'Hélène', device(9));
		const k = await join(demo.joinCode, 'Karim', device(10));
		expect(await master.send('intro:done', { a: k.memberId, b: h.memberId })).toEqual({ ok: true });
		const here = await master.send('people:get', {});
		if (!here.ok) throw new Error(here.code);
		expect(here.introductions).toContainEqual({ a: expect.any(String), b: expect.any(String), at: expect.any(Number) });
		const pair = here.introductions.find((i) => [i.a, i.b].sort().join() === [h.memberId, k.memberId].sort().join());
		expect(pair).toBeDefined();

		const next = await meal(demo.canteenId, 'La semaine d’après');
		const h2 = await join(next.meal.joinCode, 'Hélène', device(9));
		const k2 = await join(next.meal.joinCode, 'Karim', device(10));
		const nextMaster = await connect(server.url, { role: 'master', mealId: next.meal.id, key: next.masterKey });
		const there = await nextMaster.send('people:get', {});
		if (!there.ok) throw new Error(there.code);
		expect(there.introductions.map((i) => [i.a, i.b].sort())).toContainEqual([h2.memberId, k2.memberId].sort());

		expect(await master.send('intro:done', { a: h.memberId, b: 'm_nobody' })).toMatchObject({
			ok: false,
			code: 'member_not_found'
		});
		for (const c of [h.conn, k.conn, h2.conn, k2.conn, nextMaster]) c.close();
	});

	it('answers bad input on every people command with bad_request, changing nothing', async () => {
		const m = await join(demo.joinCode, 'Mona', device(11));
		const key = `d:${(await storage.meals.getMember(m.memberId))!.deviceHash}`;
		const introsBefore = (await storage.people.listIntroductions({ canteenId: demo.canteenId, since: 0 })).length;
		const fact = { kind: 'skill', text: 'vélo' };
		const memberCases: [string, unknown][] = [
			['profile:get', { memberId: m.memberId }],
			['profile:get', { cid: 'not an id' }],
			['profile:set', {}],
			['profile:set', { profile: null }],
			['profile:set', { profile: { ...annie, consent: 'yes' } }],
			['profile:set', { profile: { ...annie, memberId: 'm_x' } }],
			['profile:set', { profile: { ...annie, consentAt: 1 } }],
			['profile:set', { profile: { ...annie, facts: Array(6).fill(fact) } }],
			['profile:set', { profile: { ...annie, facts: [{ kind: 'skill', text: 'x'.repeat(121) }] } }],
			['profile:set', { profile: { ...annie, facts: [{ kind: 'skill', text: 'a\u0000b' }] } }],
			['profile:set', { profile: { ...annie, facts: [{ kind: 'wish', text: 'x' }] } }],
			['profile:set', { profile: { ...annie, facts: [{ kind: 'skill', text: '   ' }] } }],
			['profile:set', { profile: { ...annie, languages: ['xx'] } }],
			['profile:set', { profile: { ...annie, ageBracket: '30-40' } }],
			['profile:set', { profile: annie, extra: 1 }]
		];
		for (const [name, payload] of memberCases) {
			expect(await m.conn.send(name as never, payload as never), `${name} ${JSON.stringify(payload)}`).toMatchObject({
				ok: false,
				code: 'bad_request'
			});
		}
		const masterCases: [string, unknown][] = [
			['people:get', { memberId: m.memberId }],
			['intro:done', {}],
			['intro:done', { a: m.memberId }],
			['intro:done', { a: m.memberId, b: m.memberId }],
			['intro:done', { a: 1, b: 2 }],
			['intro:done', { a: 'has space', b: m.memberId }]
		];
		for (const [name, payload] of masterCases) {
			expect(await master.send(name as never, payload as never), `${name} ${JSON.stringify(payload)}`).toMatchObject({
				ok: false,
				code: 'bad_request'
			});
		}
		// Not a JSON object, too large, no ack.
		const untyped = m.conn.socket as unknown as Socket;
		const raw = (event: string, ...args: unknown[]) => new Promise((resolve) => untyped.emit(event, ...args, resolve));
		expect(await raw('profile:set', [annie])).toMatchObject({ ok: false, code: 'bad_request' });
		expect(await raw('profile:set', { profile: annie, pad: 'x'.repeat(5000) })).toMatchObject({
			ok: false,
			code: 'payload_too_large'
		});
		const complaint = new Promise((resolve) => m.conn.socket.once('protocol:error', resolve));
		untyped.emit('profile:get', {});
		expect(await complaint).toMatchObject({ event: 'profile:get', code: 'bad_request' });

		expect(await storage.people.getProfile(demo.canteenId, key)).toBeUndefined();
		expect((await storage.people.listIntroductions({ canteenId: demo.canteenId, since: 0 })).length).toBe(introsBefore);
		m.conn.close();
	});

	/** The refusal code of a raw handshake. */
	function refusal(auth: unknown): Promise<string> {
		const socket: Socket = io(server.url, {
			auth: auth as Record<string, unknown>,
			transports: ['websocket'],
			forceNew: true,
			reconnection: false
		});
		return new Promise((resolve) => {
			socket.on('connect', () => {
				socket.close();
				resolve('accepted');
			});
			socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
				socket.close();
				resolve(error.data?.code ?? error.message);
			});
		});
	}
});
