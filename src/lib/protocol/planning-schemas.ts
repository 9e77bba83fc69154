/**
 * Schemas for what the Canteen Master sends while planning: dishes and menus, a meal's
 * plan, task templates and recurrence rules. Strict objects, so a field the server sets
 * itself (ids of plans and templates, the canteen, the status) is a `bad_request` when
 * sent. The rules a shape cannot say (a room big enough for those expected, a date in the
 * future) are in `domain/planning.ts`.
 */
import * as v from 'valibot';
import { ALLERGEN_IDS, COURSES, DIET_TAGS, sortAllergens, type AllergenId, type DietTag } from '../domain/menu.ts';
import { isCalendarDate, isWallTime } from '../domain/recurrence.ts';
import { TEMPLATE_PHASES } from '../domain/templates.ts';
import { TASK_KINDS } from '../domain/types.ts';
import { emoji, LIMITS } from './schemas.ts';
import { localizedText, singleLine } from './text.ts';

export const PLANNING_LIMITS = {
	dishNameLength: LIMITS.titleLength,
	mealTitleLength: LIMITS.titleLength,
	ingredientLength: 40,
	ingredientsPerDish: 30,
	dishesPerMenu: 12,
	/** A lunch is 1–2 hours; a long Sunday meal with its cooking, 8. */
	minDurationMinutes: 15,
	maxDurationMinutes: 8 * 60,
	/** 100 €: far above any canteen's cost per plate, low enough to catch a slipped decimal. */
	maxPricePerPlateCents: 10_000,
	minCapacity: 1,
	maxCapacity: 200,
	maxTemplateOrder: 1_000_000,
	/** A year of bank holidays and breaks, with room to spare. */
	maxSkipDates: 100
} as const;

const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an id'));

const wholeNumber = (what: string, min: number, max: number) =>
	v.pipe(
		v.number(),
		v.integer(`${what} must be a whole number`),
		v.minValue(min, `${what} is below ${min}`),
		v.maxValue(max, `${what} is above ${max}`)
	);

/** A calendar date, YYYY-MM-DD, that exists: 2025-02-29 does not. */
export const calendarDate = v.pipe(
	v.string(),
	v.regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD'),
	v.check(isCalendarDate, 'date does not exist')
);

/** A time of day, HH:MM on a 24-hour clock. */
export const wallTime = v.pipe(
	v.string(),
	v.regex(/^\d{2}:\d{2}$/, 'time must be HH:MM'),
	v.check(isWallTime, 'time does not exist')
);

const noRepeats = <T>(what: string) => v.check((xs: T[]) => new Set(xs).size === xs.length, `${what} are repeated`);

const allergens = v.pipe(
	v.array(v.picklist(ALLERGEN_IDS)),
	v.maxLength(ALLERGEN_IDS.length),
	noRepeats<AllergenId>('allergens'),
	// Stored in Annex II order, so two menus that say the same compare equal.
	v.transform((xs) => sortAllergens(xs))
);

const diets = v.pipe(
	v.array(v.picklist(DIET_TAGS)),
	v.maxLength(DIET_TAGS.length),
	noRepeats<DietTag>('diets'),
	v.transform((xs) => DIET_TAGS.filter((d) => xs.includes(d)))
);

const ingredient = singleLine({ what: 'ingredient', max: PLANNING_LIMITS.ingredientLength });

export const dishSchema = v.strictObject({
	/** Chosen by the client so the form can key its rows; unique within the menu. */
	id,
	name: localizedText({ what: 'dish name', max: PLANNING_LIMITS.dishNameLength }),
	course: v.picklist(COURSES),
	allergens: v.optional(allergens, []),
	diets: v.optional(diets, []),
	ingredients: v.optional(
		v.pipe(
			v.array(ingredient),
			v.maxLength(PLANNING_LIMITS.ingredientsPerDish, `at most ${PLANNING_LIMITS.ingredientsPerDish} ingredients`)
		),
		[]
	)
});

