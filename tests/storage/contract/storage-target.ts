/**
 * What every repository contract suite runs against, and the records they share. `open`
 * returns fresh, empty storage; `reopen` (when the implementation persists) returns a new
 * connection to the same data, to prove what was acknowledged stays. A second engine
 * (PostgreSQL, issue #8) provides its own target and runs these suites unchanged.
 */
import { afterEach, expect } from 'vitest';
import * as Y from 'yjs';
import type { InvitationRecord, MealRecord, Storage, UserRecord } from '../../../server/storage/storage.ts';

export interface StorageTarget {
	open(): Promise<Storage>;
	reopen?(storage: Storage): Promise<Storage>;
}

export const meal = (over: Partial<MealRecord> = {}): MealRecord => ({
	id: 'meal1',
	canteenId: 'c1',
	joinCode: 'ABC234',
	masterKeyHash: 'm'.repeat(64),
	screenKeyHash: 's'.repeat(64),
	createdAt: 1000,
	title: 'Déjeuner',
	date: '2030-03-26',
	time: '12:00',
	status: 'planned',
	joined: 0,
	checkedIn: 0,
	...over
});

export const user = (over: Partial<UserRecord> = {}): UserRecord => ({
	id: 'u1',
	email: 'awa@example.org',
	displayName: 'Awa',
	passwordHash: 'scrypt$32768$8$1$salt$hash',
	role: 'staff',
	createdAt: 10,
	...over
});

export const invitation = (over: Partial<InvitationRecord> = {}): InvitationRecord => ({
	tokenHash: 'i'.repeat(64),
	canteenId: 'c1',
	role: 'staff',
	createdBy: 'admin1',
	createdAt: 100,
	expiresAt: 1000,
	usedAt: null,
	...over
});

/** A real Yjs update setting `key` in the map `m` of `doc`. */
export function updateSetting(doc: Y.Doc, key: string, value: string): Uint8Array {
	let captured: Uint8Array | undefined;
	const handler = (u: Uint8Array) => (captured = u);
	doc.on('update', handler);
	doc.getMap('m').set(key, value);
	doc.off('update', handler);
	return captured!;
}

/** Opens storage for one test and closes everything it opened after it; with the usual starting points. */
export function useStorage(target: StorageTarget) {
	const opened: Storage[] = [];
	const open = async () => {
		const s = await target.open();
		opened.push(s);
		return s;
	};
	afterEach(async () => {
		await Promise.all(opened.splice(0).map((s) => s.close()));
	});
	return {
		open,
		/** Registered only for implementations that persist: nothing is skipped. */
		reopen:
			target.reopen &&
			(async (storage: Storage) => {
				const again = await target.reopen!(storage);
				opened.push(again);
				return again;
			}),
		/** Canteen c1 with meal `meal1`. */
		async withMeal() {
			const storage = await open();
			await storage.meals.createCanteen({ id: 'c1', name: 'Cantine du Canal', createdAt: 1 });
			expect(await storage.meals.createMeal(meal())).toEqual({ ok: true });
			return storage;
		},
		/** Canteens c1 and c2 and the first administrator, `admin1`. */
		async withAdmin() {
			const storage = await open();
			await storage.meals.createCanteen({ id: 'c1', name: 'Canal', createdAt: 1 });
			await storage.meals.createCanteen({ id: 'c2', name: 'Lilas', createdAt: 2 });
			await storage.accounts.setSetupToken('s'.repeat(64));
			const admin = user({ id: 'admin1', email: 'chef@example.org', role: 'admin' });
			expect(await storage.accounts.createFirstAdmin('s'.repeat(64), admin)).toEqual({ ok: true });
			return storage;
		},
		/** Canteens c1 and c2. */
		async withCanteens() {
			const storage = await open();
			await storage.meals.createCanteen({ id: 'c1', name: 'Canal', createdAt: 1 });
			await storage.meals.createCanteen({ id: 'c2', name: 'Lilas', createdAt: 2 });
			return storage;
		}
	};
}
