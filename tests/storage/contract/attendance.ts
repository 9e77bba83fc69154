/** Contract: arrival and departure times per member and meal (server/storage/attendance.ts). */
import { describe, expect, it } from 'vitest';
import { meal, useStorage, type StorageTarget } from './storage-target.ts';

export function attendanceContract(name: string, target: StorageTarget) {
	describe(`attendance repository: ${name}`, () => {
		const { reopen, withCanteens } = useStorage(target);

		it('keeps each member’s arrival and departure per meal, replaced as they change', async () => {
			let storage = await withCanteens();
			await storage.meals.createMeal(meal());
			await storage.meals.createMeal(meal({ id: 'meal2', joinCode: 'XYZ789' }));
			await storage.attendance.recordAttendance('meal1', [
				{ memberId: 'm_b', arrivedAt: 200 },
				{ memberId: 'm_a', arrivedAt: 100 }
			]);
			await storage.attendance.recordAttendance('meal2', [{ memberId: 'm_a', arrivedAt: 50, leftAt: 60 }]);
			// Bea leaves; the same write again changes nothing else.
			await storage.attendance.recordAttendance('meal1', [
				{ memberId: 'm_a', arrivedAt: 100 },
				{ memberId: 'm_b', arrivedAt: 200, leftAt: 900 }
			]);
			await storage.attendance.recordAttendance('meal1', []);
			if (reopen) storage = await reopen(storage);
			expect(await storage.attendance.listAttendance('meal1')).toEqual([
				{ mealId: 'meal1', memberId: 'm_a', arrivedAt: 100 },
				{ mealId: 'meal1', memberId: 'm_b', arrivedAt: 200, leftAt: 900 }
			]);
			expect(await storage.attendance.listAttendance('meal2')).toEqual([
				{ mealId: 'meal2', memberId: 'm_a', arrivedAt: 50, leftAt: 60 }
			]);
			expect(await storage.attendance.listAttendance('nomeal')).toEqual([]);
		});
	});
}
