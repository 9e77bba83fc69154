/**
 * Which prompts to offer the Canteen Master right now. Pure and deterministic: the caller
 * passes the clock, the menu, who is in the room and what the canteen has already asked,
 * so the same inputs always give the same list (and the list can be unit-tested).
 *
 * The score is a sum of plain terms, so every suggestion can say why it was chosen:
 *
 *   score = PHASE            if the prompt suits the meal's current phase
 *         + MENU_MAIN + MENU_EXTRA × (extra matches, ≤ 2)   menu prompt matching the menu
 *         + MENU_SIDE                                       other prompt matching the menu
 *         − OFF_MENU         menu prompt about a food that is not on today's menu
 *         − MISSING_LANGUAGE × (languages at the table the prompt lacks)
 *         − STALE × staleness    share of the present group who heard it recently, decayed
 *         + CANTEEN_OWN      the canteen wrote it
 *
 * A diversity pass then picks greedily, docking DIVERSITY per prompt of the same category
 * already picked, so close runners-up from other categories get a turn.
 */
import type { Locale, LocalizedText, MealStatus } from '../domain/types.ts';
import type { Prompt, PromptPhase } from './types.ts';
import { foldWords, sameWord } from '../text/fold.ts';

export const WEIGHTS = {
	PHASE: 3,
	MENU_MAIN: 2.5,
	MENU_EXTRA: 0.25,
	MENU_SIDE: 0.75,
	OFF_MENU: 1.5,
	MISSING_LANGUAGE: 2,
	STALE: 4,
	CANTEEN_OWN: 0.5,
	DIVERSITY: 1
} as const;

const WEEK = 7 * 24 * 60 * 60 * 1000;
/** Past this, hearing a prompt again feels new; the penalty fades to nothing by then. */
export const MEMORY_MS = 8 * WEEK;
/** Before anyone has checked in we only know the canteen heard it, not who: count it less. */
const CANTEEN_WIDE_FACTOR = 0.5;
/** Below this share, a couple of people having heard it is not worth mentioning. */
const HEARD_REASON_THRESHOLD = 0.1;

export type SuggestionReason =
	'phase' | `menu:${string}` | 'off-menu' | `missing-language:${Locale}` | 'fresh' | 'heard-recently' | 'canteen-own';

export interface Suggestion {
	prompt: Prompt;
	/** Relevance before the diversity pass; the list order is the diversified one. */
	score: number;
	reasons: SuggestionReason[];
}

export interface Menu {
	dishes: readonly (LocalizedText | string)[];
	ingredients: readonly string[];
}

export interface PromptUse {
	promptId: string;
	usedAt: number;
	/** Member ids of those who heard it. */
	audience: readonly string[];
}

export interface SuggestInput {
	prompts: readonly Prompt[];
	/**
	 * More prompts ranked with `prompts` by the same rules: the canteen's own, fetched by the
	 * console. An id already in `prompts` is read once, from `prompts`.
	 */
	extra?: readonly Prompt[];
	phase: PromptPhase;
	menu?: Menu;
	/** Languages of the members present. Empty means unknown: no language filtering. */
	languages: readonly Locale[];
	history?: readonly PromptUse[];
	/** Member ids in the room now. */
	present?: readonly string[];
	now: number;
	limit?: number;
}

export function mealPhase(status: MealStatus): PromptPhase {
	switch (status) {
		case 'eating':
			return 'table';
		case 'closed':
			return 'washing-up';
		// Before and while cooking, people are arriving and peeling: the kitchen prompts fit.
		case 'planned':
		case 'open':
		case 'cooking':
			return 'cooking';
	}
}

/**
 * Foods named in several words. Read as one term so "pommes de terre" does not match a
 * prompt about apples ("pomme"), nor "pain d'épices" one about bread.
 */
const COMPOUND_FOODS = [
	'pomme de terre',
	'pois chiche',
	'chou fleur',
	'pain d epices',
	'pain perdu',
	'sweet potato',
	'patate douce',
	'petit pois',
	'haricot vert',
	'green bean'
];

/** Cuts the menu into terms, longest known phrase first, so a word is read only once. */
function menuTerms(menu: Menu | undefined, phrases: readonly string[][]): string[][] {
	if (!menu) return [];
	const texts = [...menu.dishes.flatMap((d) => (typeof d === 'string' ? [d] : [d.fr, d.en])), ...menu.ingredients];
	const terms: string[][] = [];
	for (const text of texts) {
		const ws = foldWords(text);
		let i = 0;
		while (i < ws.length) {
			const phrase = phrases.find((p) => p.every((w, k) => ws[i + k] !== undefined && sameWord(ws[i + k]!, w)));
			const len = phrase?.length ?? 1;
			terms.push(ws.slice(i, i + len));
			i += len;
		}
	}
	return terms;
}

function termMatches(term: readonly string[], keyword: readonly string[]): boolean {
	return term.length === keyword.length && term.every((w, k) => sameWord(w, keyword[k]!));
}

/**
 * Staleness for this group, 0 to 1: for each member present, how recently they last heard
 * the prompt (1 now, fading to 0 at MEMORY_MS), averaged over the group. Others having
 * heard it does not matter: for the people here it is new.
 */
