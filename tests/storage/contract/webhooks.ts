/** Contract: partner webhooks and their deliveries (webhooks.ts), and erasure (privacy.ts). */
import { describe, expect, it } from 'vitest';
import type { DeliveryRecord, Storage, WebhookRecord } from '../../../server/storage/storage.ts';
import { meal, useStorage, type StorageTarget } from './storage-target.ts';

const hook = (over: Partial<WebhookRecord> = {}): WebhookRecord => ({
	id: 'wh1',
	linkId: 'pl1',
	url: 'https://partner.example.org/tablee',
	secret: 's'.repeat(43),
	createdBy: 'partner',
	createdAt: 100,
	...over
});

const delivery = (over: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
	id: 'wd1',
	webhookId: 'wh1',
	event: 'meal.opened',
	body: '{"event":"meal.opened"}',
	status: 'pending',
	attempts: 0,
	nextAttemptAt: 1000,
	createdAt: 1000,
	...over
});

async function withLink(storage: Storage) {
	await storage.partners.createPartnerLink({
		id: 'pl1',
		tokenHash: 'p'.repeat(64),
		label: 'Mairie',
		canteenIds: ['c1'],
		createdBy: 'u1',
		createdAt: 1
	});
	return storage;
}

export function webhooksContract(name: string, target: StorageTarget) {
	describe(`webhooks repository: ${name}`, () => {
		const { reopen, withCanteens } = useStorage(target);

		it('keeps webhooks per link, oldest first, and deletes one with its deliveries', async () => {
			let storage = await withLink(await withCanteens());
			await storage.webhooks.createWebhook(hook());
			await storage.webhooks.createWebhook(hook({ id: 'wh2', url: 'https://b.example.org/', createdAt: 200 }));
			await storage.webhooks.enqueueDelivery(delivery());
			if (reopen) storage = await reopen(storage);
			expect(await storage.webhooks.getWebhook('wh1')).toEqual(hook());
			expect(await storage.webhooks.getWebhook('nope')).toBeUndefined();
			expect((await storage.webhooks.listWebhooks('pl1')).map((w) => w.id)).toEqual(['wh1', 'wh2']);
			expect(await storage.webhooks.listWebhooks('pl2')).toEqual([]);
			expect(await storage.webhooks.deleteWebhook('wh1')).toBe(true);
			expect(await storage.webhooks.deleteWebhook('wh1')).toBe(false);
			expect(await storage.webhooks.listDeliveries('wh1', 10)).toEqual([]);
			expect((await storage.webhooks.listWebhooks('pl1')).map((w) => w.id)).toEqual(['wh2']);
		});

		it('queues deliveries once, hands out due ones, lets one process claim an attempt, records outcomes', async () => {
			let storage = await withLink(await withCanteens());
			await storage.webhooks.createWebhook(hook());
			await storage.webhooks.enqueueDelivery(delivery());
			// Same id: the first stays.
			await storage.webhooks.enqueueDelivery(delivery({ body: 'other' }));
			await storage.webhooks.enqueueDelivery(delivery({ id: 'wd2', nextAttemptAt: 5000, createdAt: 1001 }));
			if (reopen) storage = await reopen(storage);
			expect(await storage.webhooks.dueDeliveries(999, 10)).toEqual([]);
			expect(await storage.webhooks.dueDeliveries(1000, 10)).toEqual([delivery()]);
			expect((await storage.webhooks.dueDeliveries(6000, 10)).map((d) => d.id)).toEqual(['wd1', 'wd2']);
			expect((await storage.webhooks.dueDeliveries(6000, 1)).map((d) => d.id)).toEqual(['wd1']);
			// Two claims of the same attempt: one wins.
			const claims = await Promise.all([
				storage.webhooks.claimDelivery('wd1', 1000, 31_000),
				storage.webhooks.claimDelivery('wd1', 1000, 31_000)
			]);
			expect(claims.filter(Boolean)).toHaveLength(1);
			expect(await storage.webhooks.dueDeliveries(2000, 10)).toEqual([]);
			await storage.webhooks.recordAttempt('wd1', {
				status: 'pending',
				attempts: 1,
				nextAttemptAt: 4000,
				lastStatus: 500
			});
			await storage.webhooks.recordAttempt('wd2', {
				status: 'failed',
				attempts: 8,
				nextAttemptAt: 5000,
				lastError: 'timeout'
			});
			if (reopen) storage = await reopen(storage);
			expect(await storage.webhooks.dueDeliveries(6000, 10)).toEqual([
				delivery({ attempts: 1, nextAttemptAt: 4000, lastStatus: 500 })
			]);
			expect(await storage.webhooks.claimDelivery('wd2', 6000, 9000)).toBe(false);
			await storage.webhooks.recordAttempt('wd1', {
				status: 'delivered',
				attempts: 2,
				nextAttemptAt: 4100,
				lastStatus: 204
			});
			expect(await storage.webhooks.dueDeliveries(9000, 10)).toEqual([]);
			expect(await storage.webhooks.listDeliveries('wh1', 10)).toEqual([
				delivery({
					id: 'wd2',
					createdAt: 1001,
					status: 'failed',
					attempts: 8,
					nextAttemptAt: 5000,
					lastError: 'timeout'
				}),
				delivery({ status: 'delivered', attempts: 2, nextAttemptAt: 4100, lastStatus: 204 })
			]);
			expect((await storage.webhooks.listDeliveries('wh1', 1)).map((d) => d.id)).toEqual(['wd2']);
		});

		it('keeps a revoked link’s webhooks listed (links are never deleted)', async () => {
			const storage = await withLink(await withCanteens());
			await storage.webhooks.createWebhook(hook());
			await storage.partners.revokePartnerLink('pl1', 500);
			expect(await storage.webhooks.listWebhooks('pl1')).toEqual([hook()]);
		});
	});

	describe(`privacy repository: ${name}`, () => {
		const { reopen, withMeal } = useStorage(target);

		it('lists old meals once until marked erased', async () => {
			let storage = await withMeal();
			await storage.meals.createMeal(meal({ id: 'meal2', joinCode: 'XYZ789', date: '2030-01-02' }));
			await storage.meals.createMeal(meal({ id: 'meal3', joinCode: 'XYZ788', date: '2030-04-02' }));
			expect(await storage.privacy.mealsToErase('2030-03-27', 10)).toEqual([
				{ id: 'meal2', canteenId: 'c1' },
				{ id: 'meal1', canteenId: 'c1' }
			]);
			expect(await storage.privacy.mealsToErase('2030-03-27', 1)).toEqual([{ id: 'meal2', canteenId: 'c1' }]);
			await storage.privacy.markMealErased('meal2', 10);
			await storage.privacy.markMealErased('meal2', 20);
			if (reopen) storage = await reopen(storage);
			expect(await storage.privacy.mealsToErase('2030-03-27', 10)).toEqual([{ id: 'meal1', canteenId: 'c1' }]);
			expect(await storage.privacy.mealsToErase('2000-01-01', 10)).toEqual([]);
		});

		it('deletes introductions of a person or before a time, and profiles last saved before a time', async () => {
			let storage = await withMeal();
			const intro = (a: string, b: string, at: number) =>
				storage.people.recordIntroduction({ canteenId: 'c1', a, b, mealId: 'meal1', at });
			await intro('d:aa', 'd:bb', 100);
			await intro('d:bb', 'm:cc', 200);
			await intro('d:dd', 'm:ee', 300);
			const profile = (key: string, updatedAt: number) =>
				storage.people.putProfile({ canteenId: 'c1', key, consentAt: 1, facts: [], languages: ['fr'], updatedAt });
			await profile('d:aa', 100);
			await profile('d:bb', 400);
			expect(await storage.privacy.deleteIntroductionsOf('c1', ['d:bb'])).toBe(2);
			expect(await storage.privacy.deleteIntroductionsOf('c2', ['d:dd'])).toBe(0);
			expect(await storage.privacy.deleteIntroductionsOf('c1', [])).toBe(0);
			if (reopen) storage = await reopen(storage);
			expect(await storage.people.listIntroductions({ canteenId: 'c1', since: 0 })).toEqual([
				{ canteenId: 'c1', a: 'd:dd', b: 'm:ee', mealId: 'meal1', at: 300 }
			]);
			expect(await storage.privacy.deleteIntroductionsBefore(301)).toBe(1);
			expect(await storage.people.listIntroductions({ canteenId: 'c1', since: 0 })).toEqual([]);
			// d:aa came to meal1 (dated 2030-03-26): kept while that counts as recent.
			await storage.meals.createMember({
				id: 'm_1',
				mealId: 'meal1',
				tokenHash: 't'.repeat(64),
				createdAt: 5,
				deviceHash: 'aa'
			});
			await profile('m:m_1', 100);
			expect(await storage.privacy.deleteProfilesBefore({ at: 400, sinceDate: '2030-03-26' })).toBe(0);
			expect(await storage.privacy.deleteProfilesBefore({ at: 400, sinceDate: '2030-03-27' })).toBe(2);
			expect(await storage.people.getProfile('c1', 'd:aa')).toBeUndefined();
			expect(await storage.people.getProfile('c1', 'm:m_1')).toBeUndefined();
			expect(await storage.people.getProfile('c1', 'd:bb')).toMatchObject({ key: 'd:bb' });
		});
	});
}
