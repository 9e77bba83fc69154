/**
 * First start: a demo canteen with today's lunch and a realistic set of tasks, so a
 * person who just ran `npm start` can join from a phone at once.
 */
import { createMeal, type CreatedMeal } from '../board/meals.ts';
import type { Storage } from '../storage/storage.ts';
import type { NewMeal } from '../board/meals.ts';

export const DEMO_CANTEEN_ID = 'canteen_demo';

export const DEMO_TASKS: NewMeal['tasks'] = [
	{
		kind: 'welcome',
		title: { fr: 'Accueillir les personnes qui arrivent', en: 'Welcome people as they arrive' },
		slots: 1,
		icon: '👋'
	},
	{
		kind: 'cooking',
		title: { fr: 'Éplucher et couper les carottes', en: 'Peel and cut the carrots' },
		slots: 2,
		icon: '🥕'
	},
	{ kind: 'cooking', title: { fr: 'Préparer la soupe de potiron', en: 'Make the pumpkin soup' }, slots: 2, icon: '🎃' },
	{
		kind: 'cooking',
		title: { fr: 'Préparer la salade de lentilles', en: 'Make the lentil salad' },
		slots: 1,
		icon: '🥗'
	},
	{ kind: 'cooking', title: { fr: 'Couper le pain', en: 'Slice the bread' }, slots: 1, icon: '🥖' },
	{ kind: 'table', title: { fr: 'Mettre la table', en: 'Set the table' }, slots: 3, icon: '🍽️' },
	{ kind: 'table', title: { fr: 'Servir les plats', en: 'Serve the dishes' }, slots: 2, icon: '🥄' },
	{ kind: 'dishes', title: { fr: 'Faire la vaisselle', en: 'Wash up' }, slots: 3, icon: '🧽' },
	{ kind: 'dishes', title: { fr: 'Essuyer et ranger', en: 'Dry and put away' }, slots: 2, icon: '🍴' },
	{ kind: 'other', title: { fr: 'Sortir le compost', en: 'Take out the compost' }, slots: 1, icon: '♻️' }
];

/**
 * Today's lunch as a Canteen Master would plan it: what is cooked in the tasks above, its
 * allergens declared and the diets it keeps, and what a plate costs the canteen.
 */
export const DEMO_PLAN: NonNullable<NewMeal['plan']> = {
	durationMinutes: 150,
	capacity: 40,
	pricePerPlateCents: 350,
	menu: {
		dishes: [
			{
				id: 'd1',
				name: { fr: 'Soupe de potiron au lait de coco', en: 'Pumpkin soup with coconut milk' },
				course: 'starter',
				allergens: ['celery'],
				diets: ['vegan', 'gluten-free'],
				ingredients: ['potiron', 'oignons', 'céleri', 'lait de coco', 'gingembre']
			},
			{
				id: 'd2',
				name: { fr: 'Salade de lentilles, vinaigrette à la moutarde', en: 'Lentil salad, mustard dressing' },
				course: 'main',
				allergens: ['mustard'],
				diets: ['vegan', 'halal', 'gluten-free'],
				ingredients: ['lentilles vertes', 'carottes', 'échalotes', 'persil', 'moutarde']
			},
			{
				id: 'd3',
				name: { fr: 'Pain de campagne', en: 'Country bread' },
				course: 'side',
				allergens: ['gluten', 'sesame'],
				diets: ['vegan'],
				ingredients: ['farine de blé', 'levain', 'graines de sésame']
			},
			{
				id: 'd4',
				name: { fr: 'Crumble aux pommes et noisettes', en: 'Apple and hazelnut crumble' },
				course: 'dessert',
				allergens: ['gluten', 'milk', 'nuts'],
				diets: ['vegetarian'],
				ingredients: ['pommes', 'farine', 'beurre', 'sucre roux', 'noisettes']
			}
		]
	}
};

function today(now: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export async function seedDemo(storage: Pick<Storage, 'meals' | 'boardLog'>, now = new Date()): Promise<CreatedMeal> {
	// The canteen may exist from a start that died before its links were saved.
	if (!(await storage.meals.getCanteen(DEMO_CANTEEN_ID))) {
		await storage.meals.createCanteen({ id: DEMO_CANTEEN_ID, name: 'La Cantine du Canal', createdAt: now.getTime() });
	}
	return createMeal(storage, {
		canteenId: DEMO_CANTEEN_ID,
		title: 'Déjeuner du jour',
		date: today(now),
		time: '12:30',
		status: 'open',
		plan: DEMO_PLAN,
		tasks: DEMO_TASKS
	});
}
