/**
 * The plan form (new meal, edit a meal) read from its fields into a plan, with an i18n
 * key per field that is wrong, so the page marks each field in the person's language.
 * The rules are not repeated here: the fields are shaped into the protocol's
 * `mealPlanInput` and parsed by it; this file only says which field an issue belongs to.
 *
 * Fields: `title`, `date` (YYYY-MM-DD), `time` (HH:MM), `duration` (minutes),
 * `capacity`, `price` (euros, comma or dot), and per dish row i: `dish.i.fr`, `dish.i.en`,
 * `dish.i.course`, `dish.i.allergens` and `dish.i.diets` (repeated checkboxes),
 * `dish.i.ingredients` (comma-separated). Rows left blank are ignored, so a page without
 * JavaScript can offer a couple of empty rows.
 */
import * as v from 'valibot';
import { parseEuros } from '../domain/euros.ts';
import type { PlanInput } from '../domain/plan-board.ts';
import type { PlanIssue } from '../domain/planning.ts';
import type { MessageKey } from '../i18n/fr.ts';
import { mealPlanInput, PLANNING_LIMITS } from '../protocol/planning-schemas.ts';

/** What the page shows back after a refused submit, as typed. */
export interface DishDraft {
	fr: string;
	en: string;
	course: string;
	allergens: string[];
	diets: string[];
	ingredients: string;
}

export interface PlanFormValues {
	title: string;
	titleEn: string;
	date: string;
	time: string;
	duration: string;
	capacity: string;
	price: string;
	dishes: DishDraft[];
}

/** Field name (`title`, `dish.2.name`, `menu`, `form`…) → message key. */
export type PlanFormErrors = Record<string, MessageKey>;

export type PlanFormResult =
	{ ok: true; plan: PlanInput; values: PlanFormValues } | { ok: false; errors: PlanFormErrors; values: PlanFormValues };

/** A page has at most this many rows; more is not a person filling in a form. */
const MAX_ROWS = 40;
/** Echoed values are cut: a refused 100 kB title is not sent back whole. */
const ECHO_MAX = 300;
const ROW_FIELD = /^dish\.(\d{1,3})\.(fr|en|course|allergens|diets|ingredients)$/;

const FIELD_KEYS: Record<string, MessageKey> = {
	title: 'plan.titleInvalid',
	titleEn: 'plan.titleEnInvalid',
	date: 'plan.dateInvalid',
	time: 'plan.timeInvalid',
	durationMinutes: 'plan.durationInvalid',
	capacity: 'plan.capacityInvalid',
	pricePerPlateCents: 'plan.priceInvalid'
};
const FORM_FIELDS: Record<string, string> = { durationMinutes: 'duration', pricePerPlateCents: 'price' };

const DISH_KEYS: Record<string, [field: string, key: MessageKey]> = {
	name: ['name', 'plan.dishNameInvalid'],
	course: ['course', 'auth.badForm'],
	allergens: ['tags', 'auth.badForm'],
	diets: ['tags', 'auth.badForm'],
	ingredients: ['ingredients', 'plan.ingredientsInvalid'],
	id: ['name', 'auth.badForm']
};

const ISSUE_KEYS: Record<PlanIssue['code'], MessageKey> = {
	invalid_date: 'plan.dateInvalid',
	date_in_past: 'plan.dateInPast',
	invalid_time: 'plan.timeInvalid',
	ends_after_midnight: 'plan.endsAfterMidnight',
	capacity_below_expected: 'plan.capacityBelowCheckedIn',
	duplicate_dish_id: 'auth.badForm'
};

