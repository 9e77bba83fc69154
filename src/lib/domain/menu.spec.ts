import { describe, expect, expectTypeOf, it } from 'vitest';
import { suggestPrompts, type Menu as PromptMenu } from '../prompts/suggest.ts';
import type { Prompt } from '../prompts/types.ts';
import {
	ALLERGEN_IDS,
	ALLERGENS,
	allergenLabel,
	checkDietConsistency,
	COURSES,
	describeDietWarning,
	DIET_CONFLICTS,
	DIET_TAGS,
	DIETS,
	dietLabel,
	dishDiets,
	foldPhrase,
	menuKeywords,
	sortAllergens,
	type Dish,
	type Menu
} from './menu.ts';

const dish = (id: string, over: Partial<Dish> = {}): Dish => ({
	id,
	name: { fr: `Plat ${id}`, en: `Dish ${id}` },
	course: 'main',
	allergens: [],
	diets: [],
	ingredients: [],
	...over
});

const soup = dish('soup', {
	name: { fr: 'Velouté de potimarron', en: 'Squash soup' },
	course: 'starter',
	allergens: ['celery', 'milk'],
	diets: ['vegetarian', 'gluten-free'],
	ingredients: ['potimarron', 'crème', 'céleri']
});
const dal = dish('dal', {
	name: { fr: 'Dal de lentilles corail', en: 'Red lentil dal' },
	allergens: ['mustard'],
	diets: ['vegan', 'gluten-free', 'halal'],
	ingredients: ['lentilles corail', 'lait de coco', 'graines de moutarde']
});
const quiche = dish('quiche', {
	name: { fr: 'Quiche aux poireaux', en: 'Leek quiche' },
	allergens: ['milk', 'gluten', 'eggs'],
	diets: ['vegetarian'],
	ingredients: ['poireaux', 'œufs', 'pâte brisée']
});
const tart = dish('tart', {
	name: { fr: 'Tarte aux pommes', en: 'Apple tart' },
	course: 'dessert',
	allergens: ['nuts', 'gluten', 'eggs', 'milk'],
	diets: ['vegetarian'],
	ingredients: ['pommes', 'amandes']
});
const menu: Menu = { dishes: [soup, dal, quiche, tart] };

describe('allergens and diets', () => {
	it('lists the 14 Annex II allergens once each, with both labels', () => {
		expect(ALLERGEN_IDS).toEqual([
			'gluten',
			'crustaceans',
			'eggs',
			'fish',
			'peanuts',
			'soybeans',
			'milk',
			'nuts',
			'celery',
			'mustard',
			'sesame',
			'sulphites',
			'lupin',
			'molluscs'
		]);
		for (const a of ALLERGENS) {
			expect(a.fr.trim()).not.toBe('');
			expect(a.en.trim()).not.toBe('');
		}
		expect(allergenLabel({ id: 'nuts', locale: 'fr' })).toBe('Fruits à coque');
		expect(allergenLabel({ id: 'sulphites', locale: 'en' })).toBe('Sulphur dioxide and sulphites');
	});

	it('lists the diet tags once each, with both labels', () => {
		expect(DIET_TAGS).toEqual([
			'vegetarian',
			'vegan',
			'halal',
			'kosher',
			'pork-free',
			'gluten-free',
			'lactose-free',
			'nut-free'
		]);
		expect(new Set(DIETS.map((d) => d.fr)).size).toBe(DIETS.length);
		expect(dietLabel({ id: 'pork-free', locale: 'fr' })).toBe('Sans porc');
		expect(dietLabel({ id: 'vegan', locale: 'en' })).toBe('Vegan');
		expect(COURSES).toEqual(expect.arrayContaining(['starter', 'main', 'dessert', 'drink', 'side']));
		expect(COURSES).toHaveLength(5);
	});

	it('names only real allergens in the conflict table', () => {
		for (const tag of DIET_TAGS) {
			for (const a of DIET_CONFLICTS[tag]) expect(ALLERGEN_IDS).toContain(a);
		}
		expect(DIET_CONFLICTS['lactose-free']).toEqual([]);
	});
});

describe('sortAllergens', () => {
	it('sorts any allergen list in Annex II order', () => {
		expect(sortAllergens(['molluscs', 'gluten', 'milk', 'gluten'])).toEqual(['gluten', 'milk', 'molluscs']);
	});
});

describe('dishDiets', () => {
	/** The dishes of `dishes` that keep `diet`, by id (what the menu card marks). */
	const keeping = (diet: Parameters<typeof dishDiets>[0]['diets'][number], dishes = menu.dishes) =>
		dishes.filter((d) => dishDiets(d).has(diet)).map((d) => d.id);

	it('keeps each tag of a dish, tags implying others', () => {
		expect(keeping('vegetarian')).toEqual(['soup', 'dal', 'quiche', 'tart']);
		expect(keeping('vegan')).toEqual(['dal']);
		expect(keeping('gluten-free')).toEqual(['soup', 'dal']);
		// Vegetarian implies pork-free; vegan implies lactose-free too.
		expect(keeping('pork-free')).toEqual(['soup', 'dal', 'quiche', 'tart']);
		expect(keeping('lactose-free')).toEqual(['dal']);
	});

	it('never assumes an untagged dish fits, nor that vegetarian means halal', () => {
		expect(keeping('halal')).toEqual(['dal']);
		expect(keeping('kosher')).toEqual([]);
		expect(keeping('nut-free', [dish('plain')])).toEqual([]);
	});

	it('believes the declared allergens over a contradicting tag', () => {
		const wrong = dish('wrong', { allergens: ['milk'], diets: ['vegan'] });
		const glutenFree = dish('gf', { allergens: ['gluten'], diets: ['gluten-free'] });
		expect(keeping('vegan', [wrong, glutenFree])).toEqual([]);
		expect(keeping('gluten-free', [wrong, glutenFree])).toEqual([]);
		// A broken tag vouches for nothing else; a separate, unbroken tag still stands.
		expect([...dishDiets(wrong)]).toEqual([]);
		expect([...dishDiets({ ...wrong, diets: ['vegan', 'vegetarian'] })]).toEqual(['vegetarian', 'pork-free']);
	});

	it('keeps lactose-free dishes that declare milk (lactose-free milk is still milk)', () => {
		const yogurt = dish('yogurt', { allergens: ['milk'], diets: ['lactose-free'] });
		expect(keeping('lactose-free', [yogurt])).toEqual(['yogurt']);
	});
});

