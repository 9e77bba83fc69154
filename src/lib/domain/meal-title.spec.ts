import { describe, expect, it } from 'vitest';
import { mealTitle, mealTitleLines } from './meal-title.ts';

describe('a meal’s title in a language', () => {
	const both = { title: 'Déjeuner du jour', titleEn: 'Today’s lunch' };
	const frOnly = { title: 'Déjeuner du jour' };

	it('gives English phones the English title, with the French one as fallback', () => {
		expect(mealTitle(both, 'en')).toBe('Today’s lunch');
		expect(mealTitle(both, 'fr')).toBe('Déjeuner du jour');
		expect(mealTitle(frOnly, 'en')).toBe('Déjeuner du jour');
		expect(mealTitle({ title: 'Soupe', titleEn: '' }, 'en')).toBe('Soupe');
	});

	it('shows both on the screen when both languages are at the table, French first', () => {
		expect(mealTitleLines(both, ['fr', 'en'])).toEqual([
			{ locale: 'fr', text: 'Déjeuner du jour' },
			{ locale: 'en', text: 'Today’s lunch' }
		]);
		expect(mealTitleLines(both, ['fr'])).toEqual([{ locale: 'fr', text: 'Déjeuner du jour' }]);
		expect(mealTitleLines(both, ['en'])).toEqual([{ locale: 'en', text: 'Today’s lunch' }]);
		// No English title, or the same words: one line.
		expect(mealTitleLines(frOnly, ['fr', 'en'])).toEqual([{ locale: 'fr', text: 'Déjeuner du jour' }]);
		expect(mealTitleLines({ title: 'Couscous', titleEn: 'Couscous' }, ['fr', 'en'])).toEqual([
			{ locale: 'fr', text: 'Couscous' }
		]);
	});
});
