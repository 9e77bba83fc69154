/**
 * The storage contract: every Store implementation runs this same suite, unchanged.
 * `open` returns a fresh, empty store; `reopen` (when the implementation persists)
 * returns a new connection to the same data, to prove what was acknowledged stays.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type {
	CanteenPromptRecord,
	InvitationRecord,
	ProfileRecord,
	MealRecord,
	SeriesRecord,
	Store,
	UserRecord
} from '../../server/storage/store.ts';
import type { TaskTemplate } from '../../src/lib/domain/templates.ts';

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

		// A canteen's own prompts and issued kitchen-screen links.
		const ownPrompt = (over: Partial<CanteenPromptRecord> = {}): CanteenPromptRecord => ({
			id: 'cp1',
			canteenId: 'c1',
			text: { fr: 'Qui a déjà fait un tajine ?', en: '' },
			category: 'menu',
			phases: ['cooking', 'table'],
			keywords: ['tajine'],
			createdBy: 'u1',
			createdAt: 20,
			archived: false,
			...over
		});

		it('keeps each canteen’s own prompts, listed oldest first, found only with their canteen', async () => {
			const store = await withMeal();
			await store.createCanteen({ id: 'c2', name: 'Les Lilas', createdAt: 2 });
			expect(await store.listCanteenPrompts('c1')).toEqual([]);
			await store.createCanteenPrompt(ownPrompt());
			await store.createCanteenPrompt(
				ownPrompt({ id: 'cp0', text: { fr: '', en: 'Your street market?' }, category: 'neighbourhood', createdAt: 10 })
			);
			await store.createCanteenPrompt(ownPrompt({ id: 'cp9', canteenId: 'c2', keywords: [] }));
			expect(await store.getCanteenPrompt('c1', 'cp1')).toEqual(ownPrompt());
			expect((await store.listCanteenPrompts('c1')).map((p) => p.id)).toEqual(['cp0', 'cp1']);
			expect(await store.listCanteenPrompts('c2')).toEqual([ownPrompt({ id: 'cp9', canteenId: 'c2', keywords: [] })]);
			// Another canteen's id finds nothing and changes nothing.
			expect(await store.getCanteenPrompt('c1', 'cp9')).toBeUndefined();
			expect(await store.getCanteenPrompt('c2', 'cp1')).toBeUndefined();
			expect(await store.setCanteenPromptArchived('c2', 'cp1', true)).toBe(false);
			expect(
				await store.updateCanteenPrompt('c2', 'cp1', {
					text: { fr: 'Pirate', en: '' },
					category: 'skills',
					phases: ['table'],
					keywords: []
				})
			).toBe(false);
			expect(await store.getCanteenPrompt('c1', 'cp1')).toEqual(ownPrompt());
		});

		it('edits, archives and restores a canteen’s own prompt', async () => {
			const store = await withMeal();
			await store.createCanteenPrompt(ownPrompt());
			const fields = {
				text: { fr: 'Un tajine, une histoire ?', en: 'A tajine, a story?' },
				category: 'food-memories' as const,
				phases: ['washing-up' as const],
				keywords: ['tajine', 'carotte']
			};
			expect(await store.updateCanteenPrompt('c1', 'cp1', fields)).toBe(true);
			expect(await store.getCanteenPrompt('c1', 'cp1')).toEqual(ownPrompt(fields));
			expect(await store.setCanteenPromptArchived('c1', 'cp1', true)).toBe(true);
			expect((await store.getCanteenPrompt('c1', 'cp1'))?.archived).toBe(true);
			expect((await store.listCanteenPrompts('c1')).map((p) => p.archived)).toEqual([true]);
			expect(await store.setCanteenPromptArchived('c1', 'cp1', false)).toBe(true);
			expect(await store.getCanteenPrompt('c1', 'cp1')).toEqual(ownPrompt(fields));
			expect(await store.updateCanteenPrompt('c1', 'nope', fields)).toBe(false);
			expect(await store.setCanteenPromptArchived('c1', 'nope', true)).toBe(false);
		});

		it('keeps issued screen links per meal until they are revoked', async () => {
			const store = await withMeal();
			expect(await store.createMeal(meal({ id: 'meal2', joinCode: 'XYZ789' }))).toEqual({ ok: true });
			expect(await store.countScreenLinks('meal1')).toBe(0);
			expect(await store.revokeScreenLinks('meal1')).toBe(0);
			await store.createScreenLink({ keyHash: 'a'.repeat(64), mealId: 'meal1', createdAt: 5 });
			await store.createScreenLink({ keyHash: 'b'.repeat(64), mealId: 'meal1', createdAt: 6 });
			await store.createScreenLink({ keyHash: 'c'.repeat(64), mealId: 'meal2', createdAt: 7 });
			expect(await store.hasScreenLink('meal1', 'a'.repeat(64))).toBe(true);
			// A link opens only its own meal.
			expect(await store.hasScreenLink('meal2', 'a'.repeat(64))).toBe(false);
			expect(await store.hasScreenLink('meal1', 'd'.repeat(64))).toBe(false);
			expect(await store.countScreenLinks('meal1')).toBe(2);
			expect(await store.revokeScreenLinks('meal1')).toBe(2);
			expect(await store.hasScreenLink('meal1', 'a'.repeat(64))).toBe(false);
			expect(await store.hasScreenLink('meal1', 'b'.repeat(64))).toBe(false);
			expect(await store.countScreenLinks('meal1')).toBe(0);
			expect(await store.hasScreenLink('meal2', 'c'.repeat(64))).toBe(true);
		});

		if (target.reopen)
			it('keeps own prompts and screen links across a reopen', async () => {
				const store = await withMeal();
				await store.createCanteenPrompt(ownPrompt({ archived: true }));
				await store.createScreenLink({ keyHash: 'a'.repeat(64), mealId: 'meal1', createdAt: 5 });
				const again = await target.reopen!(store);
				opened.push(again);
				expect(await again.getCanteenPrompt('c1', 'cp1')).toEqual(ownPrompt({ archived: true }));
				expect(await again.hasScreenLink('meal1', 'a'.repeat(64))).toBe(true);
			});
		// People: profiles per canteen and key, introductions, visits by device.
		describe('people', () => {
			const profile = (over: Partial<ProfileRecord> = {}): ProfileRecord => ({
				canteenId: 'c1',
				key: 'd:' + 'a'.repeat(64),
				consentAt: 10,
				facts: [{ id: 'f1', kind: 'past-trade', text: 'couturière', tags: ['sewing'] }],
				languages: ['fr', 'ar'],
				ageBracket: '61-75',
				updatedAt: 11,
				...over
			});

			it('keeps, replaces and lists profiles per canteen and key', async () => {
				const store = await withMeal();
				await store.createCanteen({ id: 'c2', name: 'Les Lilas', createdAt: 2 });
				expect(await store.getProfile('c1', profile().key)).toBeUndefined();
				await store.putProfile(profile());
				await store.putProfile(profile({ key: 'm:m_2', facts: [], languages: [], ageBracket: undefined }));
				expect(await store.getProfile('c1', profile().key)).toEqual(profile());
				expect(await store.getProfile('c2', profile().key)).toBeUndefined();
				const { ageBracket: _none, ...noBracket } = profile({ key: 'm:m_2', facts: [], languages: [] });
				expect(await store.getProfile('c1', 'm:m_2')).toEqual(noBracket);

				await store.putProfile(profile({ languages: ['es'], updatedAt: 20 }));
				expect(await store.getProfile('c1', profile().key)).toMatchObject({ languages: ['es'], updatedAt: 20 });
				expect((await store.listProfiles('c1', ['m:m_2', profile().key, 'm:nobody'])).map((p) => p.key)).toEqual(
					[profile().key, 'm:m_2'].sort()
				);
				expect(await store.listProfiles('c1', [])).toEqual([]);
				expect(await store.listProfiles('c2', [profile().key])).toEqual([]);
			});

			it('deletes a profile, and only that one', async () => {
				const store = await withMeal();
				await store.putProfile(profile());
				await store.putProfile(profile({ key: 'm:m_2' }));
				expect(await store.deleteProfile('c1', profile().key)).toBe(true);
				expect(await store.deleteProfile('c1', profile().key)).toBe(false);
				expect(await store.getProfile('c1', profile().key)).toBeUndefined();
				expect(await store.listProfiles('c1', [profile().key])).toEqual([]);
				expect(await store.getProfile('c1', 'm:m_2')).toEqual(profile({ key: 'm:m_2' }));
			});

			it('lists introductions per canteen since a time, oldest first', async () => {
				const store = await withMeal();
				await store.createCanteen({ id: 'c2', name: 'Les Lilas', createdAt: 2 });
				await store.createMeal(meal({ id: 'meal2', canteenId: 'c2', joinCode: 'OTHER9' }));
				await store.recordIntroduction({ canteenId: 'c1', a: 'd:x', b: 'd:y', mealId: 'meal1', at: 30 });
				await store.recordIntroduction({ canteenId: 'c1', a: 'd:x', b: 'm:z', mealId: 'meal1', at: 10 });
				await store.recordIntroduction({ canteenId: 'c2', a: 'd:x', b: 'd:y', mealId: 'meal2', at: 20 });
				expect(await store.listIntroductions({ canteenId: 'c1', since: 0 })).toEqual([
					{ canteenId: 'c1', a: 'd:x', b: 'm:z', mealId: 'meal1', at: 10 },
					{ canteenId: 'c1', a: 'd:x', b: 'd:y', mealId: 'meal1', at: 30 }
				]);
				expect((await store.listIntroductions({ canteenId: 'c1', since: 30 })).map((i) => i.at)).toEqual([30]);
				expect(await store.listIntroductions({ canteenId: 'c3', since: 0 })).toEqual([]);
			});

			it('lists the meals of a canteen each device came to, and the members of a meal', async () => {
				const store = await withMeal();
				await store.createMeal(meal({ id: 'meal2', joinCode: 'SECOND2', createdAt: 2000 }));
				await store.createCanteen({ id: 'c2', name: 'Les Lilas', createdAt: 2 });
				await store.createMeal(meal({ id: 'meal3', canteenId: 'c2', joinCode: 'THIRD3' }));
				const d1 = '1'.repeat(64);
				const d2 = '2'.repeat(64);
				const add = (id: string, mealId: string, createdAt: number, deviceHash?: string) =>
					store.createMember({
						id,
						mealId,
						tokenHash: id.padEnd(64, 't'),
						createdAt,
						...(deviceHash ? { deviceHash } : {})
					});
				await add('a1', 'meal1', 100, d1);
				await add('a2', 'meal1', 150, d1); // the same phone joined twice: one visit
				await add('a3', 'meal2', 300, d1);
				await add('b1', 'meal2', 200, d2);
				await add('c1x', 'meal3', 50, d1); // another canteen
				await add('n1', 'meal1', 120);
				expect(await store.listDeviceVisits('c1', [d1, d2, '9'.repeat(64)])).toEqual([
					{ deviceHash: d1, mealId: 'meal1', at: 100 },
					{ deviceHash: d2, mealId: 'meal2', at: 200 },
					{ deviceHash: d1, mealId: 'meal2', at: 300 }
				]);
				expect(await store.listDeviceVisits('c1', [])).toEqual([]);
				expect(await store.listDeviceVisits('c2', [d2])).toEqual([]);
				expect((await store.listMealMembers('meal1')).map((m) => [m.id, m.deviceHash])).toEqual([
					['a1', d1],
					['n1', undefined],
					['a2', d1]
				]);
				expect(await store.listMealMembers('nope')).toEqual([]);
			});

			if (target.reopen)
				it('keeps profiles and introductions across a reopen, and not a deleted profile', async () => {
					const store = await withMeal();
					await store.putProfile(profile());
					await store.putProfile(profile({ key: 'm:gone' }));
					await store.deleteProfile('c1', 'm:gone');
					await store.recordIntroduction({ canteenId: 'c1', a: 'd:x', b: 'd:y', mealId: 'meal1', at: 30 });
					const again = await target.reopen!(store);
					opened.push(again);
					expect(await again.getProfile('c1', profile().key)).toEqual(profile());
					expect(await again.getProfile('c1', 'm:gone')).toBeUndefined();
					expect(await again.listIntroductions({ canteenId: 'c1', since: 0 })).toHaveLength(1);
				});
		});
		// ── Planning: task templates and recurring series ──

		const template = (over: Partial<TaskTemplate> = {}): TaskTemplate => ({
			id: 'tp1',
			canteenId: 'c1',
			kind: 'cooking',
			title: { fr: 'Éplucher', en: 'Peel' },
			slots: 3,
			phase: 'before',
			icon: '🥕',
			order: 0,
			...over
		});

		const series = (over: Partial<SeriesRecord> = {}): SeriesRecord => ({
			id: 's1',
			canteenId: 'c1',
			rule: { weekdays: [2, 4], time: '12:00', startDate: '2030-03-25', skipDates: ['2030-04-02'] },
			defaults: { title: 'Déjeuner', durationMinutes: 90, capacity: 40, pricePerPlateCents: 350 },
			paused: false,
			createdBy: 'u1',
			createdAt: 10,
			...over
		});

		async function withCanteens() {
			const store = await open();
			await store.createCanteen({ id: 'c1', name: 'Canal', createdAt: 1 });
			await store.createCanteen({ id: 'c2', name: 'Lilas', createdAt: 2 });
			return store;
		}

		it('lists a canteen’s task templates in board order: phase, then order, then id', async () => {
			const store = await withCanteens();
			expect(await store.listTaskTemplates('c1')).toEqual([]);
			await store.createTaskTemplate(template({ id: 'wash', phase: 'after', order: 0 }));
			await store.createTaskTemplate(template({ id: 'b', phase: 'before', order: 1 }));
			await store.createTaskTemplate(template({ id: 'a', phase: 'before', order: 1 }));
			await store.createTaskTemplate(template({ id: 'first', phase: 'before', order: 0 }));
			await store.createTaskTemplate(template({ id: 'welcome', phase: 'during', order: 7 }));
			await store.createTaskTemplate(template({ id: 'other', canteenId: 'c2' }));
			expect((await store.listTaskTemplates('c1')).map((t) => t.id)).toEqual(['first', 'a', 'b', 'welcome', 'wash']);
			expect(await store.listTaskTemplates('c2')).toEqual([template({ id: 'other', canteenId: 'c2' })]);
		});

		it('updates and deletes a template only within its canteen', async () => {
			const store = await withCanteens();
			await store.createTaskTemplate(template());
			const edited = template({ kind: 'dishes', title: { fr: 'Laver', en: '' }, slots: 2, phase: 'after', icon: '🧽' });
			expect(await store.updateTaskTemplate({ ...edited, canteenId: 'c2' })).toBe(false);
			expect(await store.listTaskTemplates('c1')).toEqual([template()]);
			expect(await store.updateTaskTemplate(edited)).toBe(true);
			expect(await store.listTaskTemplates('c1')).toEqual([edited]);
			expect(await store.updateTaskTemplate(template({ id: 'nope' }))).toBe(false);
			expect(await store.deleteTaskTemplate('c2', 'tp1')).toBe(false);
			expect(await store.deleteTaskTemplate('c1', 'tp1')).toBe(true);
			expect(await store.deleteTaskTemplate('c1', 'tp1')).toBe(false);
			expect(await store.listTaskTemplates('c1')).toEqual([]);
		});

		it('seeds a template set once, never over a set started by hand, even when asked twice at once', async () => {
			const store = await withCanteens();
			const set = [template({ id: 'x1' }), template({ id: 'x2', order: 1 })];
			const results = await Promise.all([
				store.seedTaskTemplates('c1', set),
				store.seedTaskTemplates('c1', [template({ id: 'y1' })])
			]);
			expect(results.filter(Boolean)).toHaveLength(1);
			expect((await store.listTaskTemplates('c1')).length).toBeGreaterThan(0);
			// A set emptied by hand stays empty: it is not seeded again.
			for (const t of await store.listTaskTemplates('c1')) await store.deleteTaskTemplate('c1', t.id);
			expect(await store.seedTaskTemplates('c1', set)).toBe(false);
			expect(await store.listTaskTemplates('c1')).toEqual([]);
			// A canteen whose first template was added by hand is not seeded either.
			await store.createTaskTemplate(template({ id: 'own', canteenId: 'c2' }));
			expect(await store.seedTaskTemplates('c2', set)).toBe(false);
			expect((await store.listTaskTemplates('c2')).map((t) => t.id)).toEqual(['own']);
		});

		it('reorders templates all or nothing', async () => {
			const store = await withCanteens();
			for (const [i, id] of ['a', 'b', 'c'].entries()) await store.createTaskTemplate(template({ id, order: i }));
			await store.createTaskTemplate(template({ id: 'theirs', canteenId: 'c2' }));
			expect(await store.reorderTaskTemplates('c1', ['c', 'a', 'b'])).toBe(true);
			expect((await store.listTaskTemplates('c1')).map((t) => [t.id, t.order])).toEqual([
				['c', 0],
				['a', 1],
				['b', 2]
			]);
			// Another canteen's template, an unknown id or a repeat: refused, nothing moved.
			expect(await store.reorderTaskTemplates('c1', ['b', 'theirs'])).toBe(false);
			expect(await store.reorderTaskTemplates('c1', ['b', 'nope'])).toBe(false);
			expect(await store.reorderTaskTemplates('c1', ['b', 'b'])).toBe(false);
			expect((await store.listTaskTemplates('c1')).map((t) => t.id)).toEqual(['c', 'a', 'b']);
		});

		it('replaces a canteen’s whole set in one step', async () => {
			const store = await withCanteens();
			await store.createTaskTemplate(template({ id: 'old' }));
			await store.createTaskTemplate(template({ id: 'keep', canteenId: 'c2' }));
			await store.replaceTaskTemplates('c1', [template({ id: 'n1' }), template({ id: 'n2', phase: 'after' })]);
			expect((await store.listTaskTemplates('c1')).map((t) => t.id)).toEqual(['n1', 'n2']);
			expect((await store.listTaskTemplates('c2')).map((t) => t.id)).toEqual(['keep']);
			// A replaced set counts as started: seeding does not add to it.
			await store.replaceTaskTemplates('c1', []);
			expect(await store.seedTaskTemplates('c1', [template({ id: 'n3' })])).toBe(false);
			expect(await store.listTaskTemplates('c1')).toEqual([]);
		});

		it('keeps series per canteen, updates and deletes them within their canteen', async () => {
			const store = await withCanteens();
			await store.createSeries(series());
			await store.createSeries(series({ id: 's0', createdAt: 5, paused: true }));
			await store.createSeries(series({ id: 's2', canteenId: 'c2', createdAt: 20 }));
			expect(await store.getSeries('s1')).toEqual(series());
			expect(await store.getSeries('nope')).toBeUndefined();
			expect((await store.listSeries('c1')).map((s) => s.id)).toEqual(['s0', 's1']);
			expect((await store.listActiveSeries()).map((s) => s.id)).toEqual(['s1', 's2']);

			const menu = { dishes: [] };
			const edited = series({
				rule: { weekdays: [1], time: '19:30', startDate: '2030-04-01', endDate: '2030-06-30' },
				defaults: { title: 'Dîner', durationMinutes: 120, capacity: 20, pricePerPlateCents: 0, menu },
				paused: true
			});
			expect(await store.updateSeries({ ...edited, canteenId: 'c2' })).toBe(false);
			expect(await store.getSeries('s1')).toEqual(series());
			expect(await store.updateSeries(edited)).toBe(true);
			expect(await store.getSeries('s1')).toEqual(edited);
			expect((await store.listActiveSeries()).map((s) => s.id)).toEqual(['s2']);

			expect(await store.deleteSeries('c2', 's1')).toBe(false);
			expect(await store.deleteSeries('c1', 's1')).toBe(true);
			expect(await store.deleteSeries('c1', 's1')).toBe(false);
			expect(await store.getSeries('s1')).toBeUndefined();
		});

		it('claims a series date once, records its meal, and lists claims by date', async () => {
			const store = await withMeal();
			await store.createSeries(series());
			const claim = { seriesId: 's1', at: 100, staleBefore: 0 };
			expect(await store.claimSeriesDate({ ...claim, date: '2030-03-28' })).toBe(true);
			expect(await store.claimSeriesDate({ ...claim, date: '2030-03-26' })).toBe(true);
			expect(await store.claimSeriesDate({ ...claim, date: '2030-03-26', at: 101 })).toBe(false);
			expect(await store.recordSeriesMeal({ seriesId: 's1', date: '2030-03-26', claimedAt: 99, mealId: 'meal1' })).toBe(
				false
			);
			expect(
				await store.recordSeriesMeal({ seriesId: 's1', date: '2030-03-26', claimedAt: 100, mealId: 'meal1' })
			).toBe(true);
			expect(await store.listSeriesDates('s1')).toEqual([
				{ seriesId: 's1', date: '2030-03-26', mealId: 'meal1', claimedAt: 100, cancelled: false },
				{ seriesId: 's1', date: '2030-03-28', mealId: null, claimedAt: 100, cancelled: false }
			]);
			expect(await store.listSeriesDates('nope')).toEqual([]);
		});

		it('gives a series date to exactly one of many concurrent claims', async () => {
			const store = await withCanteens();
			await store.createSeries(series());
			const results = await Promise.all(
				Array.from({ length: 20 }, (_, i) =>
					store.claimSeriesDate({ seriesId: 's1', date: '2030-03-26', at: 100 + i, staleBefore: 0 })
				)
			);
			expect(results.filter(Boolean)).toHaveLength(1);
			expect(await store.listSeriesDates('s1')).toHaveLength(1);
		});

		it('lets a claim that never got its meal be taken again once stale, never one with a meal', async () => {
			const store = await withMeal();
			await store.createSeries(series());
			const date = '2030-03-26';
			expect(await store.claimSeriesDate({ seriesId: 's1', date, at: 100, staleBefore: 0 })).toBe(true);
			// Not stale yet: another process must wait.
			expect(await store.claimSeriesDate({ seriesId: 's1', date, at: 150, staleBefore: 100 })).toBe(false);
			// Stale: one of two concurrent retakes wins, and the first holder can no longer record.
			const retakes = await Promise.all([
				store.claimSeriesDate({ seriesId: 's1', date, at: 700, staleBefore: 600 }),
				store.claimSeriesDate({ seriesId: 's1', date, at: 701, staleBefore: 601 })
			]);
			expect(retakes.filter(Boolean)).toHaveLength(1);
			const holder = (await store.listSeriesDates('s1'))[0]!.claimedAt;
			expect(await store.recordSeriesMeal({ seriesId: 's1', date, claimedAt: 100, mealId: 'meal1' })).toBe(false);
			expect(await store.recordSeriesMeal({ seriesId: 's1', date, claimedAt: holder, mealId: 'meal1' })).toBe(true);
			expect(await store.claimSeriesDate({ seriesId: 's1', date, at: 9e12, staleBefore: 9e12 })).toBe(false);
			expect(await store.listSeriesDates('s1')).toEqual([
				{ seriesId: 's1', date, mealId: 'meal1', claimedAt: holder, cancelled: false }
			]);
		});

		it("keeps a cancelled series meal's date claimed for good, and deletes what named the meal", async () => {
			const store = await withMeal();
			await store.createSeries(series());
			const date = '2030-03-26';
			expect(await store.claimSeriesDate({ seriesId: 's1', date, at: 100, staleBefore: 0 })).toBe(true);
			expect(await store.recordSeriesMeal({ seriesId: 's1', date, claimedAt: 100, mealId: 'meal1' })).toBe(true);
			await store.createScreenLink({ keyHash: 'k'.repeat(64), mealId: 'meal1', createdAt: 1 });
			expect(await store.deleteMealIfUnjoined('meal1')).toBe(true);
			expect(await store.hasScreenLink('meal1', 'k'.repeat(64))).toBe(false);
			expect(await store.listSeriesDates('s1')).toEqual([
				{ seriesId: 's1', date, mealId: null, claimedAt: 100, cancelled: true }
			]);
			// However stale the claim looks, the date does not get a second meal.
			expect(await store.claimSeriesDate({ seriesId: 's1', date, at: 9e12, staleBefore: 9e12 })).toBe(false);
		});

		it('claims no date of a paused or unknown series, and forgets a deleted series’ claims', async () => {
			const store = await withCanteens();
			await store.createSeries(series({ paused: true }));
			const claim = { seriesId: 's1', date: '2030-03-26', at: 100, staleBefore: 0 };
			expect(await store.claimSeriesDate(claim)).toBe(false);
			expect(await store.claimSeriesDate({ ...claim, seriesId: 'nope' })).toBe(false);
			await store.updateSeries(series());
			expect(await store.claimSeriesDate(claim)).toBe(true);
			await store.deleteSeries('c1', 's1');
			expect(await store.listSeriesDates('s1')).toEqual([]);
			expect(await store.claimSeriesDate(claim)).toBe(false);
		});

		if (target.reopen)
			it('keeps templates, series and claimed dates across a reopen', async () => {
				const store = await withCanteens();
				await store.createTaskTemplate(template());
				await store.createSeries(series());
				await store.claimSeriesDate({ seriesId: 's1', date: '2030-03-26', at: 100, staleBefore: 0 });
				const again = await target.reopen!(store);
				opened.push(again);
				expect(await again.listTaskTemplates('c1')).toEqual([template()]);
				expect(await again.getSeries('s1')).toEqual(series());
				expect((await again.listSeriesDates('s1')).map((d) => d.date)).toEqual(['2030-03-26']);
				expect(await again.claimSeriesDate({ seriesId: 's1', date: '2030-03-26', at: 200, staleBefore: 0 })).toBe(
					false
				);
			});
	});
}
