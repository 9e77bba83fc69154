/** Contract: Prompt history and a canteen's own prompts (server/storage/prompts.ts). */
import { describe, expect, it } from 'vitest';
import type { CanteenPromptRecord } from '../../../server/storage/storage.ts';
import { meal, useStorage, type StorageTarget } from './storage-target.ts';

export function promptsContract(name: string, target: StorageTarget) {
	describe(`prompts repository: ${name}`, () => {
		const { reopen, withMeal } = useStorage(target);

		it('records prompt uses per canteen and lists them since a time, oldest first', async () => {
			const storage = await withMeal();
			await storage.meals.createCanteen({ id: 'c2', name: 'Cantine du Port', createdAt: 1 });
			expect(await storage.meals.createMeal(meal({ id: 'meal2', canteenId: 'c2', joinCode: 'XYZ789' }))).toEqual({
				ok: true
			});
			expect(await storage.prompts.listPromptHistory({ canteenId: 'c1', since: 0 })).toEqual([]);
			const use = { canteenId: 'c1', mealId: 'meal1' };
			await storage.prompts.recordPromptUse({ ...use, promptId: 'p-late', usedAt: 300, audience: ['mb2'] });
			await storage.prompts.recordPromptUse({ ...use, promptId: 'p-old', usedAt: 100, audience: [] });
			await storage.prompts.recordPromptUse({ ...use, promptId: 'p-mid', usedAt: 200, audience: ['mb1', 'mb2'] });
			await storage.prompts.recordPromptUse({
				canteenId: 'c2',
				mealId: 'meal2',
				promptId: 'p-mid',
				usedAt: 250,
				audience: ['x']
			});

			expect(await storage.prompts.listPromptHistory({ canteenId: 'c1', since: 200 })).toEqual([
				{ ...use, promptId: 'p-mid', usedAt: 200, audience: ['mb1', 'mb2'] },
				{ ...use, promptId: 'p-late', usedAt: 300, audience: ['mb2'] }
			]);
			expect((await storage.prompts.listPromptHistory({ canteenId: 'c1', since: 0 })).map((u) => u.promptId)).toEqual([
				'p-old',
				'p-mid',
				'p-late'
			]);
			expect(await storage.prompts.listPromptHistory({ canteenId: 'c2', since: 0 })).toEqual([
				{ canteenId: 'c2', mealId: 'meal2', promptId: 'p-mid', usedAt: 250, audience: ['x'] }
			]);
			expect(await storage.prompts.listPromptHistory({ canteenId: 'c1', since: 301 })).toEqual([]);
		});

		if (reopen)
			it('keeps prompt history across a reopen', async () => {
				const storage = await withMeal();
				await storage.prompts.recordPromptUse({
					canteenId: 'c1',
					mealId: 'meal1',
					promptId: 'p1',
					usedAt: 5,
					audience: ['a']
				});
				const again = await reopen!(storage);
				expect(await again.prompts.listPromptHistory({ canteenId: 'c1', since: 0 })).toEqual([
					{ canteenId: 'c1', mealId: 'meal1', promptId: 'p1', usedAt: 5, audience: ['a'] }
				]);
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
			const storage = await withMeal();
			await storage.meals.createCanteen({ id: 'c2', name: 'Les Lilas', createdAt: 2 });
			expect(await storage.prompts.listCanteenPrompts('c1')).toEqual([]);
			await storage.prompts.createCanteenPrompt(ownPrompt());
			await storage.prompts.createCanteenPrompt(
				ownPrompt({ id: 'cp0', text: { fr: '', en: 'Your street market?' }, category: 'neighbourhood', createdAt: 10 })
			);
			await storage.prompts.createCanteenPrompt(ownPrompt({ id: 'cp9', canteenId: 'c2', keywords: [] }));
			expect(await storage.prompts.getCanteenPrompt('c1', 'cp1')).toEqual(ownPrompt());
			expect((await storage.prompts.listCanteenPrompts('c1')).map((p) => p.id)).toEqual(['cp0', 'cp1']);
			expect(await storage.prompts.listCanteenPrompts('c2')).toEqual([
				ownPrompt({ id: 'cp9', canteenId: 'c2', keywords: [] })
			]);
			// Another canteen's id finds nothing and changes nothing.
			expect(await storage.prompts.getCanteenPrompt('c1', 'cp9')).toBeUndefined();
			expect(await storage.prompts.getCanteenPrompt('c2', 'cp1')).toBeUndefined();
			expect(await storage.prompts.setCanteenPromptArchived('c2', 'cp1', true)).toBe(false);
			expect(
				await storage.prompts.updateCanteenPrompt('c2', 'cp1', {
					text: { fr: 'Pirate', en: '' },
					category: 'skills',
					phases: ['table'],
					keywords: []
				})
			).toBe(false);
			expect(await storage.prompts.getCanteenPrompt('c1', 'cp1')).toEqual(ownPrompt());
		});

		it('edits, archives and restores a canteen’s own prompt', async () => {
			const storage = await withMeal();
			await storage.prompts.createCanteenPrompt(ownPrompt());
			const fields = {
				text: { fr: 'Un tajine, une histoire ?', en: 'A tajine, a story?' },
				category: 'food-memories' as const,
				phases: ['washing-up' as const],
				keywords: ['tajine', 'carotte']
			};
			expect(await storage.prompts.updateCanteenPrompt('c1', 'cp1', fields)).toBe(true);
			expect(await storage.prompts.getCanteenPrompt('c1', 'cp1')).toEqual(ownPrompt(fields));
			expect(await storage.prompts.setCanteenPromptArchived('c1', 'cp1', true)).toBe(true);
			expect((await storage.prompts.getCanteenPrompt('c1', 'cp1'))?.archived).toBe(true);
			expect((await storage.prompts.listCanteenPrompts('c1')).map((p) => p.archived)).toEqual([true]);
			expect(await storage.prompts.setCanteenPromptArchived('c1', 'cp1', false)).toBe(true);
			expect(await storage.prompts.getCanteenPrompt('c1', 'cp1')).toEqual(ownPrompt(fields));
			expect(await storage.prompts.updateCanteenPrompt('c1', 'nope', fields)).toBe(false);
			expect(await storage.prompts.setCanteenPromptArchived('c1', 'nope', true)).toBe(false);
		});

		if (reopen)
			it('keeps own prompts and screen links across a reopen', async () => {
				const storage = await withMeal();
				await storage.prompts.createCanteenPrompt(ownPrompt({ archived: true }));
				await storage.meals.createScreenLink({ keyHash: 'a'.repeat(64), mealId: 'meal1', createdAt: 5 });
				const again = await reopen!(storage);
				expect(await again.prompts.getCanteenPrompt('c1', 'cp1')).toEqual(ownPrompt({ archived: true }));
				expect(await again.meals.hasScreenLink('meal1', 'a'.repeat(64))).toBe(true);
			});
	});
}
