import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Dish, Menu } from '../domain/menu.ts';
import type { MealPlan } from '../domain/planning.ts';
import type { RecurrenceRule } from '../domain/recurrence.ts';
import { DEFAULT_TEMPLATES, type TaskTemplate } from '../domain/templates.ts';
import {
	calendarDate,
	dishSchema,
	mealPlanInput,
	menuSchema,
	PLANNING_LIMITS,
	recurrenceRuleSchema,
	taskTemplateInput,
	wallTime,
	type MealPlanPayload,
	type RecurrenceRulePayload,
	type TaskTemplatePayload
} from './planning-schemas.ts';

const ok = (schema: v.GenericSchema, input: unknown) => v.safeParse(schema, input).success;
const messages = (schema: v.GenericSchema, input: unknown) =>
	(v.safeParse(schema, input).issues ?? []).map((i) => i.message);

const goodDish = {
	id: 'dal',
	name: { fr: '  Dal de   lentilles ', en: 'Lentil dal' },
	course: 'main',
	allergens: ['mustard', 'gluten'],
	diets: ['vegan', 'halal'],
	ingredients: ['lentilles corail', ' lait de coco ']
};

const goodPlan = {
	date: '2026-06-04',
	time: '12:15',
	durationMinutes: 90,
	title: 'Déjeuner du jeudi',
	menu: { dishes: [goodDish] },
	pricePerPlateCents: 350,
	capacity: 40
};

describe('dates and times', () => {
	it('accept only real calendar dates and wall-clock times', () => {
		expect(ok(calendarDate, '2028-02-29')).toBe(true);
		for (const bad of ['2026-02-29', '2026-6-4', '2026-06-04T12:00', '', 20260604, null]) {
			expect(ok(calendarDate, bad), String(bad)).toBe(false);
		}
		expect(ok(wallTime, '00:00')).toBe(true);
		expect(ok(wallTime, '23:59')).toBe(true);
		for (const bad of ['24:00', '9:30', '12:30:00', '12h30', 1230]) expect(ok(wallTime, bad), String(bad)).toBe(false);
	});

	it('say what is wrong', () => {
		expect(messages(calendarDate, '2026-02-30')).toEqual(['date does not exist']);
		expect(messages(calendarDate, '04/06/2026')).toEqual(['date must be YYYY-MM-DD', 'date does not exist']);
	});
});

describe('dishSchema', () => {
	it('cleans text and puts allergens and diets in list order', () => {
		expect(v.parse(dishSchema, goodDish)).toEqual({
			id: 'dal',
			name: { fr: 'Dal de lentilles', en: 'Lentil dal' },
			course: 'main',
			allergens: ['gluten', 'mustard'],
			diets: ['vegan', 'halal'],
			ingredients: ['lentilles corail', 'lait de coco']
		});
	});

	it('fills in empty lists and a missing language', () => {
		expect(v.parse(dishSchema, { id: 'w', name: { fr: 'Eau' }, course: 'drink' })).toEqual({
			id: 'w',
			name: { fr: 'Eau', en: '' },
			course: 'drink',
			allergens: [],
			diets: [],
			ingredients: []
		});
	});

	it('refuses unknown allergens, diets, courses and fields', () => {
		for (const over of [
			{ allergens: ['shellfish'] },
			{ allergens: ['milk', 'milk'] },
			{ diets: ['paleo'] },
			{ diets: ['vegan', 'vegan'] },
			{ course: 'snack' },
			{ price: 3 },
			{ id: 'has space' },
			{ id: '' }
		]) {
			expect(ok(dishSchema, { ...goodDish, ...over }), JSON.stringify(over)).toBe(false);
		}
	});

	it('refuses empty, long, control-character and broken names', () => {
		for (const name of [
			{ fr: ' ', en: '' },
			{},
			{ fr: 'x'.repeat(PLANNING_LIMITS.dishNameLength + 1) },
			{ fr: 'Soupe\u0007' },
			{ fr: 'Soupe\u200f\u0085' },
			{ fr: 'Soupe \ud83e' },
			{ fr: 'Soupe', de: 'Suppe' },
			{ fr: 42 }
		]) {
			expect(ok(dishSchema, { ...goodDish, name }), JSON.stringify(name)).toBe(false);
		}
		expect(ok(dishSchema, { ...goodDish, name: { fr: 'x'.repeat(PLANNING_LIMITS.dishNameLength) } })).toBe(true);
		// A whole surrogate pair is fine; only a lone half is refused.
		expect(ok(dishSchema, { ...goodDish, name: { fr: 'Soupe 🥕' } })).toBe(true);
	});

	it('limits ingredients in number and length, and refuses empty ones', () => {
		const many = Array.from({ length: PLANNING_LIMITS.ingredientsPerDish + 1 }, (_, i) => `i${i}`);
		expect(ok(dishSchema, { ...goodDish, ingredients: many })).toBe(false);
		expect(ok(dishSchema, { ...goodDish, ingredients: many.slice(1) })).toBe(true);
		expect(ok(dishSchema, { ...goodDish, ingredients: ['x'.repeat(PLANNING_LIMITS.ingredientLength + 1)] })).toBe(
			false
		);
		expect(ok(dishSchema, { ...goodDish, ingredients: ['  '] })).toBe(false);
		expect(ok(dishSchema, { ...goodDish, ingredients: ['sel\u0000'] })).toBe(false);
	});

	it('produces a domain Dish', () => {
		expectTypeOf<v.InferOutput<typeof dishSchema>>().toExtend<Dish>();
		expectTypeOf<v.InferOutput<typeof menuSchema>>().toExtend<Menu>();
		expect(v.parse(menuSchema, { dishes: [] })).toEqual({ dishes: [] });
	});
});

