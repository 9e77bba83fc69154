/**
 * Data minimisation, proven on the wire (issue #11): during a meal with check-ins, a
 * check-out, claims and invitations (one declined), everything a member's phone and the
 * kitchen screen receive — every Socket.IO event, the board document they decode, and the
 * `/yjs/meal` y-websocket document — carries no arrival or departure time, no claim time,
 * no canteen id and nobody else's invitation. The Canteen Master's console still receives
 * all of it; the invited member and the inviter see their invitation live; arrivals and
 * departures are kept in storage.
 */
import { inflateSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { readBoard } from '../../src/lib/board-doc/doc.ts';
import { applyServerMessage, encodeStep1, fromBase64 } from '../../src/lib/board-doc/sync.ts';
import { BoardConnection, type Credentials } from '../../src/lib/client/connection.ts';
import { joinMember, masterConnection, startServer, tasksOf } from '../helpers/server.ts';
import { adminPerson, sessionMaster, staffPerson } from '../helpers/staff.ts';

/** What a connection received, event by event, as text a test can search. */
function recorded(url: string, credentials: Credentials) {
	const conn = new BoardConnection({
		url,
		credentials,
		socket: { transports: ['websocket'], reconnection: false, forceNew: true }
	});
	const events: { event: string; text: string }[] = [];
	// Registered before the socket connects (it does so on the next tick): nothing is missed.
	conn.socket.onAny((event: string, ...args: unknown[]) => {
		events.push({ event, text: args.map((a) => asText(event, a)).join(' ') });
	});
	return { conn, events, all: () => events.map((e) => e.text).join('\n') };
}

/** An event's payload as searchable text: JSON, or the bytes of a Yjs message (inflated when deflated). */
function asText(event: string, payload: unknown): string {
	if (typeof payload === 'string') {
		return event === 'y' || event === 'ym' ? Buffer.from(fromBase64(payload)).toString('latin1') : payload;
	}
	if (payload instanceof ArrayBuffer || ArrayBuffer.isView(payload)) {
		const bytes = payload instanceof ArrayBuffer ? Buffer.from(payload) : Buffer.from(payload as Uint8Array);
		return (event === 'y:deflated' ? inflateSync(bytes) : bytes).toString('latin1');
	}
	return JSON.stringify(payload);
}

/** A raw y-websocket client of `/yjs/meal`: every byte it receives, and the document they make. */
function yjsScreen(url: string) {
	const doc = new Y.Doc();
	const frames: Buffer[] = [];
	const ws = new WebSocket(url);
	const synced = new Promise<void>((resolve, reject) => {
		ws.on('open', () => ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(encodeStep1(doc))])));
		ws.on('message', (data: Buffer) => {
			frames.push(data);
			applyServerMessage(doc, new Uint8Array(data.subarray(1)), 'server');
			resolve();
		});
		ws.on('unexpected-response', () => reject(new Error('refused')));
	});
	return { doc, ws, synced, all: () => Buffer.concat(frames).toString('latin1') };
}

const TIME_KEYS = ['joinedAt', 'checkedInAt', 'checkedOutAt', 'leftAt'];