export const menuSchema = v.strictObject({
	dishes: v.pipe(
		v.array(dishSchema),
		v.maxLength(PLANNING_LIMITS.dishesPerMenu, `at most ${PLANNING_LIMITS.dishesPerMenu} dishes`),
		v.check((ds) => new Set(ds.map((d) => d.id)).size === ds.length, 'dish ids are repeated')
	)
});

/** A meal's plan as the Canteen Master sends it; id, canteen and status are the server's. */
export const mealPlanInput = v.strictObject({
	date: calendarDate,
	time: wallTime,
	durationMinutes: wholeNumber('duration', PLANNING_LIMITS.minDurationMinutes, PLANNING_LIMITS.maxDurationMinutes),
	title: singleLine({ what: 'title', max: PLANNING_LIMITS.mealTitleLength }),
	/** The title for English phones and screens; empty: they read the French one. */
	titleEn: v.optional(singleLine({ what: 'English title', max: PLANNING_LIMITS.mealTitleLength, min: 0 })),
	menu: v.optional(menuSchema, { dishes: [] }),
	pricePerPlateCents: wholeNumber('price per plate', 0, PLANNING_LIMITS.maxPricePerPlateCents),
	capacity: wholeNumber('capacity', PLANNING_LIMITS.minCapacity, PLANNING_LIMITS.maxCapacity)
});

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Exactly one emoji: one user-perceived character, however many code points it takes. */
const icon = v.pipe(
	emoji,
	v.check((s) => s !== '', 'icon is empty'),
	v.check((s) => [...graphemes.segment(s)].length === 1, 'icon must be one emoji')
);

/** A task template as the Canteen Master sends it; id and canteen are the server's. */
export const taskTemplateInput = v.strictObject({
	kind: v.picklist(TASK_KINDS),
	title: localizedText({ what: 'title', max: LIMITS.titleLength }),
	slots: wholeNumber('slots', 1, LIMITS.maxSlots),
	phase: v.picklist(TEMPLATE_PHASES),
	icon,
	order: v.optional(wholeNumber('order', 0, PLANNING_LIMITS.maxTemplateOrder), 0)
});

export const recurrenceRuleSchema = v.pipe(
	v.strictObject({
		weekdays: v.pipe(
			v.array(wholeNumber('weekday', 1, 7)),
			v.minLength(1, 'at least one weekday'),
			v.maxLength(7, 'too many weekdays'),
			noRepeats<number>('weekdays'),
			v.transform((ws) => [...ws].sort((a, b) => a - b))
		),
		time: wallTime,
		startDate: calendarDate,
		endDate: v.optional(calendarDate),
		skipDates: v.optional(
			v.pipe(
				v.array(calendarDate),
				v.maxLength(PLANNING_LIMITS.maxSkipDates, `at most ${PLANNING_LIMITS.maxSkipDates} skip dates`),
				noRepeats<string>('skip dates'),
				v.transform((ds) => [...ds].sort())
			)
		)
	}),
	// YYYY-MM-DD compares as text in calendar order.
	v.check((r) => r.endDate === undefined || r.endDate >= r.startDate, 'end date is before start date')
);

export type DishInput = v.InferInput<typeof dishSchema>;
export type DishPayload = v.InferOutput<typeof dishSchema>;
export type MenuPayload = v.InferOutput<typeof menuSchema>;
export type MealPlanInput = v.InferInput<typeof mealPlanInput>;
export type MealPlanPayload = v.InferOutput<typeof mealPlanInput>;
export type TaskTemplateInput = v.InferInput<typeof taskTemplateInput>;
export type TaskTemplatePayload = v.InferOutput<typeof taskTemplateInput>;
export type RecurrenceRuleInput = v.InferInput<typeof recurrenceRuleSchema>;
export type RecurrenceRulePayload = v.InferOutput<typeof recurrenceRuleSchema>;
