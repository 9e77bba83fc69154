/** Contract: Canteens, meals, members and screen links (server/storage/meals.ts). */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { meal, updateSetting, useStorage, type StorageTarget } from './storage-target.ts';

export function mealsContract(name: string, target: StorageTarget) {
	describe(`meals repository: ${name}`, () => {
		const { open, reopen, withMeal } = useStorage(target);

		it('keeps canteens', async () => {
			const storage = await open();
			await storage.meals.createCanteen({ id: 'c2', name: 'Les Lilas', createdAt: 2 });
			await storage.meals.createCanteen({ id: 'c1', name: 'Canal', createdAt: 1 });
			expect(await storage.meals.getCanteen('c1')).toEqual({ id: 'c1', name: 'Canal', createdAt: 1 });
			expect(await storage.meals.getCanteen('nope')).toBeUndefined();
			expect((await storage.meals.listCanteens()).map((c) => c.id)).toEqual(['c1', 'c2']);
		});

		it('finds meals by id, join code and canteen', async () => {
			const storage = await withMeal();
			expect(await storage.meals.getMeal('meal1')).toEqual(meal());
			expect(await storage.meals.getMealByJoinCode('ABC234')).toEqual(meal());
			expect(await storage.meals.getMealByJoinCode('ZZZZZZ')).toBeUndefined();
			expect(await storage.meals.getMeal('nope')).toBeUndefined();
			expect((await storage.meals.listMeals('c1')).map((m) => m.id)).toEqual(['meal1']);
			expect(await storage.meals.listMeals('other')).toEqual([]);
		});

		it('keeps each meal’s summary, replaced as a whole, and lists meals with it', async () => {
			const storage = await withMeal();
			await storage.meals.createMeal(meal({ id: 'meal2', joinCode: 'XYZ789', createdAt: 2000 }));
			const plan = {
				durationMinutes: 90,
				menu: { dishes: [] },
				pricePerPlateCents: 350,
				capacity: 40
			};
			const summary = {
				title: 'Dîner',
				date: '2030-04-01',
				time: '19:30',
				status: 'cooking' as const,
				plan,
				joined: 12,
				checkedIn: 9
			};
			await storage.meals.updateSummary('meal1', summary);
			expect(await storage.meals.getMeal('meal1')).toEqual({ ...meal(), ...summary });
			expect((await storage.meals.listMeals('c1')).map((m) => [m.id, m.status, m.joined])).toEqual([
				['meal1', 'cooking', 12],
				['meal2', 'planned', 0]
			]);
			// A summary without a plan drops the plan; an unknown meal is left alone.
			const { plan: _dropped, ...noPlan } = summary;
			await storage.meals.updateSummary('meal1', { ...noPlan, status: 'closed' });
			expect(await storage.meals.getMealByJoinCode('ABC234')).toEqual({ ...meal(), ...noPlan, status: 'closed' });
			await storage.meals.updateSummary('nope', summary);
			expect(await storage.meals.getMeal('nope')).toBeUndefined();
			expect(await storage.meals.getMeal('meal2')).toEqual(meal({ id: 'meal2', joinCode: 'XYZ789', createdAt: 2000 }));
		});

		it('refuses a taken join code or meal id without changing the first meal', async () => {
			const storage = await withMeal();
			expect(await storage.meals.createMeal(meal({ id: 'meal2' }))).toEqual({ ok: false, reason: 'join_code_taken' });
			expect(await storage.meals.createMeal(meal({ joinCode: 'OTHER9' }))).toEqual({ ok: false, reason: 'exists' });
			expect(await storage.meals.getMeal('meal2')).toBeUndefined();
			expect(await storage.meals.getMealByJoinCode('ABC234')).toEqual(meal());
		});

		it('finds members by token hash only', async () => {
			const storage = await withMeal();
			const member = { id: 'mb1', mealId: 'meal1', tokenHash: 'h'.repeat(64), createdAt: 5 };
			await storage.meals.createMember(member);
			expect(await storage.meals.getMemberByTokenHash('h'.repeat(64))).toEqual(member);
			expect(await storage.meals.getMemberByTokenHash('x'.repeat(64))).toBeUndefined();
		});

		it('keeps a member’s device hash, found by token and by id', async () => {
			const storage = await withMeal();
			await storage.meals.createMember({ id: 'mb1', mealId: 'meal1', tokenHash: 't'.repeat(64), createdAt: 1 });
			await storage.meals.createMember({
				id: 'mb2',
				mealId: 'meal1',
				tokenHash: 'u'.repeat(64),
				createdAt: 2,
				deviceHash: 'd'.repeat(64)
			});
			expect(await storage.meals.getMember('mb1')).toEqual({
				id: 'mb1',
				mealId: 'meal1',
				tokenHash: 't'.repeat(64),
				createdAt: 1
			});
			expect((await storage.meals.getMemberByTokenHash('u'.repeat(64)))?.deviceHash).toBe('d'.repeat(64));
			expect((await storage.meals.getMember('mb2'))?.deviceHash).toBe('d'.repeat(64));
			expect(await storage.meals.getMember('nobody')).toBeUndefined();
		});

		// Planning: cancelling a meal nobody joined.
		it('deletes an unjoined meal with its board and prompt history, and frees its join code', async () => {
			const storage = await withMeal();
			expect(await storage.meals.createMeal(meal({ id: 'meal2', joinCode: 'XYZ234' }))).toEqual({ ok: true });
			const doc = new Y.Doc();
			await storage.boardLog.append('meal1', 0, updateSetting(doc, 'a', '1'));
			await storage.boardLog.append('meal1', 1, updateSetting(doc, 'b', '2'));
			await storage.boardLog.compact('meal1', 1, Y.encodeStateAsUpdate(doc));
			await storage.boardLog.append('meal2', 0, updateSetting(new Y.Doc(), 'c', '3'));
			await storage.prompts.recordPromptUse({
				canteenId: 'c1',
				promptId: 'p1',
				mealId: 'meal1',
				usedAt: 5,
				audience: []
			});
			await storage.prompts.recordPromptUse({
				canteenId: 'c1',
				promptId: 'p2',
				mealId: 'meal2',
				usedAt: 6,
				audience: []
			});

			expect(await storage.meals.deleteMealIfUnjoined('meal1')).toBe(true);
			expect(await storage.meals.getMeal('meal1')).toBeUndefined();
			expect(await storage.meals.getMealByJoinCode('ABC234')).toBeUndefined();
			expect((await storage.meals.listMeals('c1')).map((m) => m.id)).toEqual(['meal2']);
			expect(await storage.boardLog.load('meal1')).toEqual({ snapshot: null, snapshotSeq: 0, updates: [], seq: 0 });
			expect((await storage.prompts.listPromptHistory({ canteenId: 'c1', since: 0 })).map((u) => u.promptId)).toEqual([
				'p2'
			]);
			// The other meal is untouched, and the code can be given again.
			expect((await storage.boardLog.load('meal2')).seq).toBe(1);
			expect(await storage.meals.createMeal(meal({ id: 'meal3' }))).toEqual({ ok: true });
			expect(await storage.meals.deleteMealIfUnjoined('meal1')).toBe(false);
			expect(await storage.meals.deleteMealIfUnjoined('nope')).toBe(false);
		});

		it('never deletes a meal someone joined', async () => {
			const storage = await withMeal();
			await storage.boardLog.append('meal1', 0, updateSetting(new Y.Doc(), 'a', '1'));
			await storage.meals.createMember({ id: 'mb1', mealId: 'meal1', tokenHash: 't'.repeat(64), createdAt: 1 });
			expect(await storage.meals.deleteMealIfUnjoined('meal1')).toBe(false);
			expect(await storage.meals.getMeal('meal1')).toEqual(meal());
			expect((await storage.boardLog.load('meal1')).seq).toBe(1);
			expect((await storage.meals.getMember('mb1'))?.mealId).toBe('meal1');
		});

		if (reopen)
			it('keeps everything acknowledged across a reopen', async () => {
				const storage = await withMeal();
				const doc = new Y.Doc();
				await storage.meals.createMember({ id: 'mb1', mealId: 'meal1', tokenHash: 't'.repeat(64), createdAt: 1 });
				await storage.boardLog.append('meal1', 0, updateSetting(doc, 'a', '1'));
				await storage.meals.updateSummary('meal1', { ...meal(), status: 'open', joined: 1, checkedIn: 1 });
				const again = await reopen!(storage);
				expect(await again.meals.getMeal('meal1')).toEqual(meal({ status: 'open', joined: 1, checkedIn: 1 }));
				expect((await again.meals.getMemberByTokenHash('t'.repeat(64)))?.id).toBe('mb1');
				expect((await again.boardLog.load('meal1')).seq).toBe(1);
			});

		it('keeps issued screen links per meal until they are revoked', async () => {
			const storage = await withMeal();
			expect(await storage.meals.createMeal(meal({ id: 'meal2', joinCode: 'XYZ789' }))).toEqual({ ok: true });
			expect(await storage.meals.countScreenLinks('meal1')).toBe(0);
			expect(await storage.meals.revokeScreenLinks('meal1')).toBe(0);
			await storage.meals.createScreenLink({ keyHash: 'a'.repeat(64), mealId: 'meal1', createdAt: 5 });
			await storage.meals.createScreenLink({ keyHash: 'b'.repeat(64), mealId: 'meal1', createdAt: 6 });
			await storage.meals.createScreenLink({ keyHash: 'c'.repeat(64), mealId: 'meal2', createdAt: 7 });
			expect(await storage.meals.hasScreenLink('meal1', 'a'.repeat(64))).toBe(true);
			// A link opens only its own meal.
			expect(await storage.meals.hasScreenLink('meal2', 'a'.repeat(64))).toBe(false);
			expect(await storage.meals.hasScreenLink('meal1', 'd'.repeat(64))).toBe(false);
			expect(await storage.meals.countScreenLinks('meal1')).toBe(2);
			expect(await storage.meals.revokeScreenLinks('meal1')).toBe(2);
			expect(await storage.meals.hasScreenLink('meal1', 'a'.repeat(64))).toBe(false);
			expect(await storage.meals.hasScreenLink('meal1', 'b'.repeat(64))).toBe(false);
			expect(await storage.meals.countScreenLinks('meal1')).toBe(0);
			expect(await storage.meals.hasScreenLink('meal2', 'c'.repeat(64))).toBe(true);
		});

		it('rotates join codes by compare-and-set, keeping every code a meal had', async () => {
			const storage = await withMeal();
			const { meals } = storage;
			// The first code is the meal's own until a rotation.
			expect(await meals.currentJoinCode('meal1')).toEqual({ code: 'ABC234', mealId: 'meal1', issuedAt: 1000 });
			expect(await meals.currentJoinCode('nope')).toBeUndefined();
			expect(await meals.rotateJoinCode({ mealId: 'meal1', expected: 'ABC234', next: 'NEXT22', now: 5000 })).toEqual({
				ok: true
			});
			// A second rotation from the same view loses: someone else already rotated.
			expect(await meals.rotateJoinCode({ mealId: 'meal1', expected: 'ABC234', next: 'LOST33', now: 5000 })).toEqual({
				ok: false,
				reason: 'stale'
			});
			expect(await meals.currentJoinCode('meal1')).toEqual({ code: 'NEXT22', mealId: 'meal1', issuedAt: 5000 });
			expect(await meals.findJoinCode('ABC234')).toEqual({
				code: 'ABC234',
				mealId: 'meal1',
				issuedAt: 1000,
				retiredAt: 5000
			});
			expect(await meals.findJoinCode('LOST33')).toBeUndefined();
			expect(await meals.rotateJoinCode({ mealId: 'meal1', expected: 'NEXT22', next: 'THIRD4', now: 9000 })).toEqual({
				ok: true
			});
			expect(await meals.findJoinCode('NEXT22')).toEqual({
				code: 'NEXT22',
				mealId: 'meal1',
				issuedAt: 5000,
				retiredAt: 9000
			});
			// No code is ever given twice: not a first code, not a rotated one.
			expect(await meals.rotateJoinCode({ mealId: 'meal1', expected: 'THIRD4', next: 'ABC234', now: 9500 })).toEqual({
				ok: false,
				reason: 'join_code_taken'
			});
			expect(await meals.createMeal(meal({ id: 'meal2', joinCode: 'NEXT22' }))).toEqual({
				ok: false,
				reason: 'join_code_taken'
			});
			// Cancelling a meal nobody joined takes its codes with it.
			expect(await meals.deleteMealIfUnjoined('meal1')).toBe(true);
			expect(await meals.findJoinCode('THIRD4')).toBeUndefined();
		});
	});
}