describe('menuSchema', () => {
	const dishes = (n: number) => Array.from({ length: n }, (_, i) => ({ ...goodDish, id: `d${i}` }));

	it('holds at most 12 dishes with distinct ids', () => {
		expect(ok(menuSchema, { dishes: dishes(12) })).toBe(true);
		expect(ok(menuSchema, { dishes: dishes(13) })).toBe(false);
		expect(messages(menuSchema, { dishes: [goodDish, goodDish] })).toEqual(['dish ids are repeated']);
	});

	it('refuses extra fields and non-arrays', () => {
		expect(ok(menuSchema, { dishes: [], ingredients: [] })).toBe(false);
		expect(ok(menuSchema, { dishes: {} })).toBe(false);
	});
});

describe('mealPlanInput', () => {
	it('accepts a full plan and defaults the menu to empty', () => {
		expect(v.parse(mealPlanInput, goodPlan).menu.dishes[0]!.allergens).toEqual(['gluten', 'mustard']);
		const { menu: _menu, ...noMenu } = goodPlan;
		expect(v.parse(mealPlanInput, noMenu).menu).toEqual({ dishes: [] });
		expect(v.parse(mealPlanInput, { ...goodPlan, title: '  Repas\tpartagé ' }).title).toBe('Repas partagé');
	});

	it('refuses fields the server sets itself', () => {
		for (const over of [{ id: 'p1' }, { canteenId: 'c1' }, { status: 'closed' }]) {
			expect(ok(mealPlanInput, { ...goodPlan, ...over }), JSON.stringify(over)).toBe(false);
		}
	});

	it('keeps numbers whole and in range', () => {
		const cases: [string, unknown, boolean][] = [
			['capacity', 1, true],
			['capacity', 200, true],
			['capacity', 0, false],
			['capacity', 201, false],
			['capacity', 12.5, false],
			['capacity', '40', false],
			['pricePerPlateCents', 0, true],
			['pricePerPlateCents', PLANNING_LIMITS.maxPricePerPlateCents, true],
			['pricePerPlateCents', -1, false],
			['pricePerPlateCents', 3.5, false],
			['pricePerPlateCents', PLANNING_LIMITS.maxPricePerPlateCents + 1, false],
			['pricePerPlateCents', Number.NaN, false],
			['pricePerPlateCents', Number.POSITIVE_INFINITY, false],
			['durationMinutes', 15, true],
			['durationMinutes', 480, true],
			['durationMinutes', 14, false],
			['durationMinutes', 481, false]
		];
		for (const [field, value, expected] of cases) {
			expect(ok(mealPlanInput, { ...goodPlan, [field]: value }), `${field}=${value}`).toBe(expected);
		}
	});

	it('refuses bad dates, times and titles', () => {
		for (const over of [
			{ date: '2026-02-29' },
			{ time: '25:00' },
			{ title: '' },
			{ title: '   ' },
			{ title: 'x'.repeat(PLANNING_LIMITS.mealTitleLength + 1) },
			{ title: 'Repas\u001b[31m' },
			{ title: 'Repas \udc00' }
		]) {
			expect(ok(mealPlanInput, { ...goodPlan, ...over }), JSON.stringify(over)).toBe(false);
		}
	});

	it('produces everything of a MealPlan but what the server sets', () => {
		expectTypeOf<MealPlanPayload>().toEqualTypeOf<Omit<MealPlan, 'id' | 'canteenId' | 'status'>>();
		expect(Object.keys(v.parse(mealPlanInput, goodPlan)).sort()).toEqual(Object.keys(goodPlan).sort());
	});
});

