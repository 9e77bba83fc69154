/**
 * A meal's title in a language: English phones and screens read the English title when the
 * Canteen Master gave one, else the French one; everyone else reads the French one. The
 * kitchen screen shows both when both languages are at the table (`mealTitleLines`), as it
 * does for task titles.
 */
import type { Locale, MealMeta } from './types.ts';

export function mealTitle(meta: Pick<MealMeta, 'title' | 'titleEn'>, locale: Locale): string {
	return locale === 'en' && meta.titleEn ? meta.titleEn : meta.title;
}

/** The title in each language shown, French first; one line when there is one title. */
export function mealTitleLines(
	meta: Pick<MealMeta, 'title' | 'titleEn'>,
	languages: readonly Locale[]
): { locale: Locale; text: string }[] {
	const showEn = meta.titleEn && meta.titleEn !== meta.title && languages.includes('en');
	const showFr = !showEn || languages.includes('fr');
	return [
		...(showFr ? [{ locale: 'fr' as const, text: meta.title }] : []),
		...(showEn ? [{ locale: 'en' as const, text: meta.titleEn! }] : [])
	];
}
