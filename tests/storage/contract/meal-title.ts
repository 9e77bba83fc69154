/** Contract: a meal's English title in its summary (server/storage/meals.ts). */
import { describe, expect, it } from 'vitest';
import { meal, useStorage, type StorageTarget } from './storage-target.ts';

export function mealTitleContract(name: string, target: StorageTarget) {
	describe(`meal titles in English: ${name}`, () => {
		const { withMeal } = useStorage(target);

		it('keeps the English title with the meal, changes it with the summary, and clears it', async () => {
			const storage = await withMeal();
			const record = meal({ id: 'meal2', joinCode: 'XYZ789', titleEn: 'Thursday dinner' });
			expect(await storage.meals.createMeal(record)).toEqual({ ok: true });
			expect(await storage.meals.getMeal('meal2')).toEqual(record);
			// A meal without one reads without the field.
			expect(await storage.meals.getMeal('meal1')).not.toHaveProperty('titleEn');

			const {
				id: _id,
				canteenId: _c,
				joinCode: _j,
				masterKeyHash: _m,
				screenKeyHash: _s,
				createdAt: _t,
				...summary
			} = record;
			await storage.meals.updateSummary('meal2', { ...summary, titleEn: 'Thursday supper' });
			expect((await storage.meals.listMeals('c1')).find((m) => m.id === 'meal2')?.titleEn).toBe('Thursday supper');
			const { titleEn: _dropped, ...withoutEnglish } = summary;
			await storage.meals.updateSummary('meal2', withoutEnglish);
			expect(await storage.meals.getMeal('meal2')).not.toHaveProperty('titleEn');
		});
	});
}
