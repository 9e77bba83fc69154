/** Contract: Profiles, introductions and visits by device (server/storage/people.ts). */
import { describe, expect, it } from 'vitest';
import type { ProfileRecord } from '../../../server/storage/storage.ts';
import { meal, useStorage, type StorageTarget } from './storage-target.ts';

export function peopleContract(name: string, target: StorageTarget) {
	describe(`people repository: ${name}`, () => {
		const { reopen, withMeal } = useStorage(target);

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
			const storage = await withMeal();
			await storage.meals.createCanteen({ id: 'c2', name: 'Les Lilas', createdAt: 2 });
			expect(await storage.people.getProfile('c1', profile().key)).toBeUndefined();
			await storage.people.putProfile(profile());
			await storage.people.putProfile(profile({ key: 'm:m_2', facts: [], languages: [], ageBracket: undefined }));
			expect(await storage.people.getProfile('c1', profile().key)).toEqual(profile());
			expect(await storage.people.getProfile('c2', profile().key)).toBeUndefined();
			const { ageBracket: _none, ...noBracket } = profile({ key: 'm:m_2', facts: [], languages: [] });
			expect(await storage.people.getProfile('c1', 'm:m_2')).toEqual(noBracket);

			await storage.people.putProfile(profile({ languages: ['es'], updatedAt: 20 }));
			expect(await storage.people.getProfile('c1', profile().key)).toMatchObject({
				languages: ['es'],
				updatedAt: 20
			});
			expect((await storage.people.listProfiles('c1', ['m:m_2', profile().key, 'm:nobody'])).map((p) => p.key)).toEqual(
				[profile().key, 'm:m_2'].sort()
			);
			expect(await storage.people.listProfiles('c1', [])).toEqual([]);
			expect(await storage.people.listProfiles('c2', [profile().key])).toEqual([]);
		});

		it('deletes a profile, and only that one', async () => {
			const storage = await withMeal();
			await storage.people.putProfile(profile());
			await storage.people.putProfile(profile({ key: 'm:m_2' }));
			expect(await storage.people.deleteProfile('c1', profile().key)).toBe(true);
			expect(await storage.people.deleteProfile('c1', profile().key)).toBe(false);
			expect(await storage.people.getProfile('c1', profile().key)).toBeUndefined();
			expect(await storage.people.listProfiles('c1', [profile().key])).toEqual([]);
			expect(await storage.people.getProfile('c1', 'm:m_2')).toEqual(profile({ key: 'm:m_2' }));
		});

		it('lists introductions per canteen since a time, oldest first', async () => {
			const storage = await withMeal();
			await storage.meals.createCanteen({ id: 'c2', name: 'Les Lilas', createdAt: 2 });
			await storage.meals.createMeal(meal({ id: 'meal2', canteenId: 'c2', joinCode: 'OTHER9' }));
			await storage.people.recordIntroduction({ canteenId: 'c1', a: 'd:x', b: 'd:y', mealId: 'meal1', at: 30 });
			await storage.people.recordIntroduction({ canteenId: 'c1', a: 'd:x', b: 'm:z', mealId: 'meal1', at: 10 });
			await storage.people.recordIntroduction({ canteenId: 'c2', a: 'd:x', b: 'd:y', mealId: 'meal2', at: 20 });
			expect(await storage.people.listIntroductions({ canteenId: 'c1', since: 0 })).toEqual([
				{ canteenId: 'c1', a: 'd:x', b: 'm:z', mealId: 'meal1', at: 10 },
				{ canteenId: 'c1', a: 'd:x', b: 'd:y', mealId: 'meal1', at: 30 }
			]);
			expect((await storage.people.listIntroductions({ canteenId: 'c1', since: 30 })).map((i) => i.at)).toEqual([30]);
			expect(await storage.people.listIntroductions({ canteenId: 'c3', since: 0 })).toEqual([]);
		});

		it('lists the meals of a canteen each device came to, and the members of a meal', async () => {
			const storage = await withMeal();
			await storage.meals.createMeal(meal({ id: 'meal2', joinCode: 'SECOND2', createdAt: 2000 }));
			await storage.meals.createCanteen({ id: 'c2', name: 'Les Lilas', createdAt: 2 });
			await storage.meals.createMeal(meal({ id: 'meal3', canteenId: 'c2', joinCode: 'THIRD3' }));
			const d1 = '1'.repeat(64);
			const d2 = '2'.repeat(64);
			const add = (id: string, mealId: string, createdAt: number, deviceHash?: string) =>
				storage.meals.createMember({
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
			expect(await storage.people.listDeviceVisits('c1', [d1, d2, '9'.repeat(64)])).toEqual([
				{ deviceHash: d1, mealId: 'meal1', at: 100 },
				{ deviceHash: d2, mealId: 'meal2', at: 200 },
				{ deviceHash: d1, mealId: 'meal2', at: 300 }
			]);
			expect(await storage.people.listDeviceVisits('c1', [])).toEqual([]);
			expect(await storage.people.listDeviceVisits('c2', [d2])).toEqual([]);
			expect((await storage.meals.listMealMembers('meal1')).map((m) => [m.id, m.deviceHash])).toEqual([
				['a1', d1],
				['n1', undefined],
				['a2', d1]
			]);
			expect(await storage.meals.listMealMembers('nope')).toEqual([]);
		});

		if (reopen)
			it('keeps profiles and introductions across a reopen, and not a deleted profile', async () => {
				const storage = await withMeal();
				await storage.people.putProfile(profile());
				await storage.people.putProfile(profile({ key: 'm:gone' }));
				await storage.people.deleteProfile('c1', 'm:gone');
				await storage.people.recordIntroduction({ canteenId: 'c1', a: 'd:x', b: 'd:y', mealId: 'meal1', at: 30 });
				const again = await reopen!(storage);
				expect(await again.people.getProfile('c1', profile().key)).toEqual(profile());
				expect(await again.people.getProfile('c1', 'm:gone')).toBeUndefined();
				expect(await again.people.listIntroductions({ canteenId: 'c1', since: 0 })).toHaveLength(1);
			});
	});
}
