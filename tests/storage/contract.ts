/**
 * The storage contract: every Store implementation runs this same suite, unchanged.
 * `open` returns a fresh, empty store; `reopen` (when the implementation persists)
 * returns a new connection to the same data, to prove what was acknowledged stays.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { InvitationRecord, MealRecord, Store, UserRecord } from '../../server/storage/store.ts';

export interface ContractTarget {
	open(): Promise<Store>;
	reopen?(store: Store): Promise<Store>;
}

const meal = (over: Partial<MealRecord> = {}): MealRecord => ({
	id: 'meal1',
	canteenId: 'c1',
	joinCode: 'ABC234',
	masterKeyHash: 'm'.repeat(64),
	screenKeyHash: 's'.repeat(64),
	createdAt: 1000,
	...over
});

const user = (over: Partial<UserRecord> = {}): UserRecord => ({
	id: 'u1',
	email: 'awa@example.org',
	displayName: 'Awa',
	passwordHash: 'scrypt$32768$8$1$salt$hash',
	role: 'staff',
	createdAt: 10,
	...over
});

const invitation = (over: Partial<InvitationRecord> = {}): InvitationRecord => ({
	tokenHash: 'i'.repeat(64),
	canteenId: 'c1',
	role: 'staff',
	createdBy: 'admin1',
	createdAt: 100,
	expiresAt: 1000,
	usedAt: null,
	...over
});

function updateSetting(doc: Y.Doc, key: string, value: string): Uint8Array {
	let captured: Uint8Array | undefined;
	const handler = (u: Uint8Array) => (captured = u);
	doc.on('update', handler);
	doc.getMap('m').set(key, value);
	doc.off('update', handler);
	return captured!;
}

export function storeContract(name: string, target: ContractTarget) {
	describe(`Store contract: ${name}`, () => {
		const opened: Store[] = [];
		const open = async () => {
			const s = await target.open();
			opened.push(s);
			return s;
		};
		afterEach(async () => {
			await Promise.all(opened.splice(0).map((s) => s.close()));
		});

		async function withMeal() {
			const store = await open();
			await store.createCanteen({ id: 'c1', name: 'Cantine du Canal', createdAt: 1 });
			expect(await store.createMeal(meal())).toEqual({ ok: true });
			return store;
		}

		it('keeps canteens', async () => {
			const store = await open();
			await store.createCanteen({ id: 'c2', name: 'Les Lilas', createdAt: 2 });
			await store.createCanteen({ id: 'c1', name: 'Canal', createdAt: 1 });
			expect(await store.getCanteen('c1')).toEqual({ id: 'c1', name: 'Canal', createdAt: 1 });
			expect(await store.getCanteen('nope')).toBeUndefined();
			expect((await store.listCanteens()).map((c) => c.id)).toEqual(['c1', 'c2']);
		});

		it('finds meals by id, join code and canteen', async () => {
			const store = await withMeal();
			expect(await store.getMeal('meal1')).toEqual(meal());
			expect(await store.getMealByJoinCode('ABC234')).toEqual(meal());
			expect(await store.getMealByJoinCode('ZZZZZZ')).toBeUndefined();
			expect(await store.getMeal('nope')).toBeUndefined();
			expect((await store.listMeals('c1')).map((m) => m.id)).toEqual(['meal1']);
			expect(await store.listMeals('other')).toEqual([]);
		});

		it('refuses a taken join code or meal id without changing the first meal', async () => {
			const store = await withMeal();
			expect(await store.createMeal(meal({ id: 'meal2' }))).toEqual({ ok: false, reason: 'join_code_taken' });
			expect(await store.createMeal(meal({ joinCode: 'OTHER9' }))).toEqual({ ok: false, reason: 'exists' });
			expect(await store.getMeal('meal2')).toBeUndefined();
			expect(await store.getMealByJoinCode('ABC234')).toEqual(meal());
		});

		it('finds members by token hash only', async () => {
			const store = await withMeal();
			const member = { id: 'mb1', mealId: 'meal1', tokenHash: 'h'.repeat(64), createdAt: 5 };
			await store.createMember(member);
			expect(await store.getMemberByTokenHash('h'.repeat(64))).toEqual(member);
			expect(await store.getMemberByTokenHash('x'.repeat(64))).toBeUndefined();
		});

		it('starts a board empty at sequence 0', async () => {
			const store = await withMeal();
			expect(await store.loadBoard('meal1')).toEqual({ snapshot: null, snapshotSeq: 0, updates: [], seq: 0 });
		});

		it('appends updates in order and only at the expected sequence', async () => {
			const store = await withMeal();
			const doc = new Y.Doc();
			const u1 = updateSetting(doc, 'a', '1');
			const u2 = updateSetting(doc, 'b', '2');
			expect(await store.appendUpdate('meal1', 0, u1)).toEqual({ ok: true, seq: 1 });
			expect(await store.appendUpdate('meal1', 0, u2)).toEqual({ ok: false, reason: 'conflict', seq: 1 });
			expect(await store.appendUpdate('meal1', 5, u2)).toEqual({ ok: false, reason: 'conflict', seq: 1 });
			expect(await store.appendUpdate('meal1', 1, u2)).toEqual({ ok: true, seq: 2 });
			const log = await store.loadBoard('meal1');
			expect(log.seq).toBe(2);
			expect(log.updates.map((u) => Array.from(u))).toEqual([Array.from(u1), Array.from(u2)]);
			const copy = new Y.Doc();
			for (const u of log.updates) Y.applyUpdate(copy, u);
			expect(copy.getMap('m').toJSON()).toEqual({ a: '1', b: '2' });
		});

		it('lets exactly one of many concurrent appends at one sequence win', async () => {
			const store = await withMeal();
			const doc = new Y.Doc();
			const updates = Array.from({ length: 20 }, (_, i) => updateSetting(doc, `k${i}`, 'v'));
			const results = await Promise.all(updates.map((u) => store.appendUpdate('meal1', 0, u)));
			expect(results.filter((r) => r.ok)).toHaveLength(1);
			expect((await store.loadBoard('meal1')).updates).toHaveLength(1);
		});

		it('keeps boards of different meals apart', async () => {
			const store = await withMeal();
			await store.createMeal(meal({ id: 'meal2', joinCode: 'XYZ789' }));
			const doc = new Y.Doc();
			await store.appendUpdate('meal1', 0, updateSetting(doc, 'a', '1'));
			expect((await store.loadBoard('meal2')).seq).toBe(0);
			expect(await store.appendUpdate('meal2', 0, updateSetting(doc, 'b', '1'))).toEqual({ ok: true, seq: 1 });
		});

		it('compacts into a snapshot without losing later updates or the sequence', async () => {
			const store = await withMeal();
			const doc = new Y.Doc();
			for (let i = 0; i < 5; i++) await store.appendUpdate('meal1', i, updateSetting(doc, `k${i}`, `${i}`));
			const upTo3 = new Y.Doc();
			for (const u of (await store.loadBoard('meal1')).updates.slice(0, 3)) Y.applyUpdate(upTo3, u);
			await store.compactBoard('meal1', 3, Y.encodeStateAsUpdate(upTo3));
			const log = await store.loadBoard('meal1');
			expect(log.snapshotSeq).toBe(3);
			expect(log.updates).toHaveLength(2);
			expect(log.seq).toBe(5);
			const rebuilt = new Y.Doc();
			Y.applyUpdate(rebuilt, log.snapshot!);
			for (const u of log.updates) Y.applyUpdate(rebuilt, u);
			expect(rebuilt.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
			expect(await store.appendUpdate('meal1', 5, updateSetting(doc, 'z', 'z'))).toEqual({ ok: true, seq: 6 });
		});

		it('keeps the sequence when everything has been compacted', async () => {
			const store = await withMeal();
			const doc = new Y.Doc();
			await store.appendUpdate('meal1', 0, updateSetting(doc, 'a', '1'));
			await store.appendUpdate('meal1', 1, updateSetting(doc, 'b', '2'));
			await store.compactBoard('meal1', 2, Y.encodeStateAsUpdate(doc));
			const log = await store.loadBoard('meal1');
			expect({ seq: log.seq, snapshotSeq: log.snapshotSeq, updates: log.updates.length }).toEqual({
				seq: 2,
				snapshotSeq: 2,
				updates: 0
			});
			expect(await store.appendUpdate('meal1', 1, updateSetting(doc, 'c', '3'))).toMatchObject({ ok: false });
			expect(await store.appendUpdate('meal1', 2, updateSetting(doc, 'c', '3'))).toEqual({ ok: true, seq: 3 });
		});

		it('ignores a stale compaction and refuses one beyond the log', async () => {
			const store = await withMeal();
			const doc = new Y.Doc();
			for (let i = 0; i < 3; i++) await store.appendUpdate('meal1', i, updateSetting(doc, `k${i}`, `${i}`));
			await store.compactBoard('meal1', 2, Y.encodeStateAsUpdate(doc));
			await store.compactBoard('meal1', 1, new Uint8Array([0, 0]));
			expect((await store.loadBoard('meal1')).snapshotSeq).toBe(2);
			await expect(store.compactBoard('meal1', 9, Y.encodeStateAsUpdate(doc))).rejects.toThrow();
			expect((await store.loadBoard('meal1')).seq).toBe(3);
		});

		/** A store with canteens c1 and c2 and its first administrator, `admin1`. */
		async function withAdmin() {
			const store = await open();
			await store.createCanteen({ id: 'c1', name: 'Canal', createdAt: 1 });
			await store.createCanteen({ id: 'c2', name: 'Lilas', createdAt: 2 });
			await store.setSetupToken('s'.repeat(64));
			const admin = user({ id: 'admin1', email: 'chef@example.org', role: 'admin' });
			expect(await store.createFirstAdmin('s'.repeat(64), admin)).toEqual({ ok: true });
			return store;
		}

		it('creates the first administrator once, with the setup token only', async () => {
			const store = await open();
			expect(await store.countUsers()).toBe(0);
			const admin = user({ id: 'admin1', email: 'Chef@Example.ORG', role: 'admin' });
			// No token yet, then a wrong one.
			expect(await store.createFirstAdmin('s'.repeat(64), admin)).toEqual({ ok: false, reason: 'invalid_token' });
			await store.setSetupToken('s'.repeat(64));
			expect(await store.createFirstAdmin('x'.repeat(64), admin)).toEqual({ ok: false, reason: 'invalid_token' });
			expect(await store.createFirstAdmin('s'.repeat(64), admin)).toEqual({ ok: true });
			// The token is gone: the same link cannot make a second administrator.
			expect(await store.createFirstAdmin('s'.repeat(64), user({ id: 'u2', email: 'b@example.org' }))).toEqual({
				ok: false,
				reason: 'invalid_token'
			});
			// Even a token set again refuses once a user exists.
			await store.setSetupToken('t'.repeat(64));
			expect(await store.createFirstAdmin('t'.repeat(64), user({ id: 'u3', email: 'c@example.org' }))).toEqual({
				ok: false,
				reason: 'invalid_token'
			});
			expect(await store.countUsers()).toBe(1);
			expect(await store.getUser('admin1')).toEqual({ ...admin, email: 'chef@example.org' });
		});

		it('keeps one account per email address, whatever its case', async () => {
			const store = await withAdmin();
			expect(await store.getUserByEmail('CHEF@example.org')).toMatchObject({ id: 'admin1', role: 'admin' });
			expect(await store.getUserByEmail('nobody@example.org')).toBeUndefined();
			await store.createInvitation(invitation());
			const taken = await store.redeemInvitation('i'.repeat(64), 500, user({ email: 'Chef@Example.org' }));
			expect(taken).toEqual({ ok: false, reason: 'email_taken' });
			// A refused redemption leaves the invitation usable and creates nobody.
			expect(await store.getInvitation('i'.repeat(64), 500)).toEqual(invitation());
			expect(await store.getUser('u1')).toBeUndefined();
		});

		it('changes a password hash', async () => {
			const store = await withAdmin();
			await store.setPasswordHash('admin1', 'scrypt$new');
			expect((await store.getUser('admin1'))?.passwordHash).toBe('scrypt$new');
		});

		it('reads a session only until it expires, and deletes sessions', async () => {
			const store = await withAdmin();
			const session = { id: 'a'.repeat(64), userId: 'admin1', createdAt: 100, expiresAt: 200, lastSeenAt: 100 };
			await store.createSession(session);
			await store.createSession({ ...session, id: 'b'.repeat(64) });
			await store.createSession({ ...session, id: 'c'.repeat(64) });
			expect(await store.getSession('a'.repeat(64), 199)).toEqual(session);
			expect(await store.getSession('a'.repeat(64), 200)).toBeUndefined();
			expect(await store.getSession('z'.repeat(64), 150)).toBeUndefined();
			await store.touchSession('a'.repeat(64), 150);
			expect((await store.getSession('a'.repeat(64), 150))?.lastSeenAt).toBe(150);
			await store.deleteSession('a'.repeat(64));
			expect(await store.getSession('a'.repeat(64), 150)).toBeUndefined();
			// Password change: every other session of that user goes.
			await store.createSession({ ...session, id: 'a'.repeat(64) });
			await store.deleteUserSessions('admin1', 'b'.repeat(64));
			expect(await store.getSession('b'.repeat(64), 150)).toBeDefined();
			expect(await store.getSession('a'.repeat(64), 150)).toBeUndefined();
			expect(await store.getSession('c'.repeat(64), 150)).toBeUndefined();
			await store.deleteUserSessions('admin1');
			expect(await store.getSession('b'.repeat(64), 150)).toBeUndefined();
		});

		it('lists the canteens a user belongs to', async () => {
			const store = await withAdmin();
			expect(await store.listMemberships('admin1')).toEqual([]);
			await store.addMembership('admin1', 'c2');
			await store.addMembership('admin1', 'c1');
			await store.addMembership('admin1', 'c1');
			expect(await store.listMemberships('admin1')).toEqual(['c1', 'c2']);
			expect(await store.listMemberships('nobody')).toEqual([]);
		});

		it('redeems an invitation once, into a staff account of its canteen', async () => {
			const store = await withAdmin();
			await store.createInvitation(invitation());
			expect(await store.getInvitation('i'.repeat(64), 500)).toEqual(invitation());
			const results = await Promise.all([
				store.redeemInvitation('i'.repeat(64), 500, user()),
				store.redeemInvitation('i'.repeat(64), 500, user({ id: 'u2', email: 'bruno@example.org' }))
			]);
			expect(results.filter((r) => r.ok)).toHaveLength(1);
			const created = (await store.getUser('u1')) ?? (await store.getUser('u2'));
			expect(created?.role).toBe('staff');
			expect(await store.listMemberships(created!.id)).toEqual(['c1']);
			expect(await store.countUsers()).toBe(2);
			expect(await store.getInvitation('i'.repeat(64), 500)).toBeUndefined();
			expect(await store.redeemInvitation('i'.repeat(64), 500, user({ id: 'u3', email: 'c@example.org' }))).toEqual({
				ok: false,
				reason: 'invalid_token'
			});
		});

		it('refuses an expired or unknown invitation', async () => {
			const store = await withAdmin();
			await store.createInvitation(invitation({ expiresAt: 1000 }));
			expect(await store.getInvitation('i'.repeat(64), 1000)).toBeUndefined();
			expect(await store.redeemInvitation('i'.repeat(64), 1000, user())).toEqual({
				ok: false,
				reason: 'invalid_token'
			});
			expect(await store.redeemInvitation('n'.repeat(64), 10, user())).toEqual({ ok: false, reason: 'invalid_token' });
			expect(await store.getUser('u1')).toBeUndefined();
		});

		it('records prompt uses per canteen and lists them since a time, oldest first', async () => {
			const store = await withMeal();
			await store.createCanteen({ id: 'c2', name: 'Cantine du Port', createdAt: 1 });
			expect(await store.createMeal(meal({ id: 'meal2', canteenId: 'c2', joinCode: 'XYZ789' }))).toEqual({ ok: true });
			expect(await store.listPromptHistory({ canteenId: 'c1', since: 0 })).toEqual([]);
			const use = { canteenId: 'c1', mealId: 'meal1' };
			await store.recordPromptUse({ ...use, promptId: 'p-late', usedAt: 300, audience: ['mb2'] });
			await store.recordPromptUse({ ...use, promptId: 'p-old', usedAt: 100, audience: [] });
			await store.recordPromptUse({ ...use, promptId: 'p-mid', usedAt: 200, audience: ['mb1', 'mb2'] });
			await store.recordPromptUse({
				canteenId: 'c2',
				mealId: 'meal2',
				promptId: 'p-mid',
				usedAt: 250,
				audience: ['x']
			});

			expect(await store.listPromptHistory({ canteenId: 'c1', since: 200 })).toEqual([
				{ ...use, promptId: 'p-mid', usedAt: 200, audience: ['mb1', 'mb2'] },
				{ ...use, promptId: 'p-late', usedAt: 300, audience: ['mb2'] }
			]);
			expect((await store.listPromptHistory({ canteenId: 'c1', since: 0 })).map((u) => u.promptId)).toEqual([
				'p-old',
				'p-mid',
				'p-late'
			]);
			expect(await store.listPromptHistory({ canteenId: 'c2', since: 0 })).toEqual([
				{ canteenId: 'c2', mealId: 'meal2', promptId: 'p-mid', usedAt: 250, audience: ['x'] }
			]);
			expect(await store.listPromptHistory({ canteenId: 'c1', since: 301 })).toEqual([]);
		});

		if (target.reopen)
			it('keeps prompt history across a reopen', async () => {
				const store = await withMeal();
				await store.recordPromptUse({ canteenId: 'c1', mealId: 'meal1', promptId: 'p1', usedAt: 5, audience: ['a'] });
				const again = await target.reopen!(store);
				opened.push(again);
				expect(await again.listPromptHistory({ canteenId: 'c1', since: 0 })).toEqual([
					{ canteenId: 'c1', mealId: 'meal1', promptId: 'p1', usedAt: 5, audience: ['a'] }
				]);
			});

		it('keeps a member’s device hash, found by token and by id', async () => {
			const store = await withMeal();
			await store.createMember({ id: 'mb1', mealId: 'meal1', tokenHash: 't'.repeat(64), createdAt: 1 });
			await store.createMember({
				id: 'mb2',
				mealId: 'meal1',
				tokenHash: 'u'.repeat(64),
				createdAt: 2,
				deviceHash: 'd'.repeat(64)
			});
			expect(await store.getMember('mb1')).toEqual({
				id: 'mb1',
				mealId: 'meal1',
				tokenHash: 't'.repeat(64),
				createdAt: 1
			});
			expect((await store.getMemberByTokenHash('u'.repeat(64)))?.deviceHash).toBe('d'.repeat(64));
			expect((await store.getMember('mb2'))?.deviceHash).toBe('d'.repeat(64));
			expect(await store.getMember('nobody')).toBeUndefined();
		});

		it('keeps bans per canteen: listed oldest first, found by device, lifted once', async () => {
			const store = await withMeal();
			await store.createCanteen({ id: 'c2', name: 'Les Lilas', createdAt: 2 });
			const ban = { id: 'b1', canteenId: 'c1', deviceHash: 'd'.repeat(64), name: 'Zed', by: 'meal1', at: 20 };
			await store.createBan(ban);
			await store.createBan({ ...ban, id: 'b0', deviceHash: 'e'.repeat(64), name: 'Yan', at: 10 });
			expect(await store.listBans('c1')).toEqual([
				{ ...ban, id: 'b0', deviceHash: 'e'.repeat(64), name: 'Yan', at: 10 },
				ban
			]);
			expect(await store.listBans('c2')).toEqual([]);
			expect(await store.isDeviceBanned('c1', 'd'.repeat(64))).toBe(true);
			expect(await store.isDeviceBanned('c2', 'd'.repeat(64))).toBe(false);
			expect(await store.isDeviceBanned('c1', 'f'.repeat(64))).toBe(false);
			// Lifting takes the canteen too: another canteen's master cannot lift it.
			expect(await store.deleteBan('c2', 'b1')).toBe(false);
			expect(await store.deleteBan('c1', 'b1')).toBe(true);
			expect(await store.deleteBan('c1', 'b1')).toBe(false);
			expect(await store.isDeviceBanned('c1', 'd'.repeat(64))).toBe(false);
			expect((await store.listBans('c1')).map((b) => b.id)).toEqual(['b0']);
		});

		it('keeps each canteen’s refused words, replaced as a whole', async () => {
			const store = await withMeal();
			await store.createCanteen({ id: 'c2', name: 'Les Lilas', createdAt: 2 });
			expect(await store.getRefusedWords('c1')).toEqual([]);
			await store.setRefusedWords('c1', ['chou', 'Navet']);
			await store.setRefusedWords('c2', ['radis']);
			expect(await store.getRefusedWords('c1')).toEqual(['chou', 'Navet']);
			await store.setRefusedWords('c1', []);
			expect(await store.getRefusedWords('c1')).toEqual([]);
			expect(await store.getRefusedWords('c2')).toEqual(['radis']);
		});

		// Planning: cancelling a meal nobody joined.
		it('deletes an unjoined meal with its board and prompt history, and frees its join code', async () => {
			const store = await withMeal();
			expect(await store.createMeal(meal({ id: 'meal2', joinCode: 'XYZ234' }))).toEqual({ ok: true });
			const doc = new Y.Doc();
			await store.appendUpdate('meal1', 0, updateSetting(doc, 'a', '1'));
			await store.appendUpdate('meal1', 1, updateSetting(doc, 'b', '2'));
			await store.compactBoard('meal1', 1, Y.encodeStateAsUpdate(doc));
			await store.appendUpdate('meal2', 0, updateSetting(new Y.Doc(), 'c', '3'));
			await store.recordPromptUse({ canteenId: 'c1', promptId: 'p1', mealId: 'meal1', usedAt: 5, audience: [] });
			await store.recordPromptUse({ canteenId: 'c1', promptId: 'p2', mealId: 'meal2', usedAt: 6, audience: [] });

			expect(await store.deleteMealIfUnjoined('meal1')).toBe(true);
			expect(await store.getMeal('meal1')).toBeUndefined();
			expect(await store.getMealByJoinCode('ABC234')).toBeUndefined();
			expect((await store.listMeals('c1')).map((m) => m.id)).toEqual(['meal2']);
			expect(await store.loadBoard('meal1')).toEqual({ snapshot: null, snapshotSeq: 0, updates: [], seq: 0 });
			expect((await store.listPromptHistory({ canteenId: 'c1', since: 0 })).map((u) => u.promptId)).toEqual(['p2']);
			// The other meal is untouched, and the code can be given again.
			expect((await store.loadBoard('meal2')).seq).toBe(1);
			expect(await store.createMeal(meal({ id: 'meal3' }))).toEqual({ ok: true });
			expect(await store.deleteMealIfUnjoined('meal1')).toBe(false);
			expect(await store.deleteMealIfUnjoined('nope')).toBe(false);
		});

		it('never deletes a meal someone joined', async () => {
			const store = await withMeal();
			await store.appendUpdate('meal1', 0, updateSetting(new Y.Doc(), 'a', '1'));
			await store.createMember({ id: 'mb1', mealId: 'meal1', tokenHash: 't'.repeat(64), createdAt: 1 });
			expect(await store.deleteMealIfUnjoined('meal1')).toBe(false);
			expect(await store.getMeal('meal1')).toEqual(meal());
			expect((await store.loadBoard('meal1')).seq).toBe(1);
			expect((await store.getMember('mb1'))?.mealId).toBe('meal1');
		});

		if (target.reopen)
			it('keeps bans, device hashes and refused words across a reopen', async () => {
				const store = await withMeal();
				await store.createMember({
					id: 'mb1',
					mealId: 'meal1',
					tokenHash: 't'.repeat(64),
					createdAt: 1,
					deviceHash: 'd'.repeat(64)
				});
				await store.createBan({
					id: 'b1',
					canteenId: 'c1',
					deviceHash: 'd'.repeat(64),
					name: 'Zed',
					by: 'meal1',
					at: 5
				});
				await store.setRefusedWords('c1', ['chou']);
				const again = await target.reopen!(store);
				opened.push(again);
				expect((await again.getMember('mb1'))?.deviceHash).toBe('d'.repeat(64));
				expect(await again.isDeviceBanned('c1', 'd'.repeat(64))).toBe(true);
				expect(await again.getRefusedWords('c1')).toEqual(['chou']);
			});

		// Registered only for implementations that persist: nothing is skipped.
		if (target.reopen)
			it('keeps everything acknowledged across a reopen', async () => {
				const store = await withMeal();
				const doc = new Y.Doc();
				await store.createMember({ id: 'mb1', mealId: 'meal1', tokenHash: 't'.repeat(64), createdAt: 1 });
				await store.appendUpdate('meal1', 0, updateSetting(doc, 'a', '1'));
				const again = await target.reopen!(store);
				opened.push(again);
				expect(await again.getMeal('meal1')).toEqual(meal());
				expect((await again.getMemberByTokenHash('t'.repeat(64)))?.id).toBe('mb1');
				expect((await again.loadBoard('meal1')).seq).toBe(1);
			});

		if (target.reopen)
			it('keeps accounts, sessions and memberships across a reopen', async () => {
				const store = await withAdmin();
				await store.addMembership('admin1', 'c1');
				await store.createSession({
					id: 'a'.repeat(64),
					userId: 'admin1',
					createdAt: 1,
					expiresAt: 9e12,
					lastSeenAt: 1
				});
				const again = await target.reopen!(store);
				opened.push(again);
				expect((await again.getUserByEmail('chef@example.org'))?.id).toBe('admin1');
				expect((await again.getSession('a'.repeat(64), 2))?.userId).toBe('admin1');
				expect(await again.listMemberships('admin1')).toEqual(['c1']);
			});
	});
}