describe('checkDietConsistency', () => {
	it('finds nothing wrong in a consistent dish', () => {
		for (const d of menu.dishes) expect(checkDietConsistency(d)).toEqual([]);
	});

	it('warns about vegan dishes declaring animal allergens', () => {
		const d = dish('x', {
			allergens: ['molluscs', 'eggs', 'milk', 'fish', 'crustaceans', 'soybeans'],
			diets: ['vegan']
		});
		expect(checkDietConsistency(d)).toEqual([
			{ diet: 'vegan', allergens: ['crustaceans', 'eggs', 'fish', 'milk', 'molluscs'] }
		]);
	});

	it('warns about vegetarian fish, gluten-free gluten, nut-free nuts and kosher shellfish', () => {
		const d = dish('x', {
			allergens: ['gluten', 'fish', 'peanuts', 'nuts', 'crustaceans'],
			diets: ['nut-free', 'vegetarian', 'gluten-free', 'kosher', 'halal']
		});
		expect(checkDietConsistency(d)).toEqual([
			{ diet: 'vegetarian', allergens: ['crustaceans', 'fish'] },
			{ diet: 'kosher', allergens: ['crustaceans'] },
			{ diet: 'gluten-free', allergens: ['gluten'] },
			{ diet: 'nut-free', allergens: ['peanuts', 'nuts'] }
		]);
	});

	it('does not warn about what a tag merely implies or about lactose-free milk', () => {
		expect(
			checkDietConsistency(dish('x', { allergens: ['milk'], diets: ['lactose-free', 'halal', 'pork-free'] }))
		).toEqual([]);
	});

	it('describes each warning in both languages', () => {
		const warning = { diet: 'vegan' as const, allergens: ['eggs' as const, 'milk' as const] };
		expect(describeDietWarning({ warning, locale: 'en' })).toBe('Tagged vegan but declares eggs, milk.');
		expect(describeDietWarning({ warning, locale: 'fr' })).toBe('Marqué « végétalien » mais contient : œufs, lait.');
	});
});

describe('menuKeywords', () => {
	it('folds case, accents and ligatures and keeps each phrase whole, once', () => {
		expect(foldPhrase('  Œufs brouillés, CRÈME fraîche! ')).toBe('oeufs brouilles creme fraiche');
		expect(foldPhrase("Pain d'épices")).toBe('pain d epices');
		expect(foldPhrase('—')).toBe('');
	});

	it('lists dish names in both languages and ingredients, folded, in menu order', () => {
		const extra = dish('soup2', {
			name: { fr: 'Velouté de potimarron', en: '' },
			ingredients: ['Potimarron', '  ', 'crème']
		});
		expect(menuKeywords({ dishes: [soup, dal, extra] })).toEqual({
			dishes: ['veloute de potimarron', 'squash soup', 'dal de lentilles corail', 'red lentil dal'],
			ingredients: ['potimarron', 'creme', 'celeri', 'lentilles corail', 'lait de coco', 'graines de moutarde']
		});
		expect(menuKeywords({ dishes: [] })).toEqual({ dishes: [], ingredients: [] });
	});

	it('fits the prompt suggestions menu, so "pommes de terre" is not an apple', () => {
		expectTypeOf(menuKeywords(menu)).toExtend<PromptMenu>();
		const prompts: Prompt[] = [
			{
				id: 'apple',
				category: 'menu',
				phases: ['table'],
				text: { fr: 'Pommes ?', en: 'Apples?' },
				keywords: ['pomme'],
				source: 'library'
			},
			{
				id: 'potato',
				category: 'menu',
				phases: ['table'],
				text: { fr: 'Patates ?', en: 'Potatoes?' },
				keywords: ['pomme de terre'],
				source: 'library'
			}
		];
		const gratin = dish('gratin', {
			name: { fr: 'Gratin dauphinois', en: 'Potato gratin' },
			ingredients: ['Pommes de terre', 'crème']
		});
		const reasons = (m: Menu) =>
			Object.fromEntries(
				suggestPrompts({ prompts, phase: 'table', menu: menuKeywords(m), languages: [], now: 0 }).map((s) => [
					s.prompt.id,
					s.reasons.filter((r) => r.startsWith('menu:') || r === 'off-menu')
				])
			);
		expect(reasons({ dishes: [gratin] })).toEqual({ potato: ['menu:pomme de terre'], apple: ['off-menu'] });
		expect(reasons({ dishes: [tart] })).toEqual({ apple: ['menu:pomme'], potato: ['off-menu'] });
	});
});
