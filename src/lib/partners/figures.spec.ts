import { describe, expect, it } from 'vitest';
import {
	ageGroupOf,
	canteenFigures,
	figure,
	partition,
	weekOf,
	type Arrival,
	type Figure,
	type MealCounts
} from './figures.ts';

const few: Figure = { kind: 'fewer-than-5' };
const n = (value: number): Figure => ({ kind: 'count', value });
const meal = (over: Partial<MealCounts>): MealCounts => ({
	date: '2030-03-27',
	status: 'eating',
	joined: 0,
	checkedIn: 0,
	...over
});
const arrivals = (count: number, a: Partial<Arrival> = {}): Arrival[] =>
	Array.from({ length: count }, () => ({ returning: undefined, ageBracket: undefined, ...a }));

describe('the small-count rule', () => {
	it('hides every figure under 5, zero included, and shows 5 and more', () => {
		expect([0, 1, 4].map(figure)).toEqual([few, few, few]);
		expect([5, 12].map(figure)).toEqual([n(5), n(12)]);
	});

	it('hides a second part when a lone hidden part could be found by subtraction', () => {
		// 20 = 12 + 5 + 3: hiding 3 alone gives it away (20 − 12 − 5); 5 goes with it.
		expect(partition({ total: 20, parts: { a: 12, b: 5, c: 3 } })).toEqual({ a: n(12), b: few, c: few });
		// Two hidden parts already: only their sum is derivable.
		expect(partition({ total: 20, parts: { a: 16, b: 2, c: 2 } })).toEqual({ a: n(16), b: few, c: few });
		// Nothing hidden, nothing to protect.
		expect(partition({ total: 15, parts: { a: 10, b: 5 } })).toEqual({ a: n(10), b: n(5) });
		// A hidden total hides every part (each is at most the total).
		expect(partition({ total: 4, parts: { a: 4, b: 0 } })).toEqual({ a: few, b: few });
	});

	it('never lets a shown total minus shown parts equal a hidden part exactly', () => {
		for (let a = 0; a < 12; a++)
			for (let b = 0; b < 12; b++)
				for (let c = 0; c < 12; c++) {
					const total = a + b + c;
					const shown = partition({ total, parts: { a, b, c } });
					const hidden = Object.values(shown).filter((f) => f.kind === 'fewer-than-5').length;
					expect(hidden === 0 || hidden >= 2 || total < 5, `${a} ${b} ${c}`).toBe(true);
				}
	});
});

describe('canteen figures', () => {
	it('counts known attendance exactly', () => {
		const figures = canteenFigures({
			today: '2030-03-27', // a Wednesday
			meals: [
				meal({ joined: 9, checkedIn: 7 }),
				meal({ date: '2030-03-25', status: 'closed', joined: 6, checkedIn: 0 }),
				meal({ date: '2030-03-04', status: 'closed', joined: 10 }),
				meal({ date: '2030-02-28', status: 'closed', joined: 30 }),
				meal({ date: '2030-03-29', status: 'planned' })
			],
			arrivals: [
				...arrivals(6, { returning: true, ageBracket: '18-25' }),
				...arrivals(3, { returning: false, ageBracket: '41-60' })
			]
		});
		expect(figures).toEqual({
			presentNow: n(7),
			arrivalsToday: n(9),
			servedThisWeek: n(15),
			servedThisMonth: n(25),
			visitsToday: { firstTime: few, returning: n(6), unknown: few },
			// 41-60 straddles 50: an old bracket that reads as not given.
			ageMixToday: { under30: n(6), from30To50: few, over50: few, notGiven: few },
			surveyThisMonth: { community: { answers: few, percent: null }, reachedOut: { answers: few, percent: null } }
		});
	});

	it('groups age brackets under 30, 30 to 50 and over 50, old ones only where they fit wholly', () => {
		expect(
			['under-30', '30-50', '51-69', '70+', '18-25', '26-40', '41-60', '61-75', '76+', undefined, 'x'].map(ageGroupOf)
		).toEqual([
			'under30',
			'from30To50',
			'over50',
			'over50',
			'under30',
			undefined,
			undefined,
			'over50',
			'over50',
			undefined,
			undefined
		]);
		const figures = canteenFigures({
			today: '2030-03-27',
			meals: [meal({ joined: 20 })],
			arrivals: [
				...arrivals(5, { ageBracket: 'under-30' }),
				...arrivals(5, { ageBracket: '30-50' }),
				...arrivals(3, { ageBracket: '51-69' }),
				...arrivals(2, { ageBracket: '76+' }),
				...arrivals(5, { ageBracket: '26-40' })
			]
		});
		expect(figures.ageMixToday).toEqual({ under30: n(5), from30To50: n(5), over50: n(5), notGiven: n(5) });
	});

	it('carries the survey of the month as shares from 5 answers on', () => {
		const figures = canteenFigures({
			today: '2030-03-27',
			meals: [],
			arrivals: [],
			surveyThisMonth: [
				{ community: 'yes' },
				{ community: 'yes' },
				{ community: 'a-little' },
				{ community: 'not-yet' },
				{ community: 'yes', reachedOut: 'yes' }
			]
		});
		expect(figures.surveyThisMonth).toEqual({
			community: { answers: n(5), percent: { yes: 60, 'a-little': 20, 'not-yet': 20, 'rather-not-say': 0 } },
			reachedOut: { answers: few, percent: null }
		});
	});

	it('counts present only at live meals of today', () => {
		const figures = canteenFigures({
			today: '2030-03-27',
			meals: [
				meal({ status: 'closed', joined: 8, checkedIn: 8 }),
				meal({ date: '2030-03-26', joined: 8, checkedIn: 8 }),
				meal({ status: 'open', joined: 6, checkedIn: 5 })
			],
			arrivals: arrivals(14)
		});
		expect(figures.presentNow).toEqual(n(5));
		expect(figures.visitsToday).toEqual({ firstTime: few, returning: few, unknown: n(14) });
		expect(figures.ageMixToday.notGiven).toEqual(n(14));
	});

	it('hides everything at a quiet canteen', () => {
		const figures = canteenFigures({
			today: '2030-03-27',
			meals: [meal({ joined: 2, checkedIn: 1 })],
			arrivals: arrivals(2)
		});
		expect(JSON.stringify(figures)).not.toMatch(/"value"/);
	});

	it('weeks run Monday to Sunday, across months and years', () => {
		expect(weekOf('2030-03-27')).toEqual({ from: '2030-03-25', to: '2030-03-31' });
		expect(weekOf('2030-03-31')).toEqual({ from: '2030-03-25', to: '2030-03-31' });
		expect(weekOf('2031-01-01')).toEqual({ from: '2030-12-30', to: '2031-01-05' });
	});
});
