/**
 * Icebreaker prompts: the questions a Canteen Master throws into the room so that people
 * who would never otherwise talk find something to talk about. The built-in library and
 * each canteen's own prompts share one shape so they are ranked together.
 */
import * as v from 'valibot';
import type { LocalizedText } from '../domain/types.ts';

export const PROMPT_CATEGORIES = ['food-memories', 'neighbourhood', 'skills', 'menu', 'light-fun'] as const;
export type PromptCategory = (typeof PROMPT_CATEGORIES)[number];

/** When in the meal a prompt works: hands busy at the stove, seated together, or clearing up. */
export const PROMPT_PHASES = ['cooking', 'table', 'washing-up'] as const;
export type PromptPhase = (typeof PROMPT_PHASES)[number];

export const PROMPT_SOURCES = ['library', 'canteen'] as const;
export type PromptSource = (typeof PROMPT_SOURCES)[number];

export interface Prompt {
	/** Stable across releases: the canteen's history refers to it. */
	id: string;
	category: PromptCategory;
	phases: PromptPhase[];
	/** Either language may be empty for a canteen's own prompt; library prompts have both. */
	text: LocalizedText;
	/** Lower-case ingredient or dish words, in French and English, matched against the menu. */
	keywords?: string[];
	source: PromptSource;
	canteenId?: string;
}

/** Long enough for a real question, short enough to read aloud and to fit a kitchen screen. */
export const PROMPT_TEXT_MAX = 200;

// Control characters and line separators never belong in text shown on a kitchen screen.
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const promptText = v.pipe(
	v.string(),
	v.transform((s) => s.replace(/\s+/g, ' ').trim()),
	v.maxLength(PROMPT_TEXT_MAX, `prompt is longer than ${PROMPT_TEXT_MAX}`),
	v.check((s) => !controlChars.test(s), 'prompt has control characters')
);

const keyword = v.pipe(
	v.string(),
	v.transform((s) => s.replace(/\s+/g, ' ').trim().toLowerCase()),
	v.minLength(1, 'keyword is empty'),
	v.maxLength(40, 'keyword is longer than 40'),
	v.check((s) => !controlChars.test(s), 'keyword has control characters')
);

/**
 * A prompt written by a canteen, as sent by its Canteen Master. The id, source and
 * canteen are set by the server, never taken from the payload.
 */
export const canteenPromptInput = v.pipe(
	v.strictObject({
		category: v.picklist(PROMPT_CATEGORIES),
		phases: v.pipe(
			v.array(v.picklist(PROMPT_PHASES)),
			v.minLength(1, 'at least one phase'),
			v.maxLength(PROMPT_PHASES.length, 'too many phases'),
			v.check((ps) => new Set(ps).size === ps.length, 'phases are repeated')
		),
		text: v.strictObject({ fr: v.optional(promptText, ''), en: v.optional(promptText, '') }),
		keywords: v.optional(v.pipe(v.array(keyword), v.maxLength(20, 'at most 20 keywords')))
	}),
	v.check((p) => p.text.fr !== '' || p.text.en !== '', 'prompt needs French or English text')
);
export type CanteenPromptInput = v.InferInput<typeof canteenPromptInput>;
export type CanteenPromptPayload = v.InferOutput<typeof canteenPromptInput>;