describe('what each role receives during a meal', async () => {
	const server = await startServer({ commandRate: { burst: 1000, perSecond: 100 } });
	const mealId = server.demo.meal.id;
	const canteenId = server.demo.meal.canteenId;
	const code = server.demo.meal.joinCode;

	it('gives phones and the kitchen screen the board without times, canteen or others’ invitations', async () => {
		const master = await masterConnection(server);
		const annie = await joinMember(server.url, code, 'Annie');
		const bob = await joinMember(server.url, code, 'Bob');
		const chloe = await joinMember(server.url, code, 'Chloé');
		const phones = {
			annie: recorded(server.url, { role: 'member', mealId, token: annie.token }),
			bob: recorded(server.url, { role: 'member', mealId, token: bob.token }),
			chloe: recorded(server.url, { role: 'member', mealId, token: chloe.token })
		};
		const screen = recorded(server.url, { role: 'screen', mealId, key: server.demo.screenKey });
		const yws = yjsScreen(`${server.url.replace('http', 'ws')}/yjs/meal/${mealId}?key=${server.demo.screenKey}`);
		await Promise.all([...Object.values(phones).map((p) => p.conn.whenSynced()), screen.conn.whenSynced(), yws.synced]);

		// Check-ins (joining is one), a check-out and a check-in again, claims.
		const open = tasksOf(master).filter((t) => t.status === 'open' && t.slots - t.claims.length >= 2);
		const [soup, bread, tables] = open;
		expect(await phones.chloe.conn.send('member:checkout', {})).toEqual({ ok: true });
		expect(await phones.chloe.conn.send('member:checkin', {})).toEqual({ ok: true });
		expect(await phones.annie.conn.send('task:claim', { taskId: soup!.id })).toEqual({ ok: true });
		expect(await phones.bob.conn.send('task:claim', { taskId: bread!.id })).toEqual({ ok: true });
		// The Canteen Master invites Bob, who declines; Annie offers her place to Chloé.
		const invited = await master.send('task:invite', { taskId: tables!.id, memberId: bob.memberId });
		if (!invited.ok) throw new Error(invited.code);
		await vi.waitFor(() => expect(phones.bob.conn.state.invites?.get(invited.inviteId)?.status).toBe('pending'));
		expect(await phones.bob.conn.send('invite:answer', { inviteId: invited.inviteId, accept: false })).toEqual({
			ok: true
		});
		const offered = await phones.annie.conn.send('task:handover', { taskId: soup!.id, toMemberId: chloe.memberId });
		if (!offered.ok) throw new Error(offered.code);

		// The two people concerned see each invitation live, and the console sees them all.
		await vi.waitFor(() => {
			expect(phones.bob.conn.state.invites?.get(invited.inviteId)?.status).toBe('declined');
			expect(phones.chloe.conn.state.invites?.get(offered.inviteId)).toMatchObject({
				status: 'pending',
				by: annie.memberId
			});
			expect(phones.annie.conn.state.invites?.get(offered.inviteId)).toMatchObject({ memberId: chloe.memberId });
			expect(master.state.invites?.get(invited.inviteId)?.status).toBe('declined');
			expect(master.state.invites?.get(offered.inviteId)?.status).toBe('pending');
			for (const c of [...Object.values(phones).map((p) => p.conn), screen.conn]) {
				expect(c.state.tasks.get(soup!.id)?.claims).toEqual([{ memberId: annie.memberId }]);
			}
			expect(readBoard(yws.doc).tasks.get(bread!.id)?.claims).toEqual([{ memberId: bob.memberId }]);
		});

		// Nothing private anywhere on the phones' and the screen's wires, nor in what they decoded.
		const wires = {
			annie: phones.annie.all(),
			bob: phones.bob.all(),
			chloe: phones.chloe.all(),
			screen: screen.all(),
			yjs: yws.all()
		};
		for (const [who, text] of Object.entries(wires)) {
			for (const word of [...TIME_KEYS, 'canteenId', canteenId]) expect(text, `${who}: ${word}`).not.toContain(word);
		}
		const docs = {
			...Object.fromEntries(Object.entries(phones).map(([k, p]) => [k, p.conn.doc])),
			screen: screen.conn.doc,
			yjs: yws.doc
		};
		for (const [who, doc] of Object.entries(docs)) {
			const json = JSON.stringify(doc.toJSON());
			for (const word of [...TIME_KEYS, 'canteenId', '"at"', invited.inviteId, offered.inviteId, 'declined']) {
				expect(json, `${who}: ${word}`).not.toContain(word);
			}
		}
		// Bob's declined invitation reaches Bob only; Annie's offer reaches Annie and Chloé only.
		for (const text of [wires.annie, wires.chloe, wires.screen, wires.yjs])
			expect(text).not.toContain(invited.inviteId);
		for (const text of [wires.bob, wires.screen, wires.yjs]) expect(text).not.toContain(offered.inviteId);
		expect(wires.bob).toContain(invited.inviteId);
		expect(wires.chloe).toContain(offered.inviteId);
		expect(wires.annie).toContain(offered.inviteId);
		// No socket but the console's hears the masters document.
		for (const p of [...Object.values(phones), screen]) expect(p.events.map((e) => e.event)).not.toContain('ym');
		for (const p of [...Object.values(phones), screen]) expect(p.conn.state.meta).not.toHaveProperty('canteenId');

		// The console still has everything it shows.
		const seen = master.state;
		expect(seen.meta?.canteenId).toBe(canteenId);
		expect(seen.members.get(annie.memberId)).toMatchObject({
			joinedAt: expect.any(Number),
			checkedInAt: expect.any(Number)
		});
		expect(seen.members.get(chloe.memberId)?.checkedOutAt).toEqual(expect.any(Number));
		expect(seen.tasks.get(soup!.id)?.claims).toEqual([{ memberId: annie.memberId, at: expect.any(Number) }]);
		// And a console opened now receives it at once (the masters document on connect).
		const late = await masterConnection(server);
		expect(late.state.invites?.get(invited.inviteId)?.status).toBe('declined');
		expect(late.state.members.get(bob.memberId)?.joinedAt).toEqual(seen.members.get(bob.memberId)?.joinedAt);

		// A phone connecting now gets its own invitations at once, and only those.
		const again = recorded(server.url, { role: 'member', mealId, token: chloe.token });
		await again.conn.whenSynced();
		expect([...(again.conn.state.invites ?? new Map()).keys()]).toEqual([offered.inviteId]);

		for (const c of [...Object.values(phones).map((p) => p.conn), screen.conn, again.conn, master, late]) c.close();
		yws.ws.close();
	});

	it('gives the masters document and member:gone to Canteen Masters only, role by role', async () => {
		const { storage } = server.tablee;
		const admin = await adminPerson(storage);
		const staff = await staffPerson(storage, canteenId, admin.id);
		const hana = await joinMember(server.url, code, 'Hana');
		const ines = await joinMember(server.url, code, 'Inès');
		const target = (await joinMember(server.url, code, 'Jade')).memberId;

		// Administrator and the canteen's staff, signed in: the console gets the times, and may record a departure.
		for (const [who, cookie, memberId] of [
			['admin', admin.cookie, hana.memberId],
			['staff', staff.cookie, ines.memberId]
		] as const) {
			const byCookie = sessionMaster(server.url, mealId, cookie);
			await byCookie.whenSynced();
			expect(byCookie.state.members.get(memberId)?.joinedAt, who).toEqual(expect.any(Number));
			expect(byCookie.state.meta?.canteenId, who).toBe(canteenId);
			expect(await byCookie.send('member:gone', { memberId }), who).toEqual({ ok: true });
			byCookie.close();
		}
		// A member and the kitchen screen: forbidden, and no masters document.
		const member = recorded(server.url, { role: 'member', mealId, token: hana.token });
		const screen = recorded(server.url, { role: 'screen', mealId, key: server.demo.screenKey });
		await Promise.all([member.conn.whenSynced(), screen.conn.whenSynced()]);
		for (const c of [member, screen]) {
			expect(await c.conn.send('member:gone', { memberId: target })).toMatchObject({ ok: false, code: 'forbidden' });
			expect(c.events.map((e) => e.event)).not.toContain('ym');
			c.conn.close();
		}
		// Anonymous (no session, no key) and the partner role open no console at all.
		const anonymous = sessionMaster(server.url, mealId, undefined);
		await vi.waitFor(() => expect(anonymous.status).toBe('refused'));
		expect(anonymous.refusal?.code).toBe('unauthorized');
		anonymous.close();
		const partner = new BoardConnection({
			url: server.url,
			credentials: { role: 'partner', mealId, key: server.demo.screenKey } as never,
			socket: { transports: ['websocket'], reconnection: false, forceNew: true }
		});
		await vi.waitFor(() => expect(partner.status).toBe('refused'));
		partner.close();
		const master = await masterConnection(server);
		expect(master.state.members.get(target)?.checkedIn).toBe(true);
		master.close();
	});

	it('records arrival and departure: leaving, marked gone by the Canteen Master, the meal closing', async () => {
		const master = await masterConnection(server);
		const dora = await joinMember(server.url, code, 'Dora');
		const eli = await joinMember(server.url, code, 'Éli');
		const fatou = await joinMember(server.url, code, 'Fatou');
		const walkIn = await master.send('member:walkin', { name: 'Gaston' });
		if (!walkIn.ok) throw new Error(walkIn.code);
		const doraPhone = recorded(server.url, { role: 'member', mealId, token: dora.token });
		await doraPhone.conn.whenSynced();
		expect(await doraPhone.conn.send('member:checkout', {})).toEqual({ ok: true });

		// member:gone: the Canteen Master's alone, for phone members.
		expect(await doraPhone.conn.send('member:gone', { memberId: eli.memberId })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		expect(await master.send('member:gone', { memberId: walkIn.memberId! })).toMatchObject({
			ok: false,
			code: 'walk_in'
		});
		expect(await master.send('member:gone', { memberId: 'nobody' })).toMatchObject({
			ok: false,
			code: 'member_not_found'
		});
		expect(await master.send('member:gone', { memberId: 'not an id!' } as never)).toMatchObject({
			ok: false,
			code: 'bad_request'
		});
		expect(await master.send('member:gone', { memberId: eli.memberId })).toEqual({ ok: true });
		await vi.waitFor(() => expect(master.state.members.get(eli.memberId)?.leftAt).toEqual(expect.any(Number)));

		const { attendance } = server.tablee.storage;
		await vi.waitFor(async () => {
			const rows = new Map((await attendance.listAttendance(mealId)).map((r) => [r.memberId, r]));
			expect(rows.get(dora.memberId)).toMatchObject({ arrivedAt: expect.any(Number), leftAt: expect.any(Number) });
			expect(rows.get(eli.memberId)?.leftAt).toBe(master.state.members.get(eli.memberId)?.leftAt);
			expect(rows.get(fatou.memberId)).not.toHaveProperty('leftAt');
		});

		// Closing the meal records the departure of everyone still there, walk-ins included.
		for (const status of ['cooking', 'eating', 'closed'] as const) {
			const stepped = await master.send('meal:status', { status });
			if (!stepped.ok && stepped.code !== 'invalid_transition') throw new Error(stepped.code);
		}
		await vi.waitFor(async () => {
			const rows = new Map((await attendance.listAttendance(mealId)).map((r) => [r.memberId, r]));
			expect(rows.get(fatou.memberId)?.leftAt).toEqual(expect.any(Number));
			expect(rows.get(walkIn.memberId!)?.leftAt).toEqual(expect.any(Number));
		});
		// …and the phone never heard any of those times.
		for (const word of TIME_KEYS) expect(doraPhone.all()).not.toContain(word);
		doraPhone.conn.close();
		master.close();
	});
});
