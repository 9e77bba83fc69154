/** A plan's figures as words in the current language, for the pages, the console and phones. */
import { ALLERGENS, DIETS, dishDiets, type Dish } from '../domain/menu.ts';
import { formatEuros } from '../domain/planning.ts';
import { i18n, t } from '../i18n/index.svelte.ts';

/** "2 h", "1 h 30", "45 min". */
export function durationText(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	if (h === 0) return t('plan.minutes', { n: m });
	return m === 0 ? t('plan.hours', { h }) : t('plan.hoursMinutes', { h, m: String(m).padStart(2, '0') });
}

export function priceText(cents: number): string {
	return formatEuros({ cents, locale: i18n.locale });
}

/** A dish's allergens, named, in the Annex's order whatever order they were ticked in. */
export function allergenNames(dish: Dish): string[] {
	return ALLERGENS.filter((a) => dish.allergens.includes(a.id)).map((a) => a[i18n.locale]);
}

/** The diets a dish keeps (dishDiets), named, in the diet list's order. */
export function dietNames(dish: Dish): string[] {
	const kept = dishDiets(dish);
	return DIETS.filter((d) => kept.has(d.id)).map((d) => d[i18n.locale]);
}
