import { describe, expect, it } from 'vitest';
import { orderStaffMeals } from './staff-meals.ts';

describe('the staff home page’s meal order', () => {
	it('puts today first by time, then the coming meals soonest first, then past ones latest first', () => {
		const meals = [
			{ id: 'past-old', date: '2026-11-01', time: '12:00' },
			{ id: 'next-week', date: '2026-12-07', time: '12:00' },
			{ id: 'today-evening', date: '2026-11-30', time: '19:00' },
			{ id: 'yesterday', date: '2026-11-29', time: '12:00' },
			{ id: 'today-noon', date: '2026-11-30', time: '12:00' },
			{ id: 'tomorrow', date: '2026-12-01', time: '12:00' }
		];
		const ordered = orderStaffMeals({ meals, today: '2026-11-30' });
		expect(ordered.map((m) => m.id)).toEqual([
			'today-noon',
			'today-evening',
			'tomorrow',
			'next-week',
			'yesterday',
			'past-old'
		]);
		expect(ordered.filter((m) => m.isToday).map((m) => m.id)).toEqual(['today-noon', 'today-evening']);
	});
});
