/**
 * A member erases themselves from their phone (member:erase) over real sockets: the other
 * phones, the kitchen screen and the console stop holding their name (their synced Yjs
 * documents are scanned), a fresh sync never carries it, the stored log and records no
 * longer hold it, their claim stays as "a neighbour"'s, partner counts do not move, and a
 * second erase changes nothing.
 */
import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { createPartnerLinks } from '../../server/partners/links.ts';
import { connect, startServer } from '../helpers/server.ts';
import {
	admin,
	deviceOf,
	joinWithDevice,
	memberSocket,
	partnerCanteen,
	TIME_ZONE,
	type Joined
} from '../partners/fixtures.ts';

const NAME = 'Philomène Tartempion';
const FACT = 'Je répare les vélos du quartier';
const contains = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text, 'utf8'));

describe('a member erases themselves', async () => {
	const server = await startServer({ timeZone: TIME_ZONE });
	const { storage } = server.tablee;
	const { lunch } = await partnerCanteen(server, 'canteen_e', 'Cantine des Erables');
	const mealId = lunch.meal.id;
	const master = await connect(server.url, { role: 'master', mealId, key: lunch.masterKey });
	const screen = await connect(server.url, { role: 'screen', mealId, key: lunch.screenKey });
	const added = await master.send('task:add', { kind: 'cooking', title: { fr: 'Éplucher' }, slots: 3 });
	if (!added.ok) throw new Error(added.code);
	const taskId = added.taskId!;

	const me = await joinWithDevice(server.url, lunch.meal.joinCode, { name: NAME, device: deviceOf('e', 0) });
	const others: Joined[] = [];
	for (let i = 1; i <= 5; i++)
		others.push(
			await joinWithDevice(server.url, lunch.meal.joinCode, { name: `Voisin${i} Durand`, device: deviceOf('e', i) })
		);
	const phone = await memberSocket(server, me);
	const neighbour = await memberSocket(server, others[0]!);
	expect(await phone.send('task:claim', { taskId })).toEqual({ ok: true });
	expect(
		await phone.send('profile:set', {
			profile: { consent: true, facts: [{ kind: 'skill', text: FACT }], languages: ['fr'] }
		})
	).toMatchObject({ ok: true });
	expect(await master.send('intro:done', { a: me.memberId, b: others[0]!.memberId })).toEqual({ ok: true });
	const made = await createPartnerLinks({ storage }).create(admin, 'canteen_e', {
		label: 'Mairie',
		alsoCanteenIds: []
	});
	if (!made.ok) throw new Error(made.reason);
	const figures = async () =>
		(
			(await (
				await fetch(`${server.url}/api/partners/figures`, { headers: { authorization: `Bearer ${made.token}` } })
			).json()) as { canteens: { figures: unknown }[] }
		).canteens;
	const storedLog = async () => {
		const stored = await storage.boardLog.load(mealId);
		return [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates];
	};

	it('holds the name everywhere before, as a baseline for the scans', async () => {
		for (const conn of [neighbour, screen, master])
			await vi.waitFor(() => expect(conn.state.members.get(me.memberId)?.name).toBe(NAME));
		expect(contains(Y.encodeStateAsUpdate(neighbour.doc), NAME)).toBe(true);
		expect((await storedLog()).some((u) => contains(u, NAME))).toBe(true);
	});

	it('refuses other roles and bad input, and erases nobody else', async () => {
		expect(await master.send('member:erase', {})).toMatchObject({ ok: false, code: 'forbidden' });
		expect(await screen.send('member:erase', {})).toMatchObject({ ok: false, code: 'forbidden' });
		expect(await phone.send('member:erase', { memberId: others[0]!.memberId } as never)).toMatchObject({
			ok: false,
			code: 'bad_request'
		});
		expect(master.state.members.get(others[0]!.memberId)?.name).toBe('Voisin1 Durand');
		expect(master.state.members.get(me.memberId)?.name).toBe(NAME);
	});

	it('takes the name off every synced document, the log and the records; counts and the claim stay', async () => {
		const before = JSON.stringify(await figures());
		const key = `d:${(await storage.meals.getMember(me.memberId))!.deviceHash}`;
		expect(await storage.people.getProfile('canteen_e', key)).toBeDefined();

		expect(await phone.send('member:erase', {})).toEqual({ ok: true });

		for (const conn of [neighbour, screen, master]) {
			await vi.waitFor(() => expect(conn.state.members.get(me.memberId)).toMatchObject({ name: '', erased: true }));
			const state = Y.encodeStateAsUpdate(conn.doc);
			expect(contains(state, NAME)).toBe(false);
			expect(contains(state, 'Philomène')).toBe(false);
		}
		// Still at the table, still on the task: the place stays taken, by "a neighbour".
		expect(master.state.members.get(me.memberId)?.checkedIn).toBe(true);
		expect(master.state.tasks.get(taskId)?.claims.map((c) => c.memberId)).toEqual([me.memberId]);
		// A phone arriving now syncs a board without the name.
		const late = await connect(server.url, { role: 'screen', mealId, key: lunch.screenKey });
		expect(contains(Y.encodeStateAsUpdate(late.doc), NAME)).toBe(false);
		late.close();
		// Storage: no update or snapshot holds it; what they shared and their introduction are gone.
		await vi.waitFor(async () => expect((await storedLog()).some((u) => contains(u, NAME))).toBe(false));
		expect(await storage.people.getProfile('canteen_e', key)).toBeUndefined();
		expect(await storage.people.listIntroductions({ canteenId: 'canteen_e', since: 0 })).toEqual([]);
		// The console's people data no longer has it either.
		const people = await master.send('people:get', {});
		expect(JSON.stringify(people)).not.toContain(FACT);
		// Partners: the same counts.
		expect(JSON.stringify(await figures())).toBe(before);
	});

	it('is idempotent: a second erase is ok and writes nothing', async () => {
		const seq = (await storage.boardLog.load(mealId)).seq;
		expect(await phone.send('member:erase', {})).toEqual({ ok: true });
		expect((await storage.boardLog.load(mealId)).seq).toBe(seq);
	});

	it('works after the meal closed too', async () => {
		const other = others[1]!;
		const conn = await memberSocket(server, other);
		expect(await master.send('meal:status', { status: 'closed' })).toEqual({ ok: true });
		expect(await conn.send('member:erase', {})).toEqual({ ok: true });
		await vi.waitFor(() => expect(master.state.members.get(other.memberId)?.erased).toBe(true));
		expect(contains(Y.encodeStateAsUpdate(master.doc), other.name)).toBe(false);
	});
});