describe('taskTemplateInput', () => {
	const good = { kind: 'dishes', title: { fr: 'Vaisselle' }, slots: 3, phase: 'after', icon: '🧽', order: 2 };

	it('accepts a template and defaults its order to 0', () => {
		expect(v.parse(taskTemplateInput, good)).toEqual({ ...good, title: { fr: 'Vaisselle', en: '' } });
		const { order: _order, ...noOrder } = good;
		expect(v.parse(taskTemplateInput, noOrder).order).toBe(0);
	});

	it('takes every default template unchanged', () => {
		for (const { id, ...input } of DEFAULT_TEMPLATES) {
			const parsed = v.safeParse(taskTemplateInput, input);
			expect(parsed.issues, id).toBeUndefined();
			expect(parsed.output, id).toEqual(input);
		}
	});

	it('needs exactly one emoji as icon', () => {
		for (const icon of ['🧽', '♻️', '🧑‍🍳', '👩🏽‍🍳', '🇫🇷'])
			expect(ok(taskTemplateInput, { ...good, icon }), icon).toBe(true);
		for (const icon of ['', '🧽🧽', 'a', '🧽 ', ':)', 42])
			expect(ok(taskTemplateInput, { ...good, icon }), String(icon)).toBe(false);
	});

	it('refuses bad kinds, phases, slots, orders and server fields', () => {
		for (const over of [
			{ kind: 'cleaning' },
			{ phase: 'later' },
			{ slots: 0 },
			{ slots: 31 },
			{ slots: 2.5 },
			{ order: -1 },
			{ order: 1.5 },
			{ title: { fr: '', en: '' } },
			{ title: 'Vaisselle' },
			{ id: 'x' },
			{ canteenId: 'c1' }
		]) {
			expect(ok(taskTemplateInput, { ...good, ...over }), JSON.stringify(over)).toBe(false);
		}
	});

	it('produces everything of a TaskTemplate but what the server sets', () => {
		expectTypeOf<TaskTemplatePayload>().toEqualTypeOf<Omit<TaskTemplate, 'id' | 'canteenId'>>();
		expect(ok(taskTemplateInput, good)).toBe(true);
	});
});

describe('recurrenceRuleSchema', () => {
	const good = { weekdays: [4, 2], time: '12:15', startDate: '2026-01-05' };

	it('accepts a rule and sorts its weekdays and skip dates', () => {
		expect(
			v.parse(recurrenceRuleSchema, {
				...good,
				endDate: '2026-07-03',
				skipDates: ['2026-05-14', '2026-04-06']
			})
		).toEqual({
			weekdays: [2, 4],
			time: '12:15',
			startDate: '2026-01-05',
			endDate: '2026-07-03',
			skipDates: ['2026-04-06', '2026-05-14']
		});
		expect(v.parse(recurrenceRuleSchema, good)).toEqual({ ...good, weekdays: [2, 4] });
	});

	it('refuses bad weekdays', () => {
		for (const weekdays of [[], [0], [8], [1, 1], [1.5], ['1'], [1, 2, 3, 4, 5, 6, 7, 1]]) {
			expect(ok(recurrenceRuleSchema, { ...good, weekdays }), JSON.stringify(weekdays)).toBe(false);
		}
		expect(ok(recurrenceRuleSchema, { ...good, weekdays: [7, 6, 5, 4, 3, 2, 1] })).toBe(true);
	});

	it('refuses an end before the start, and allows a one-day rule', () => {
		expect(messages(recurrenceRuleSchema, { ...good, endDate: '2026-01-04' })).toEqual([
			'end date is before start date'
		]);
		expect(ok(recurrenceRuleSchema, { ...good, endDate: '2026-01-05' })).toBe(true);
	});

	it('refuses bad, repeated or too many skip dates, and unknown fields', () => {
		const many = Array.from({ length: PLANNING_LIMITS.maxSkipDates + 1 }, (_, i) =>
			new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10)
		);
		for (const over of [
			{ skipDates: ['2026-02-30'] },
			{ skipDates: ['2026-05-01', '2026-05-01'] },
			{ skipDates: many },
			{ startDate: '2026-13-01' },
			{ time: '7:00' },
			{ every: 'week' }
		]) {
			expect(ok(recurrenceRuleSchema, { ...good, ...over }), JSON.stringify(over).slice(0, 60)).toBe(false);
		}
		expect(ok(recurrenceRuleSchema, { ...good, skipDates: many.slice(1) })).toBe(true);
	});

	it('produces a domain RecurrenceRule', () => {
		expectTypeOf<RecurrenceRulePayload>().toExtend<RecurrenceRule>();
		expect(ok(recurrenceRuleSchema, good)).toBe(true);
	});
});
