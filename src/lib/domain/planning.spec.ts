import { describe, expect, it } from 'vitest';
import type { Dish } from './menu.ts';
import {
	canEditPlan,
	capacityState,
	formatEuros,
	placesLeft,
	validatePlan,
	type ValidatePlanInput
} from './planning.ts';
import { MEAL_STATUSES } from './types.ts';

const dish = (id: string): Dish => ({
	id,
	name: { fr: id, en: id },
	course: 'main',
	allergens: [],
	diets: [],
	ingredients: []
});

const plan = (over: Partial<ValidatePlanInput['plan']> = {}): ValidatePlanInput['plan'] => ({
	date: '2026-06-04',
	time: '12:15',
	durationMinutes: 90,
	capacity: 40,
	menu: { dishes: [dish('soup'), dish('dal')] },
	...over
});

const codes = (input: ValidatePlanInput) => validatePlan(input).map((i) => `${i.field}:${i.code}`);

describe('validatePlan', () => {
	it('accepts a sound plan', () => {
		expect(validatePlan({ plan: plan() })).toEqual([]);
		expect(validatePlan({ plan: plan(), expectedPeople: 40, today: '2026-06-04' })).toEqual([]);
	});

	it('refuses dates and times that do not exist', () => {
		expect(codes({ plan: plan({ date: '2026-02-29' }) })).toEqual(['date:invalid_date']);
		expect(codes({ plan: plan({ date: '2026-06-31' }) })).toEqual(['date:invalid_date']);
		expect(codes({ plan: plan({ date: '2028-02-29' }) })).toEqual([]);
		expect(codes({ plan: plan({ time: '24:00' }) })).toEqual(['time:invalid_time']);
		expect(codes({ plan: plan({ time: '12:60' }) })).toEqual(['time:invalid_time']);
	});

	it('refuses a date before today only when today is given', () => {
		expect(codes({ plan: plan({ date: '2026-06-03' }), today: '2026-06-04' })).toEqual(['date:date_in_past']);
		expect(codes({ plan: plan({ date: '2026-06-03' }) })).toEqual([]);
		expect(codes({ plan: plan({ date: '2025-12-31' }), today: '2026-01-01' })).toEqual(['date:date_in_past']);
	});

	it('refuses a meal running past midnight', () => {
		expect(codes({ plan: plan({ time: '22:30', durationMinutes: 91 }) })).toEqual([
			'durationMinutes:ends_after_midnight'
		]);
		// Ending on the stroke of midnight is still the same day's meal.
		expect(codes({ plan: plan({ time: '22:30', durationMinutes: 90 }) })).toEqual([]);
		expect(codes({ plan: plan({ time: '23:00', durationMinutes: 60 }) })).toEqual([]);
	});

	it('needs room for the people already expected', () => {
		expect(codes({ plan: plan({ capacity: 12 }), expectedPeople: 13 })).toEqual(['capacity:capacity_below_expected']);
		expect(codes({ plan: plan({ capacity: 12 }), expectedPeople: 12 })).toEqual([]);
	});

	it('refuses two dishes with one id', () => {
		expect(codes({ plan: plan({ menu: { dishes: [dish('a'), dish('b'), dish('a')] } }) })).toEqual([
			'menu:duplicate_dish_id'
		]);
	});

	it('reports every issue at once', () => {
		const input = { plan: plan({ date: '2026-02-30', time: '7:00', capacity: 5 }), expectedPeople: 9 };
		expect(codes(input)).toEqual(['date:invalid_date', 'time:invalid_time', 'capacity:capacity_below_expected']);
	});
});

describe('formatEuros', () => {
	it('writes euros the French and the English way', () => {
		expect(formatEuros({ cents: 350, locale: 'fr' })).toBe('3,50\u00a0€');
		expect(formatEuros({ cents: 350, locale: 'en' })).toBe('€3.50');
		expect(formatEuros({ cents: 0, locale: 'fr' })).toBe('0,00\u00a0€');
		expect(formatEuros({ cents: 5, locale: 'en' })).toBe('€0.05');
		expect(formatEuros({ cents: 123456, locale: 'fr' })).toBe('1\u202f234,56\u00a0€');
		expect(formatEuros({ cents: 123456789, locale: 'en' })).toBe('€1,234,567.89');
		expect(formatEuros({ cents: -250, locale: 'en' })).toBe('-€2.50');
	});

	it('reads as "3,50 €" once spaces are normalised', () => {
		expect(formatEuros({ cents: 350, locale: 'fr' }).replace(/\s/g, ' ')).toBe('3,50 €');
	});

	it('refuses fractions of a cent', () => {
		expect(() => formatEuros({ cents: 3.5, locale: 'fr' })).toThrow(RangeError);
	});
});

describe('capacityState', () => {
	it('is open below 90%, nearly full from 90%, full at capacity', () => {
		expect(capacityState({ capacity: 40, checkedIn: 0, walkIns: 0 })).toBe('open');
		expect(capacityState({ capacity: 40, checkedIn: 35, walkIns: 0 })).toBe('open');
		expect(capacityState({ capacity: 40, checkedIn: 36, walkIns: 0 })).toBe('nearly-full');
		expect(capacityState({ capacity: 40, checkedIn: 39, walkIns: 0 })).toBe('nearly-full');
		expect(capacityState({ capacity: 40, checkedIn: 40, walkIns: 0 })).toBe('full');
		expect(capacityState({ capacity: 40, checkedIn: 45, walkIns: 0 })).toBe('full');
	});

	it('counts walk-ins with those checked in', () => {
		expect(capacityState({ capacity: 10, checkedIn: 4, walkIns: 5 })).toBe('nearly-full');
		expect(capacityState({ capacity: 10, checkedIn: 4, walkIns: 6 })).toBe('full');
		expect(capacityState({ capacity: 10, checkedIn: 4 })).toBe('open');
	});

	it('computes 90% exactly, without float rounding', () => {
		// 0.9 * 10 is 9.000000000000002 in floating point; 9 of 10 must still be nearly full.
		expect(capacityState({ capacity: 10, checkedIn: 9, walkIns: 0 })).toBe('nearly-full');
		expect(capacityState({ capacity: 200, checkedIn: 180, walkIns: 0 })).toBe('nearly-full');
		expect(capacityState({ capacity: 200, checkedIn: 179, walkIns: 0 })).toBe('open');
	});

	it('goes straight from open to full in a small room', () => {
		expect(capacityState({ capacity: 1, checkedIn: 0, walkIns: 0 })).toBe('open');
		expect(capacityState({ capacity: 1, checkedIn: 1, walkIns: 0 })).toBe('full');
		expect(capacityState({ capacity: 5, checkedIn: 4, walkIns: 0 })).toBe('open');
	});

	it('counts places left, never below zero', () => {
		expect(placesLeft({ capacity: 40, checkedIn: 30, walkIns: 3 })).toBe(7);
		expect(placesLeft({ capacity: 40, checkedIn: 41 })).toBe(0);
	});
});

describe('canEditPlan', () => {
	it('freezes closed meals only', () => {
		expect(MEAL_STATUSES.filter(canEditPlan)).toEqual(['planned', 'open', 'cooking', 'eating']);
	});
});
