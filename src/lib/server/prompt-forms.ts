/**
 * The forms of a canteen's prompts page (staff/canteens/[canteenId]/prompts). Messages are
 * i18n keys, as in forms.ts; the text rules are the protocol's (`promptText`): one line,
 * at most 200 characters per language, no control or direction characters, French or
 * English or both. The server operation parses the result again (server/prompts/).
 */
import * as v from 'valibot';
import type { MessageKey } from '../i18n/fr.ts';
import { singleLine } from '../protocol/text.ts';
import { PROMPT_CATEGORIES, PROMPT_PHASES, PROMPT_TEXT_MAX, type PromptPhase } from '../prompts/types.ts';

const msg = (key: MessageKey) => key;

const promptPart = singleLine({ what: 'prompt', max: PROMPT_TEXT_MAX, min: 0 });
const keyword = singleLine({ what: 'keyword', max: 40 });

/** The protocol's rules for one language of a prompt, answering one translation key. */
const text = v.pipe(
	v.string(msg('ownPrompts.textInvalid')),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		const parsed = v.safeParse(promptPart, dataset.value);
		if (parsed.success) return parsed.output;
		addIssue({ message: msg('ownPrompts.textInvalid') });
		return NEVER;
	})
);

/** "tajine, carottes; semoule": commas, semicolons or new lines between words. */
const keywords = v.pipe(
	v.string(msg('ownPrompts.keywordsInvalid')),
	v.maxLength(2000, msg('ownPrompts.keywordsInvalid')),
	v.transform((s) =>
		s
			.split(/[,;\n]/)
			.map((k) => k.replace(/\s+/g, ' ').trim())
			.filter((k) => k !== '')
	),
	v.maxLength(20, msg('ownPrompts.keywordsInvalid')),
	v.check((ks) => ks.every((k) => v.is(keyword, k)), msg('ownPrompts.keywordsInvalid'))
);

/** One checkbox per phase: a form sends repeated names as separate values, kept apart here. */
const phaseField = (phase: PromptPhase) => `phase-${phase}` as const;
const checkbox = v.optional(v.picklist(['on'], msg('auth.badForm')));

export const promptId = v.pipe(
	v.string(msg('ownPrompts.unknown')),
	v.regex(/^[A-Za-z0-9_-]{1,40}$/, msg('ownPrompts.unknown'))
);

const fields = {
	textFr: v.optional(text, ''),
	textEn: v.optional(text, ''),
	category: v.picklist(PROMPT_CATEGORIES, msg('ownPrompts.categoryInvalid')),
	'phase-cooking': checkbox,
	'phase-table': checkbox,
	'phase-washing-up': checkbox,
	keywords: v.optional(keywords, '')
};

type Fields = v.InferOutput<v.ObjectSchema<typeof fields, undefined>>;

const toPrompt = (f: Fields) => ({
	text: { fr: f.textFr, en: f.textEn },
	category: f.category,
	phases: PROMPT_PHASES.filter((p) => f[phaseField(p)] === 'on'),
	keywords: f.keywords
});

const hasText = (f: Fields) => f.textFr !== '' || f.textEn !== '';
const hasPhase = (f: Fields) => PROMPT_PHASES.some((p) => f[phaseField(p)] === 'on');

export const ownPromptForm = v.pipe(
	v.object(fields, msg('auth.badForm')),
	v.check(hasText, msg('ownPrompts.textMissing')),
	v.check(hasPhase, msg('ownPrompts.phasesMissing')),
	v.transform(toPrompt)
);

export const ownPromptEditForm = v.pipe(
	v.object({ ...fields, id: promptId }, msg('auth.badForm')),
	v.check<Fields & { id: string }, MessageKey>(hasText, msg('ownPrompts.textMissing')),
	v.check<Fields & { id: string }, MessageKey>(hasPhase, msg('ownPrompts.phasesMissing')),
	v.transform((f) => ({ id: f.id, fields: toPrompt(f) }))
);

export const ownPromptRefForm = v.object({ id: promptId }, msg('auth.badForm'));
