/**
 * The task-template and recurring-meal forms: form fields (all strings) turned into the
 * planning payloads (`taskTemplateInput`, `seriesInput`) and checked by those same
 * schemas, with each issue reported as the i18n key of the field it is about. Used with
 * `parseForm` (forms.ts), which turns any other message into "the form is broken".
 */
import { parseEuros } from '../domain/euros.ts';
import * as v from 'valibot';
import type { MessageKey } from '../i18n/fr.ts';
import { taskTemplateInput } from '../protocol/planning-schemas.ts';
import { seriesInput, type SeriesRefusal } from '../../../server/planning/series.ts';
import type { PlanningRefusal } from '../../../server/planning/templates.ts';

export type { PlanningRefusal, SeriesRefusal };

const msg = (key: MessageKey) => key;
const field = (key: MessageKey) => v.string(msg(key));
const id = (key: MessageKey) => v.pipe(field(key), v.regex(/^[A-Za-z0-9_-]{1,40}$/, msg(key)));

/** Whole numbers as typed ("12", " 90 "); anything else becomes NaN, which the schemas refuse. */
const wholeNumber = (s: string) => (/^\s*\d{1,6}\s*$/.test(s) ? Number(s) : Number.NaN);

/** The first key of an issue's path: which field of the payload it is about. */
function pathKeys(issue: v.BaseIssue<unknown>): string[] {
	return (issue.path ?? []).map((p) => String(p.key));
}

/**
 * Parses `value` with `schema`; on failure adds one issue whose message is the key
 * `keyFor` gives for the first issue's path.
 */
function checkedWith<S extends v.GenericSchema>(schema: S, keyFor: (path: string[]) => MessageKey) {
	return (dataset: { value: unknown }, addIssue: (issue: { message: string }) => void) => {
		const parsed = v.safeParse(schema, dataset.value);
		if (parsed.success) return parsed.output as v.InferOutput<S>;
		addIssue({ message: keyFor(pathKeys(parsed.issues[0])) });
		return undefined;
	};
}

const templateKey = (path: string[]): MessageKey => {
	switch (path[0]) {
		case 'kind':
			return 'templates.kindInvalid';
		case 'slots':
			return 'templates.slotsInvalid';
		case 'phase':
			return 'templates.phaseInvalid';
		case 'icon':
			return 'templates.iconInvalid';
		default:
			return 'templates.titleInvalid';
	}
};

const checkTemplate = checkedWith(taskTemplateInput, templateKey);

/** Add or edit a template: kind, titleFr, titleEn, slots, phase, icon (and `id` to edit). */
export const templateForm = v.pipe(
	v.object(
		{
			kind: field('templates.kindInvalid'),
			titleFr: field('templates.titleInvalid'),
			titleEn: field('templates.titleInvalid'),
			slots: field('templates.slotsInvalid'),
			phase: field('templates.phaseInvalid'),
			icon: field('templates.iconInvalid')
		},
		msg('auth.badForm')
	),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		const f = dataset.value;
		const output = checkTemplate(
			{
				value: {
					kind: f.kind,
					title: { fr: f.titleFr, en: f.titleEn },
					slots: wholeNumber(f.slots),
					phase: f.phase,
					icon: f.icon.trim()
				}
			},
			addIssue
		);
		return output ?? NEVER;
	})
);

export const templateEditForm = v.intersect(
	[v.object({ id: id('templates.notFound') }, msg('auth.badForm')), templateForm],
	msg('auth.badForm')
);

/** Delete, move up, move down: the template's id. */
export const templateIdForm = v.object({ id: id('templates.notFound') }, msg('auth.badForm'));

/** Reset to the default set: only with the confirmation the dialog (or checkbox) sends. */
export const templateResetForm = v.object(
	{ confirm: v.literal('yes', msg('templates.confirmMissing')) },
	msg('templates.confirmMissing')
);

const seriesKey = (path: string[]): MessageKey => {
	const [group, name] = path;
	if (group === 'rule') {
		switch (name) {
			case 'weekdays':
				return 'series.weekdaysInvalid';
			case 'time':
				return 'series.timeInvalid';
			case 'startDate':
				return 'series.startDateInvalid';
			case 'endDate':
				return 'series.endDateInvalid';
			case 'skipDates':
				return 'series.skipDatesInvalid';
			default:
				// The rule as a whole: its only check is the end date after the start date.
				return 'series.endBeforeStart';
		}
	}
	switch (name) {
		case 'durationMinutes':
			return 'series.durationInvalid';
		case 'capacity':
			return 'series.capacityInvalid';
		case 'pricePerPlateCents':
			return 'series.priceInvalid';
		case 'titleEn':
			return 'plan.titleEnInvalid';
		default:
			return 'series.titleInvalid';
	}
};

