/** Contract: partner links (server/storage/partners.ts). */
import { describe, expect, it } from 'vitest';
import type { PartnerLinkRecord } from '../../../server/storage/storage.ts';
import { useStorage, type StorageTarget } from './storage-target.ts';

const link = (over: Partial<PartnerLinkRecord> = {}): PartnerLinkRecord => ({
	id: 'pl1',
	tokenHash: 'p'.repeat(64),
	label: 'Centre social des Lilas',
	canteenIds: ['c1', 'c2'],
	createdBy: 'u1',
	createdAt: 100,
	...over
});

export function partnersContract(name: string, target: StorageTarget) {
	describe(`partners repository: ${name}`, () => {
		const { reopen, withCanteens } = useStorage(target);

		it('keeps links with their scope, found by id and token hash, listed per canteen newest first', async () => {
			let storage = await withCanteens();
			await storage.meals.createCanteen({ id: 'c3', name: 'Le Port', createdAt: 3 });
			const first = link();
			const second = link({
				id: 'pl2',
				tokenHash: 'q'.repeat(64),
				canteenIds: ['c2'],
				createdAt: 200,
				expiresAt: 5000
			});
			await storage.partners.createPartnerLink(first);
			await storage.partners.createPartnerLink(second);
			if (reopen) storage = await reopen(storage);
			expect(await storage.partners.getPartnerLink('pl1')).toEqual(first);
			expect(await storage.partners.findPartnerLinkByTokenHash('q'.repeat(64))).toEqual(second);
			expect(await storage.partners.findPartnerLinkByTokenHash('r'.repeat(64))).toBeUndefined();
			expect(await storage.partners.getPartnerLink('nope')).toBeUndefined();
			expect((await storage.partners.listPartnerLinks('c2')).map((l) => l.id)).toEqual(['pl2', 'pl1']);
			expect((await storage.partners.listPartnerLinks('c1')).map((l) => l.id)).toEqual(['pl1']);
			expect(await storage.partners.listPartnerLinks('c3')).toEqual([]);
		});

		it('revokes once: the first time stays, the link stays listed', async () => {
			let storage = await withCanteens();
			await storage.partners.createPartnerLink(link());
			expect(await storage.partners.revokePartnerLink('pl1', 300)).toBe(true);
			expect(await storage.partners.revokePartnerLink('pl1', 400)).toBe(false);
			expect(await storage.partners.revokePartnerLink('nope', 400)).toBe(false);
			if (reopen) storage = await reopen(storage);
			expect(await storage.partners.getPartnerLink('pl1')).toEqual({ ...link(), revokedAt: 300 });
			expect((await storage.partners.listPartnerLinks('c1'))[0]?.revokedAt).toBe(300);
		});

		it('refuses a second link with the same token hash, keeping the first', async () => {
			const storage = await withCanteens();
			await storage.partners.createPartnerLink(link());
			await expect(storage.partners.createPartnerLink(link({ id: 'pl9', label: 'Autre' }))).rejects.toThrow();
			expect(await storage.partners.getPartnerLink('pl9')).toBeUndefined();
			expect((await storage.partners.listPartnerLinks('c1')).map((l) => l.label)).toEqual(['Centre social des Lilas']);
		});
	});
}
