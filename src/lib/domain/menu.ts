/**
 * What is on the plate: dishes, the 14 allergens the law makes us declare, and the diets
 * people ask about at the door. Pure data and pure helpers, shared by the Canteen
 * Master's menu form, the member's "what can I eat" view and the prompt suggestions.
 *
 * Allergens are facts the Canteen Master must declare (EU Regulation 1169/2011,
 * Annex II); diet tags are promises they choose to make. Where the two disagree, the
 * declared allergen wins: a dish tagged vegan that declares milk is not shown as vegan.
 */
import type { Locale, LocalizedText } from './locale.ts';
import { foldWords } from '../text/fold.ts';

/**
 * The 14 allergens of Annex II, in the Annex's order (which is also the display order).
 * Ids are stable: they are stored in menus and sent over the wire.
 */
export const ALLERGENS = [
	{ id: 'gluten', fr: 'Céréales contenant du gluten', en: 'Cereals containing gluten' },
	{ id: 'crustaceans', fr: 'Crustacés', en: 'Crustaceans' },
	{ id: 'eggs', fr: 'Œufs', en: 'Eggs' },
	{ id: 'fish', fr: 'Poissons', en: 'Fish' },
	{ id: 'peanuts', fr: 'Arachides', en: 'Peanuts' },
	{ id: 'soybeans', fr: 'Soja', en: 'Soybeans' },
	{ id: 'milk', fr: 'Lait', en: 'Milk' },
	{ id: 'nuts', fr: 'Fruits à coque', en: 'Nuts' },
	{ id: 'celery', fr: 'Céleri', en: 'Celery' },
	{ id: 'mustard', fr: 'Moutarde', en: 'Mustard' },
	{ id: 'sesame', fr: 'Graines de sésame', en: 'Sesame seeds' },
	{ id: 'sulphites', fr: 'Anhydride sulfureux et sulfites', en: 'Sulphur dioxide and sulphites' },
	{ id: 'lupin', fr: 'Lupin', en: 'Lupin' },
	{ id: 'molluscs', fr: 'Mollusques', en: 'Molluscs' }
] as const satisfies readonly ({ id: string } & LocalizedText)[];

export type AllergenId = (typeof ALLERGENS)[number]['id'];
export const ALLERGEN_IDS: readonly AllergenId[] = ALLERGENS.map((a) => a.id);

export const DIETS = [
	{ id: 'vegetarian', fr: 'Végétarien', en: 'Vegetarian' },
	{ id: 'vegan', fr: 'Végétalien', en: 'Vegan' },
	{ id: 'halal', fr: 'Halal', en: 'Halal' },
	{ id: 'kosher', fr: 'Casher', en: 'Kosher' },
	{ id: 'pork-free', fr: 'Sans porc', en: 'Pork-free' },
	{ id: 'gluten-free', fr: 'Sans gluten', en: 'Gluten-free' },
	{ id: 'lactose-free', fr: 'Sans lactose', en: 'Lactose-free' },
	{ id: 'nut-free', fr: 'Sans fruits à coque', en: 'Nut-free' }
] as const satisfies readonly ({ id: string } & LocalizedText)[];

export type DietTag = (typeof DIETS)[number]['id'];
export const DIET_TAGS: readonly DietTag[] = DIETS.map((d) => d.id);

export const COURSES = ['starter', 'main', 'side', 'dessert', 'drink'] as const;
export type Course = (typeof COURSES)[number];

export interface Dish {
	/** Unique within its menu. */
	id: string;
	name: LocalizedText;
	course: Course;
	allergens: AllergenId[];
	diets: DietTag[];
	/** As the Canteen Master writes them, e.g. "pommes de terre", "lait de coco". */
	ingredients: string[];
}

export interface Menu {
	dishes: Dish[];
}

export function allergenLabel({ id, locale }: { id: AllergenId; locale: Locale }): string {
	return ALLERGENS.find((a) => a.id === id)![locale];
}

export function dietLabel({ id, locale }: { id: DietTag; locale: Locale }): string {
	return DIETS.find((d) => d.id === id)![locale];
}

/**
 * Allergens a dish tagged with a diet cannot declare. Only the certain cases: lactose-free
 * is absent because lactose-free milk still carries milk proteins (the allergen), and
 * halal or pork-free are not about any declared allergen. Shellfish is never kosher.
 */
