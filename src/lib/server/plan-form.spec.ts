import { describe, expect, it } from 'vitest';
import { fr } from '../i18n/fr.ts';
import { planIssueErrors, readPlanForm } from './plan-form.ts';

const base: Record<string, string> = {
	title: '  Déjeuner   du mercredi ',
	date: '2030-05-02',
	time: '12:30',
	duration: '120',
	capacity: '40',
	price: '3,50'
};

function form(fields: Record<string, string | string[]>): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields))
		for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
	return data;
}

const errorsOf = (fields: Record<string, string | string[]>) => {
	const result = readPlanForm(form(fields));
	expect(result.ok).toBe(false);
	return result.ok ? {} : result.errors;
};

describe('readPlanForm', () => {
	it('reads an optional English title: kept when given, left out when blank, its own error when wrong', () => {
		const given = readPlanForm(form({ ...base, titleEn: '  Wednesday   lunch ' }));
		expect(given.ok && given.plan.titleEn).toBe('Wednesday lunch');
		const blank = readPlanForm(form({ ...base, titleEn: '   ' }));
		expect(blank.ok && 'titleEn' in blank.plan).toBe(false);
		expect(errorsOf({ ...base, titleEn: 'x'.repeat(81) })).toEqual({ titleEn: 'plan.titleEnInvalid' });
		expect(errorsOf({ ...base, titleEn: 'a\u0007b' })).toEqual({ titleEn: 'plan.titleEnInvalid' });
		// What was typed comes back, so a refused form keeps it.
		const refused = readPlanForm(form({ ...base, titleEn: 'a\u0007b', title: '' }));
		expect(refused.values.titleEn).toBe('a\u0007b');
	});

	it('reads the plan and its dishes, skipping blank rows', () => {
		const result = readPlanForm(
			form({
				...base,
				'dish.0.fr': 'Soupe de potiron',
				'dish.0.en': '',
				'dish.0.course': 'starter',
				'dish.0.allergens': ['celery', 'milk'],
				'dish.0.diets': ['vegetarian'],
				'dish.0.ingredients': 'potiron, crème ; oignon,, ',
				'dish.1.fr': '',
				'dish.1.en': '',
				'dish.1.course': 'main',
				'dish.1.ingredients': ' ',
				'dish.2.fr': '',
				'dish.2.en': 'Apple crumble',
				'dish.2.course': 'dessert'
			})
		);
		expect(result).toMatchObject({ ok: true });
		if (!result.ok) return;
		expect(result.plan).toEqual({
			title: 'Déjeuner du mercredi',
			date: '2030-05-02',
			time: '12:30',
			durationMinutes: 120,
			capacity: 40,
			pricePerPlateCents: 350,
			menu: {
				dishes: [
					{
						id: 'd1',
						name: { fr: 'Soupe de potiron', en: '' },
						course: 'starter',
						// Annex II order, whatever order they were ticked in.
						allergens: ['milk', 'celery'],
						diets: ['vegetarian'],
						ingredients: ['potiron', 'crème', 'oignon']
					},
					{
						id: 'd2',
						name: { fr: '', en: 'Apple crumble' },
						course: 'dessert',
						allergens: [],
						diets: [],
						ingredients: []
					}
				]
			}
		});
		expect(result.values.dishes).toHaveLength(3);
	});

	it('takes a price with a dot, a euro sign, or nothing after the point', () => {
		for (const [price, cents] of [
			['3.5', 350],
			['4 €', 400],
			['0', 0]
		] as const) {
			const result = readPlanForm(form({ ...base, price }));
			expect(result.ok && result.plan.pricePerPlateCents, price).toBe(cents);
		}
	});

	it('marks each malformed field with its own message', () => {
		const cases: [Record<string, string>, string, string][] = [
			[{ title: '' }, 'title', 'plan.titleInvalid'],
			[{ title: 'x'.repeat(81) }, 'title', 'plan.titleInvalid'],
			[{ title: 'a\u0000b' }, 'title', 'plan.titleInvalid'],
			[{ title: 'x'.repeat(100_000) }, 'title', 'plan.titleInvalid'],
			[{ date: '2030-02-30' }, 'date', 'plan.dateInvalid'],
			[{ date: '02/05/2030' }, 'date', 'plan.dateInvalid'],
			[{ time: '25:00' }, 'time', 'plan.timeInvalid'],
			[{ time: 'midi' }, 'time', 'plan.timeInvalid'],
			[{ duration: '5' }, 'duration', 'plan.durationInvalid'],
			[{ duration: '1000' }, 'duration', 'plan.durationInvalid'],
			[{ duration: '1.5' }, 'duration', 'plan.durationInvalid'],
			[{ duration: '-30' }, 'duration', 'plan.durationInvalid'],
			[{ capacity: '0' }, 'capacity', 'plan.capacityInvalid'],
			[{ capacity: '201' }, 'capacity', 'plan.capacityInvalid'],
			[{ capacity: 'beaucoup' }, 'capacity', 'plan.capacityInvalid'],
			[{ price: '-3' }, 'price', 'plan.priceInvalid'],
			[{ price: '3,505' }, 'price', 'plan.priceInvalid'],
			[{ price: '101' }, 'price', 'plan.priceInvalid'],
			[{ price: '' }, 'price', 'plan.priceInvalid']
		];
		for (const [over, field, key] of cases)
			expect(errorsOf({ ...base, ...over }), JSON.stringify(over).slice(0, 60)).toEqual({ [field]: key });
	});

	it('marks every missing field at once', () => {
		expect(errorsOf({})).toEqual({
			title: 'plan.titleInvalid',
			date: 'plan.dateInvalid',
			time: 'plan.timeInvalid',
			duration: 'plan.durationInvalid',
			capacity: 'plan.capacityInvalid',
			price: 'plan.priceInvalid'
		});
	});

	it('marks a dish by the row it was typed in', () => {
		const blankRow = { 'dish.0.fr': '', 'dish.0.en': '', 'dish.0.course': 'main' };
		expect(errorsOf({ ...base, ...blankRow, 'dish.1.course': 'main', 'dish.1.allergens': 'milk' })).toEqual({
			'dish.1.name': 'plan.dishNameInvalid'
		});
		expect(errorsOf({ ...base, 'dish.3.fr': 'x'.repeat(81), 'dish.3.course': 'main' })).toEqual({
			'dish.3.name': 'plan.dishNameInvalid'
		});
		expect(errorsOf({ ...base, 'dish.0.fr': 'Soupe', 'dish.0.course': 'main', 'dish.0.allergens': 'cheese' })).toEqual({
			'dish.0.tags': 'auth.badForm'
		});
		expect(errorsOf({ ...base, 'dish.0.fr': 'Soupe', 'dish.0.course': 'main', 'dish.0.diets': 'paleo' })).toEqual({
			'dish.0.tags': 'auth.badForm'
		});
		expect(errorsOf({ ...base, 'dish.0.fr': 'Soupe', 'dish.0.course': 'brunch' })).toEqual({
			'dish.0.course': 'auth.badForm'
		});
		expect(
			errorsOf({ ...base, 'dish.0.fr': 'Soupe', 'dish.0.course': 'main', 'dish.0.allergens': ['milk', 'milk'] })
		).toEqual({ 'dish.0.tags': 'auth.badForm' });
		expect(
			errorsOf({ ...base, 'dish.0.fr': 'Soupe', 'dish.0.course': 'main', 'dish.0.ingredients': 'x'.repeat(41) })
		).toEqual({ 'dish.0.ingredients': 'plan.ingredientsInvalid' });
		expect(
			errorsOf({
				...base,
				'dish.0.fr': 'Soupe',
				'dish.0.course': 'main',
				'dish.0.ingredients': Array.from({ length: 31 }, (_, i) => `i${i}`).join(',')
			})
		).toEqual({ 'dish.0.ingredients': 'plan.ingredientsInvalid' });
	});

	it('refuses more dishes than a menu holds, and more rows than a page has', () => {
		const dishes = (n: number) =>
			Object.fromEntries(
				Array.from({ length: n }, (_, i) => [
					[`dish.${i}.fr`, `Plat ${i}`],
					[`dish.${i}.course`, 'main']
				]).flat()
			);
		expect(readPlanForm(form({ ...base, ...dishes(12) })).ok).toBe(true);
		expect(errorsOf({ ...base, ...dishes(13) })).toEqual({ menu: 'plan.tooManyDishes' });
		const rows = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`dish.${i}.fr`, '']));
		expect(errorsOf({ ...base, ...rows })).toEqual({ menu: 'plan.tooManyDishes' });
	});

	it('echoes what was typed, cut short, and only ever answers translation keys', () => {
		const result = readPlanForm(form({ ...base, title: 'x'.repeat(100_000), price: 'abc' }));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.values.title).toHaveLength(300);
		expect(result.values.price).toBe('abc');
		for (const key of Object.values(result.errors)) expect(Object.keys(fr)).toContain(key);
	});
});

describe('planIssueErrors', () => {
	it('puts each plan rule on its field', () => {
		expect(
			planIssueErrors([
				{ field: 'date', code: 'date_in_past' },
				{ field: 'durationMinutes', code: 'ends_after_midnight' },
				{ field: 'capacity', code: 'capacity_below_expected' }
			])
		).toEqual({
			date: 'plan.dateInPast',
			duration: 'plan.endsAfterMidnight',
			capacity: 'plan.capacityBelowCheckedIn'
		});
	});
});
