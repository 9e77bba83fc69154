/** Contract: the plan page's kitchen-screen key, kept and re-issued (server/storage/meals.ts). */
import { describe, expect, it } from 'vitest';
import { meal, useStorage, type StorageTarget } from './storage-target.ts';

export function screenKeysContract(name: string, target: StorageTarget) {
	describe(`kitchen-screen keys: ${name}`, () => {
		const { withMeal } = useStorage(target);

		it('keeps the key, replaces the meal’s key hash and revokes every issued link in one call', async () => {
			const storage = await withMeal();
			expect(await storage.meals.createMeal(meal({ id: 'meal2', joinCode: 'XYZ789' }))).toEqual({ ok: true });
			expect(await storage.meals.getScreenKey('meal1')).toBeUndefined();
			await storage.meals.createScreenLink({ keyHash: 'a'.repeat(64), mealId: 'meal1', createdAt: 5 });
			await storage.meals.createScreenLink({ keyHash: 'c'.repeat(64), mealId: 'meal2', createdAt: 7 });

			expect(await storage.meals.setScreenKey('meal1', { key: 'first-key', keyHash: 'f'.repeat(64), at: 10 })).toBe(
				true
			);
			expect(await storage.meals.getScreenKey('meal1')).toBe('first-key');
			expect((await storage.meals.getMeal('meal1'))?.screenKeyHash).toBe('f'.repeat(64));
			expect(await storage.meals.hasScreenLink('meal1', 'a'.repeat(64))).toBe(false);
			// Another meal keeps its key and links.
			expect(await storage.meals.getScreenKey('meal2')).toBeUndefined();
			expect(await storage.meals.hasScreenLink('meal2', 'c'.repeat(64))).toBe(true);

			expect(await storage.meals.setScreenKey('meal1', { key: 'second-key', keyHash: 'e'.repeat(64), at: 20 })).toBe(
				true
			);
			expect(await storage.meals.getScreenKey('meal1')).toBe('second-key');
			expect((await storage.meals.getMeal('meal1'))?.screenKeyHash).toBe('e'.repeat(64));
			expect(await storage.meals.setScreenKey('nope', { key: 'x', keyHash: 'd'.repeat(64), at: 30 })).toBe(false);
			expect(await storage.meals.getScreenKey('nope')).toBeUndefined();
		});

		it('goes with its meal when an unjoined meal is deleted', async () => {
			const storage = await withMeal();
			expect(await storage.meals.setScreenKey('meal1', { key: 'k', keyHash: 'f'.repeat(64), at: 10 })).toBe(true);
			expect(await storage.meals.deleteMealIfUnjoined('meal1')).toBe(true);
			expect(await storage.meals.getScreenKey('meal1')).toBeUndefined();
		});
	});
}
