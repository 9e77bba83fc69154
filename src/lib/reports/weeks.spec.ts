import { describe, expect, it } from 'vitest';
import { lastWeeks, servedPerWeek } from './weeks.ts';

describe('weeks', () => {
	it('gives the last n Monday-to-Sunday weeks, oldest first, the current one last', () => {
		// 2030-03-27 is a Wednesday.
		expect(lastWeeks('2030-03-27', 3)).toEqual([
			{ from: '2030-03-11', to: '2030-03-17' },
			{ from: '2030-03-18', to: '2030-03-24' },
			{ from: '2030-03-25', to: '2030-03-31' }
		]);
		expect(lastWeeks('2030-03-25', 12)).toHaveLength(12);
	});

	it('sums people served per week, edges included', () => {
		const weeks = lastWeeks('2030-03-27', 2);
		const meals = [
			{ date: '2030-03-18', joined: 4 },
			{ date: '2030-03-24', joined: 3 },
			{ date: '2030-03-25', joined: 9 },
			{ date: '2030-04-01', joined: 50 },
			{ date: '2030-03-17', joined: 50 }
		];
		expect(servedPerWeek(meals, weeks)).toEqual([7, 9]);
	});
});