const checkSeries = checkedWith(seriesInput, seriesKey);

/** Skip dates as the form sends them: YYYY-MM-DD, separated by commas, spaces or lines. */
function dateList(s: string): string[] {
	return s.split(/[\s,;]+/).filter((d) => d !== '');
}

const WEEKDAY_FIELDS = ['weekday1', 'weekday2', 'weekday3', 'weekday4', 'weekday5', 'weekday6', 'weekday7'] as const;
const optionalField = (key: MessageKey) => v.optional(field(key), '');

/**
 * A recurring meal: weekday1…weekday7 (checkboxes, present when ticked), time, startDate,
 * endDate (empty: no end), skipDates, title, durationMinutes, capacity, price (euros).
 */
export const seriesForm = v.pipe(
	v.object(
		{
			weekday1: optionalField('series.weekdaysInvalid'),
			weekday2: optionalField('series.weekdaysInvalid'),
			weekday3: optionalField('series.weekdaysInvalid'),
			weekday4: optionalField('series.weekdaysInvalid'),
			weekday5: optionalField('series.weekdaysInvalid'),
			weekday6: optionalField('series.weekdaysInvalid'),
			weekday7: optionalField('series.weekdaysInvalid'),
			time: field('series.timeInvalid'),
			startDate: field('series.startDateInvalid'),
			endDate: optionalField('series.endDateInvalid'),
			skipDates: optionalField('series.skipDatesInvalid'),
			title: field('series.titleInvalid'),
			titleEn: optionalField('plan.titleEnInvalid'),
			durationMinutes: field('series.durationInvalid'),
			capacity: field('series.capacityInvalid'),
			price: field('series.priceInvalid')
		},
		msg('auth.badForm')
	),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		const f = dataset.value;
		// A ticked box sends its weekday (or "on" from a box without a value); nothing else counts as ticked.
		const weekdays = WEEKDAY_FIELDS.flatMap((w, i) =>
			f[w] === '' ? [] : f[w] === 'on' || f[w] === String(i + 1) ? [i + 1] : [Number.NaN]
		);
		const endDate = f.endDate.trim();
		const skipDates = dateList(f.skipDates);
		const output = checkSeries(
			{
				value: {
					rule: {
						weekdays,
						time: f.time.trim(),
						startDate: f.startDate.trim(),
						...(endDate ? { endDate } : {}),
						...(skipDates.length ? { skipDates } : {})
					},
					defaults: {
						title: f.title,
						// Blank: no English title, and English phones read the French one.
						...(f.titleEn.trim() !== '' ? { titleEn: f.titleEn } : {}),
						durationMinutes: wholeNumber(f.durationMinutes),
						capacity: wholeNumber(f.capacity),
						// Not an amount: NaN, which the schema refuses with the price's message.
						pricePerPlateCents: parseEuros(f.price) ?? Number.NaN
					}
				}
			},
			addIssue
		);
		return output ?? NEVER;
	})
);

export const seriesEditForm = v.intersect(
	[v.object({ id: id('series.notFound') }, msg('auth.badForm')), seriesForm],
	msg('auth.badForm')
);

export const seriesIdForm = v.object({ id: id('series.notFound') }, msg('auth.badForm'));

export const seriesPauseForm = v.object(
	{ id: id('series.notFound'), paused: v.picklist(['true', 'false'], msg('auth.badForm')) },
	msg('auth.badForm')
);

/** How a page answers a refused planning operation: the status and the message key. */
export const TEMPLATE_REFUSALS: Record<PlanningRefusal, { status: number; error: MessageKey }> = {
	forbidden: { status: 403, error: 'templates.forbidden' },
	not_found: { status: 404, error: 'templates.notFound' },
	too_many: { status: 400, error: 'templates.tooMany' }
};

export const SERIES_REFUSALS: Record<SeriesRefusal, { status: number; error: MessageKey }> = {
	forbidden: { status: 403, error: 'series.forbidden' },
	not_found: { status: 404, error: 'series.notFound' },
	too_many: { status: 400, error: 'series.tooMany' },
	ends_after_midnight: { status: 400, error: 'series.endsAfterMidnight' }
};
