/**
 * First start: a demo canteen with today's lunch and a realistic set of tasks, so a
 * person who just ran `npm start` can join from a phone at once.
 */
import { createMeal, type CreatedMeal } from '../board/meals.ts';
import type { Store } from '../storage/store.ts';
import type { NewMeal } from '../board/meals.ts';

export const DEMO_CANTEEN_ID = 'canteen_demo';

export const DEMO_TASKS: NewMeal['tasks'] = [
	{
		kind: 'welcome',
		title: { fr: 'Accueillir les personnes qui arrivent', en: 'Welcome people as they arrive' },
		slots: 1
	},
	{ kind: 'cooking', title: { fr: 'Éplucher et couper les carottes', en: 'Peel and cut the carrots' }, slots: 2 },
	{ kind: 'cooking', title: { fr: 'Préparer la soupe de potiron', en: 'Make the pumpkin soup' }, slots: 2 },
	{ kind: 'cooking', title: { fr: 'Préparer la salade de lentilles', en: 'Make the lentil salad' }, slots: 1 },
	{ kind: 'cooking', title: { fr: 'Couper le pain', en: 'Slice the bread' }, slots: 1 },
	{ kind: 'table', title: { fr: 'Mettre la table', en: 'Set the table' }, slots: 3 },
	{ kind: 'table', title: { fr: 'Servir les plats', en: 'Serve the dishes' }, slots: 2 },
	{ kind: 'dishes', title: { fr: 'Faire la vaisselle', en: 'Wash up' }, slots: 3 },
	{ kind: 'dishes', title: { fr: 'Essuyer et ranger', en: 'Dry and put away' }, slots: 2 },
	{ kind: 'other', title: { fr: 'Sortir le compost', en: 'Take out the compost' }, slots: 1 }
];

function today(now: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export async function seedDemo(store: Store, now = new Date()): Promise<CreatedMeal> {
	// The canteen may exist from a start that died before its links were saved.
	if (!(await store.getCanteen(DEMO_CANTEEN_ID))) {
		await store.createCanteen({ id: DEMO_CANTEEN_ID, name: 'La Cantine du Canal', createdAt: now.getTime() });
	}
	return createMeal(store, {
		canteenId: DEMO_CANTEEN_ID,
		title: 'Déjeuner du jour',
		date: today(now),
		time: '12:30',
		status: 'open',
		tasks: DEMO_TASKS
	});
}
