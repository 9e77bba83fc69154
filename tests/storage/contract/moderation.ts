/** Contract: Bans and refused words (server/storage/moderation.ts). */
import { describe, expect, it } from 'vitest';
import { useStorage, type StorageTarget } from './storage-target.ts';

export function moderationContract(name: string, target: StorageTarget) {
	describe(`moderation repository: ${name}`, () => {
		const { reopen, withMeal } = useStorage(target);

		it('keeps bans per canteen: listed oldest first, found by device, lifted once', async () => {
			const storage = await withMeal();
			await storage.meals.createCanteen({ id: 'c2', name: 'Les Lilas', createdAt: 2 });
			const ban = { id: 'b1', canteenId: 'c1', deviceHash: 'd'.repeat(64), name: 'Zed', by: 'meal1', at: 20 };
			await storage.moderation.createBan(ban);
			await storage.moderation.createBan({ ...ban, id: 'b0', deviceHash: 'e'.repeat(64), name: 'Yan', at: 10 });
			expect(await storage.moderation.listBans('c1')).toEqual([
				{ ...ban, id: 'b0', deviceHash: 'e'.repeat(64), name: 'Yan', at: 10 },
				ban
			]);
			expect(await storage.moderation.listBans('c2')).toEqual([]);
			expect(await storage.moderation.isDeviceBanned('c1', 'd'.repeat(64))).toBe(true);
			expect(await storage.moderation.isDeviceBanned('c2', 'd'.repeat(64))).toBe(false);
			expect(await storage.moderation.isDeviceBanned('c1', 'f'.repeat(64))).toBe(false);
			// Lifting takes the canteen too: another canteen's master cannot lift it.
			expect(await storage.moderation.deleteBan('c2', 'b1')).toBe(false);
			expect(await storage.moderation.deleteBan('c1', 'b1')).toBe(true);
			expect(await storage.moderation.deleteBan('c1', 'b1')).toBe(false);
			expect(await storage.moderation.isDeviceBanned('c1', 'd'.repeat(64))).toBe(false);
			expect((await storage.moderation.listBans('c1')).map((b) => b.id)).toEqual(['b0']);
		});

		it('keeps the first record when a ban with the same id is written again', async () => {
			const storage = await withMeal();
			const ban = { id: 'b1', canteenId: 'c1', deviceHash: 'd'.repeat(64), name: 'Zed', by: 'meal1', at: 20 };
			await storage.moderation.createBan(ban);
			await storage.moderation.createBan({ ...ban, name: 'Again', at: 30 });
			expect(await storage.moderation.listBans('c1')).toEqual([ban]);
		});

		it('keeps each canteen’s refused words, replaced as a whole', async () => {
			const storage = await withMeal();
			await storage.meals.createCanteen({ id: 'c2', name: 'Les Lilas', createdAt: 2 });
			expect(await storage.moderation.getRefusedWords('c1')).toEqual([]);
			await storage.moderation.setRefusedWords('c1', ['chou', 'Navet']);
			await storage.moderation.setRefusedWords('c2', ['radis']);
			expect(await storage.moderation.getRefusedWords('c1')).toEqual(['chou', 'Navet']);
			await storage.moderation.setRefusedWords('c1', []);
			expect(await storage.moderation.getRefusedWords('c1')).toEqual([]);
			expect(await storage.moderation.getRefusedWords('c2')).toEqual(['radis']);
		});

		if (reopen)
			it('keeps bans, device hashes and refused words across a reopen', async () => {
				const storage = await withMeal();
				await storage.meals.createMember({
					id: 'mb1',
					mealId: 'meal1',
					tokenHash: 't'.repeat(64),
					createdAt: 1,
					deviceHash: 'd'.repeat(64)
				});
				await storage.moderation.createBan({
					id: 'b1',
					canteenId: 'c1',
					deviceHash: 'd'.repeat(64),
					name: 'Zed',
					by: 'meal1',
					at: 5
				});
				await storage.moderation.setRefusedWords('c1', ['chou']);
				const again = await reopen!(storage);
				expect((await again.meals.getMember('mb1'))?.deviceHash).toBe('d'.repeat(64));
				expect(await again.moderation.isDeviceBanned('c1', 'd'.repeat(64))).toBe(true);
				expect(await again.moderation.getRefusedWords('c1')).toEqual(['chou']);
			});
	});
}
