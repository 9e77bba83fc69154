/**
 * Task templates: the jobs a canteen needs done at every meal, written once and copied
 * onto each new meal's board, so the Canteen Master does not type "Washing-up" 6 times
 * a week. A template becomes an ordinary task; changing a template later leaves the
 * boards already seeded alone.
 */
import { LIMITS } from '../protocol/schemas.ts';
import type { LocalizedText, Task, TaskKind } from './types.ts';

/** When in the meal the job happens; the board lists them in this order. */
export const TEMPLATE_PHASES = ['before', 'during', 'after'] as const;
export type TemplatePhase = (typeof TEMPLATE_PHASES)[number];

export interface TaskTemplate {
	id: string;
	canteenId: string;
	kind: TaskKind;
	title: LocalizedText;
	/** Places on the task, 1–30. */
	slots: number;
	phase: TemplatePhase;
	/** One emoji, shown beside the title. */
	icon: string;
	/** Position within its phase; smaller first. */
	order: number;
}

const phaseRank = (p: TemplatePhase) => TEMPLATE_PHASES.indexOf(p);

/** Templates in board order: by phase, then order, then id so that ties never flicker. */
export function sortTemplates<T extends Pick<TaskTemplate, 'id' | 'phase' | 'order'>>(templates: Iterable<T>): T[] {
	return [...templates].sort(
		(a, b) => phaseRank(a.phase) - phaseRank(b.phase) || a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}

/**
 * Fresh open tasks for a new meal's board, one per template, ordered by phase then order
 * and numbered 0, 1, 2… so the board shows "before" jobs first. A board holds at most
 * `LIMITS.maxTasks` tasks; templates beyond that (in board order) are left out rather than
 * failing the whole meal.
 */
export function tasksFromTemplates({
	templates,
	newId,
	now
}: {
	templates: readonly Omit<TaskTemplate, 'canteenId'>[];
	newId: () => string;
	now: number;
}): Task[] {
	return sortTemplates(templates)
		.slice(0, LIMITS.maxTasks)
		.map((t, index) => ({
			id: newId(),
			kind: t.kind,
			title: { fr: t.title.fr, en: t.title.en },
			slots: t.slots,
			order: index,
			status: 'open',
			claims: [],
			createdAt: now,
			...(t.icon ? { icon: t.icon } : {})
		}));
}

type DefaultTemplate = Omit<TaskTemplate, 'canteenId'>;

const t = (
	id: string,
	phase: TemplatePhase,
	order: number,
	kind: TaskKind,
	icon: string,
	slots: number,
	fr: string,
	en: string
): DefaultTemplate => ({ id, kind, title: { fr, en }, slots, phase, icon, order });

/**
 * A new canteen's starting set, for a lunch of 30 to 50 people cooked on site. Slots are
 * what the job really takes: three peel, two stir the pots. Ids are stable so a canteen's
 * copy can say which default it came from.
 */
export const DEFAULT_TEMPLATES: readonly DefaultTemplate[] = [
	t(
		'default-setup',
		'before',
		0,
		'other',
		'🧑‍🍳',
		1,
		'Ouvrir la cuisine et sortir le matériel',
		'Open the kitchen and get the equipment out'
	),
	t('default-peel', 'before', 1, 'cooking', '🥕', 3, 'Laver et éplucher les légumes', 'Wash and peel the vegetables'),
	t('default-starter', 'before', 2, 'cooking', '🥗', 2, 'Préparer l’entrée', 'Make the starter'),
	t('default-main', 'before', 3, 'cooking', '🍲', 2, 'Cuisiner le plat principal', 'Cook the main dish'),
	t('default-dessert', 'before', 4, 'cooking', '🍰', 2, 'Préparer le dessert', 'Make the dessert'),
	t('default-tables', 'before', 5, 'table', '🍽️', 3, 'Dresser les tables', 'Set the tables'),
	t(
		'default-welcome',
		'during',
		0,
		'welcome',
		'👋',
		2,
		'Accueillir les convives à la porte',
		'Welcome people at the door'
	),
	t('default-water', 'during', 1, 'table', '💧', 1, 'Servir l’eau et le pain', 'Bring water and bread to the tables'),
	t('default-serve', 'during', 2, 'table', '🥄', 2, 'Servir les assiettes', 'Serve the plates'),
	t('default-clear', 'after', 0, 'table', '🧺', 3, 'Débarrasser les tables', 'Clear the tables'),
	t('default-wash', 'after', 1, 'dishes', '🧽', 3, 'Faire la vaisselle', 'Do the washing-up'),
	t('default-dry', 'after', 2, 'dishes', '🍴', 2, 'Essuyer et ranger la vaisselle', 'Dry and put away the dishes'),
	t(
		'default-compost',
		'after',
		3,
		'other',
		'♻️',
		1,
		'Trier les déchets et vider le compost',
		'Sort the waste and empty the compost'
	),
	t('default-tidy', 'after', 4, 'other', '🧹', 2, 'Balayer et ranger la salle', 'Sweep and tidy the room')
];

/**
 * The default set as a canteen's own templates, with fresh ids, for the Canteen Master to
 * edit from there.
 */
export function seedTemplates({ canteenId, newId }: { canteenId: string; newId: () => string }): TaskTemplate[] {
	return DEFAULT_TEMPLATES.map((d) => ({ ...d, id: newId(), canteenId, title: { ...d.title } }));
}