function staleness(uses: readonly PromptUse[], present: ReadonlySet<string>, now: number): number {
	const fade = (use: PromptUse) => {
		const age = Math.max(0, now - use.usedAt);
		return age >= MEMORY_MS ? 0 : (1 - age / MEMORY_MS) ** 2;
	};
	if (present.size === 0) return CANTEEN_WIDE_FACTOR * Math.max(0, ...uses.map(fade));
	let total = 0;
	for (const member of present) {
		let latest = 0;
		for (const use of uses) if (use.audience.includes(member)) latest = Math.max(latest, fade(use));
		total += latest;
	}
	return total / present.size;
}

const byId = (a: { prompt: Prompt }, b: { prompt: Prompt }) =>
	a.prompt.id < b.prompt.id ? -1 : a.prompt.id > b.prompt.id ? 1 : 0;

export function suggestPrompts(input: SuggestInput): Suggestion[] {
	const { phase, now } = input;
	const prompts = withExtra(input.prompts, input.extra);
	const limit = Math.max(0, Math.floor(input.limit ?? 5));
	if (limit === 0 || prompts.length === 0) return [];

	const languages = [...new Set(input.languages)].sort();
	const present = new Set(input.present ?? []);
	const usesById = new Map<string, PromptUse[]>();
	for (const use of input.history ?? []) {
		const list = usesById.get(use.promptId) ?? [];
		list.push(use);
		usesById.set(use.promptId, list);
	}

	const phraseKeys = new Set(
		[...prompts.flatMap((p) => p.keywords ?? []), ...COMPOUND_FOODS].map((k) => foldWords(k).join(' '))
	);
	const phrases = [...phraseKeys]
		.map((k) => k.split(' '))
		.filter((k) => k.length > 1)
		.sort((a, b) => b.length - a.length || (a.join(' ') < b.join(' ') ? -1 : 1));
	const terms = menuTerms(input.menu, phrases);

	const scored: Suggestion[] = [];
	for (const prompt of prompts) {
		const missing = languages.filter((l) => prompt.text[l].trim() === '');
		// With one language in the room, a prompt nobody can read is no prompt at all.
		if (languages.length === 1 && missing.length > 0) continue;
		if (prompt.text.fr.trim() === '' && prompt.text.en.trim() === '') continue;

		let score = 0;
		const reasons: SuggestionReason[] = [];

		if (prompt.phases.includes(phase)) {
			score += WEIGHTS.PHASE;
			reasons.push('phase');
		}

		const keywords = prompt.keywords ?? [];
		const matched = [...new Set(keywords)].filter((k) => {
			const kw = foldWords(k);
			return kw.length > 0 && terms.some((t) => termMatches(t, kw));
		});
		if (matched.length > 0) {
			score +=
				prompt.category === 'menu'
					? WEIGHTS.MENU_MAIN + WEIGHTS.MENU_EXTRA * Math.min(2, matched.length - 1)
					: WEIGHTS.MENU_SIDE;
			reasons.push(...matched.map((k) => `menu:${k}` as const));
		} else if (prompt.category === 'menu' && keywords.length > 0) {
			score -= WEIGHTS.OFF_MENU;
			reasons.push('off-menu');
		}

		if (missing.length > 0) {
			score -= WEIGHTS.MISSING_LANGUAGE * missing.length;
			reasons.push(...missing.map((l) => `missing-language:${l}` as const));
		}

		const stale = staleness(usesById.get(prompt.id) ?? [], present, now);
		if (stale > 0) score -= WEIGHTS.STALE * stale;
		if (stale === 0 && present.size > 0) reasons.push('fresh');
		if (stale >= HEARD_REASON_THRESHOLD) reasons.push('heard-recently');

		if (prompt.source === 'canteen') {
			score += WEIGHTS.CANTEEN_OWN;
			reasons.push('canteen-own');
		}

		scored.push({ prompt, score: Math.round(score * 1000) / 1000, reasons });
	}

	scored.sort((a, b) => b.score - a.score || byId(a, b));
	return diversify(scored, limit);
}

function withExtra(prompts: readonly Prompt[], extra: readonly Prompt[] | undefined): readonly Prompt[] {
	if (!extra || extra.length === 0) return prompts;
	const seen = new Set(prompts.map((p) => p.id));
	return [...prompts, ...extra.filter((p) => !seen.has(p.id) && seen.add(p.id))];
}

/** Greedy pick: each prompt of a category already picked docks the next one of that category. */
function diversify(ranked: readonly Suggestion[], limit: number): Suggestion[] {
	const picked: Suggestion[] = [];
	const perCategory = new Map<string, number>();
	const remaining = [...ranked];
	while (picked.length < limit && remaining.length > 0) {
		let best = 0;
		let bestValue = -Infinity;
		for (let i = 0; i < remaining.length; i++) {
			const s = remaining[i]!;
			const value = s.score - WEIGHTS.DIVERSITY * (perCategory.get(s.prompt.category) ?? 0);
			// `remaining` is already in score-then-id order, so the first best wins ties.
			if (value > bestValue) {
				best = i;
				bestValue = value;
			}
		}
		const [choice] = remaining.splice(best, 1);
		picked.push(choice!);
		perCategory.set(choice!.prompt.category, (perCategory.get(choice!.prompt.category) ?? 0) + 1);
	}
	return picked;
}