export function readPlanForm(data: FormData): PlanFormResult {
	const text = (name: string) => {
		const value = data.get(name);
		return typeof value === 'string' ? value : '';
	};
	const texts = (name: string) => data.getAll(name).filter((x): x is string => typeof x === 'string');
	const echo = (s: string) => s.slice(0, ECHO_MAX);

	const rows = new Set<number>();
	for (const key of data.keys()) {
		const m = ROW_FIELD.exec(key);
		if (m) rows.add(Number(m[1]));
	}
	const drafts = [...rows]
		.sort((a, b) => a - b)
		.map((i) => ({
			row: i,
			draft: {
				fr: text(`dish.${i}.fr`),
				en: text(`dish.${i}.en`),
				course: text(`dish.${i}.course`),
				allergens: texts(`dish.${i}.allergens`),
				diets: texts(`dish.${i}.diets`),
				ingredients: text(`dish.${i}.ingredients`)
			}
		}));
	const values: PlanFormValues = {
		title: echo(text('title')),
		titleEn: echo(text('titleEn')),
		date: echo(text('date')),
		time: echo(text('time')),
		duration: echo(text('duration')),
		capacity: echo(text('capacity')),
		price: echo(text('price')),
		dishes: drafts.slice(0, MAX_ROWS).map(({ draft: d }) => ({
			fr: echo(d.fr),
			en: echo(d.en),
			course: echo(d.course),
			allergens: d.allergens.slice(0, 20).map(echo),
			diets: d.diets.slice(0, 20).map(echo),
			ingredients: echo(d.ingredients)
		}))
	};
	if (rows.size > MAX_ROWS) return { ok: false, errors: { menu: 'plan.tooManyDishes' }, values };

	const filled = drafts.filter(
		({ draft: d }) =>
			d.fr.trim() !== '' ||
			d.en.trim() !== '' ||
			d.ingredients.trim() !== '' ||
			d.allergens.length > 0 ||
			d.diets.length > 0
	);
	const candidate = {
		title: text('title'),
		// Blank: no English title, and English phones read the French one.
		...(text('titleEn').trim() !== '' ? { titleEn: text('titleEn') } : {}),
		date: text('date').trim(),
		time: text('time').trim(),
		durationMinutes: wholeNumber(text('duration')),
		capacity: wholeNumber(text('capacity')),
		pricePerPlateCents: parseEuros(text('price')) ?? text('price'),
		menu: {
			dishes: filled.map(({ draft: d }, n) => ({
				id: `d${n + 1}`,
				name: { fr: d.fr, en: d.en },
				course: d.course,
				allergens: d.allergens,
				diets: d.diets,
				ingredients: d.ingredients
					.split(/[,;\n]/)
					.map((s) => s.trim())
					.filter((s) => s !== '')
			}))
		}
	};
	const parsed = v.safeParse(mealPlanInput, candidate);
	if (parsed.success) return { ok: true, plan: parsed.output, values };

	const errors: PlanFormErrors = {};
	for (const issue of parsed.issues) {
		const path = issue.path?.map((p) => p.key) ?? [];
		const [top, , index, part] = path;
		let field = 'form';
		let key: MessageKey = 'auth.badForm';
		if (typeof top === 'string' && FIELD_KEYS[top]) {
			field = FORM_FIELDS[top] ?? top;
			key = FIELD_KEYS[top];
		} else if (top === 'menu' && typeof index === 'number' && typeof part === 'string' && DISH_KEYS[part]) {
			const [name, dishKey] = DISH_KEYS[part];
			field = `dish.${filled[index]?.row ?? index}.${name}`;
			key = dishKey;
		} else if (top === 'menu') {
			field = 'menu';
			key = filled.length > PLANNING_LIMITS.dishesPerMenu ? 'plan.tooManyDishes' : 'auth.badForm';
		}
		errors[field] ??= key;
	}
	return { ok: false, errors, values };
}

/** A whole number as typed, or the text itself so the schema reports the field. */
function wholeNumber(s: string): number | string {
	const t = s.trim();
	return /^\d{1,6}$/.test(t) ? Number(t) : t;
}

/** The plan rules' issues (domain/planning.ts) as form errors. */
export function planIssueErrors(issues: readonly PlanIssue[]): PlanFormErrors {
	const errors: PlanFormErrors = {};
	for (const issue of issues) {
		const field = issue.field === 'durationMinutes' ? 'duration' : issue.field;
		errors[field] ??= ISSUE_KEYS[issue.code];
	}
	return errors;
}