export const DIET_CONFLICTS: Readonly<Record<DietTag, readonly AllergenId[]>> = {
	vegetarian: ['fish', 'crustaceans', 'molluscs'],
	vegan: ['milk', 'eggs', 'fish', 'crustaceans', 'molluscs'],
	halal: [],
	kosher: ['crustaceans', 'molluscs'],
	'pork-free': [],
	'gluten-free': ['gluten'],
	'lactose-free': [],
	'nut-free': ['nuts', 'peanuts']
};

/**
 * Diets a tag promises as well: a vegan dish is vegetarian, has no pork and no lactose.
 * Halal and kosher are never implied: they are a matter of sourcing and preparation,
 * which no other tag vouches for.
 */
const IMPLIES: Readonly<Partial<Record<DietTag, readonly DietTag[]>>> = {
	vegan: ['vegetarian', 'pork-free', 'lactose-free'],
	vegetarian: ['pork-free']
};

const allergenRank = (id: AllergenId) => ALLERGEN_IDS.indexOf(id);

/** Allergens in Annex II order, each once. */
export function sortAllergens(ids: Iterable<AllergenId>): AllergenId[] {
	return [...new Set(ids)].sort((a, b) => allergenRank(a) - allergenRank(b));
}

/**
 * The diets a dish keeps: its own tags and what they imply, less any its allergens break.
 * A broken tag implies nothing: "vegan" on a dish with milk says the form was filled in
 * wrong, so what else it promised (no lactose, vegetarian) is not believed either.
 */
export function dishDiets(dish: Dish): Set<DietTag> {
	const breaks = (tag: DietTag) => DIET_CONFLICTS[tag].some((a) => dish.allergens.includes(a));
	const diets = new Set<DietTag>();
	for (const tag of dish.diets) {
		if (breaks(tag)) continue;
		diets.add(tag);
		for (const implied of IMPLIES[tag] ?? []) if (!breaks(implied)) diets.add(implied);
	}
	return diets;
}

export interface DietWarning {
	diet: DietTag;
	/** The declared allergens that break the diet, in Annex II order. */
	allergens: AllergenId[];
}

/**
 * Tags the dish's own allergens contradict, for the Canteen Master's form to flag before
 * saving (not to refuse: the form shows it, the person decides which one is wrong).
 */
export function checkDietConsistency(dish: Dish): DietWarning[] {
	const warnings: DietWarning[] = [];
	for (const diet of DIET_TAGS) {
		if (!dish.diets.includes(diet)) continue;
		const allergens = sortAllergens(dish.allergens.filter((a) => DIET_CONFLICTS[diet].includes(a)));
		if (allergens.length > 0) warnings.push({ diet, allergens });
	}
	return warnings;
}

/** One warning as a sentence, e.g. "Tagged vegan but declares milk, eggs." */
export function describeDietWarning({ warning, locale }: { warning: DietWarning; locale: Locale }): string {
	const diet = dietLabel({ id: warning.diet, locale });
	const allergens = warning.allergens.map((id) => allergenLabel({ id, locale }).toLowerCase()).join(', ');
	return locale === 'fr'
		? `Marqué « ${diet.toLowerCase()} » mais contient : ${allergens}.`
		: `Tagged ${diet.toLowerCase()} but declares ${allergens}.`;
}

/** A text as one folded phrase: "Œufs brouillés" reads "oeufs brouilles". */
export function foldPhrase(s: string): string {
	return foldWords(s).join(' ');
}

/**
 * The menu as the prompt suggestions read it (`Menu` in `src/lib/prompts/suggest.ts`):
 * each dish name (French and English) and each ingredient as folded words joined by single
 * spaces, each once, in menu order. Phrases are kept whole rather than cut into loose
 * words, because the suggestions read "pommes de terre" as one food: cut up, its "pommes"
 * would match the prompts about apples.
 */
export function menuKeywords(menu: Menu): { dishes: string[]; ingredients: string[] } {
	const unique = (texts: string[]) => [...new Set(texts.map(foldPhrase).filter((t) => t !== ''))];
	return {
		dishes: unique(menu.dishes.flatMap((d) => [d.name.fr, d.name.en])),
		ingredients: unique(menu.dishes.flatMap((d) => d.ingredients))
	};
}
