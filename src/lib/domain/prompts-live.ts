/**
 * Live icebreakers: the Canteen Master pushes a prompt to the whole room (it goes into the
 * board, map `prompt`, key `current`, so the kitchen screen and every phone show it, also
 * to people who arrive later) or to one member (never in the board: everyone receives the
 * board, so the server sends it to that member's sockets only, see socket.ts).
 *
 * Pure, like the rest of the domain. The library is not imported here: the caller passes
 * `lookupPrompt`, so the 210 prompts stay out of every bundle that only needs the board.
 */
import { LOCALES, type BoardState, type Locale, type LivePrompt, type LocalizedText, type Member } from './types.ts';
import type { Effect } from './effects.ts';
import { accept, refuse, type Decision } from './result.ts';

export interface PromptContext {
	now: number;
	newId: () => string;
	/** Library text by prompt id; absent or unknown id: `prompt_not_found`. */
	lookupPrompt?: (promptId: string) => LocalizedText | undefined;
	/**
	 * The canteen's own prompt with the pushed id, loaded by the server before deciding
	 * (absent when the meal's canteen has none with that id). Archived: `prompt_archived`.
	 */
	ownPrompt?: { id: string; text: LocalizedText; archived: boolean };
}

// A type, not an interface: decisions' results are spread into acks as plain records.
export type PromptResult = {
	id?: string;
};

export interface PromptPushPayload {
	promptId?: string;
	text?: LocalizedText;
	to?: string;
}

/** Member ids checked in now, sorted: the audience of a push to everyone. */
export function checkedInIds(members: ReadonlyMap<string, Member>): string[] {
	return [...members.values()]
		.filter((m) => m.checkedIn)
		.map((m) => m.id)
		.sort();
}

export function decidePromptPush(
	state: BoardState,
	payload: PromptPushPayload,
	ctx: PromptContext
): Decision<PromptResult> {
	const meta = state.meta;
	if (!meta) return refuse('not_found');
	let text: LocalizedText | undefined = payload.text;
	if (payload.promptId !== undefined) {
		const own = ctx.ownPrompt?.id === payload.promptId ? ctx.ownPrompt : undefined;
		if (own?.archived) return refuse('prompt_archived');
		text = own?.text ?? ctx.lookupPrompt?.(payload.promptId);
		if (!text) return refuse('prompt_not_found');
	}
	if (!text) return refuse('bad_request');

	let audience: string[];
	if (payload.to !== undefined) {
		const member = state.members.get(payload.to);
		if (!member) return refuse('member_not_found');
		if (!member.checkedIn) return refuse('recipient_not_here');
		audience = [member.id];
	} else {
		audience = checkedInIds(state.members);
	}

	const prompt: LivePrompt = {
		id: ctx.newId(),
		...(payload.promptId !== undefined ? { promptId: payload.promptId } : {}),
		text: { fr: text.fr, en: text.en },
		pushedAt: ctx.now
	};
	const effects: Effect[] = [];
	if (payload.to !== undefined) effects.push({ type: 'prompt:deliver', to: payload.to, prompt });
	// One-off texts are not in the library: nothing to keep fresh, so nothing recorded.
	// The server's board always knows its canteen (phones' boards never do, and never decide).
	if (prompt.promptId !== undefined && meta.canteenId !== undefined) {
		effects.push({
			type: 'prompt:record',
			canteenId: meta.canteenId,
			promptId: prompt.promptId,
			usedAt: prompt.pushedAt,
			audience
		});
	}
	// A prompt for one person never enters the board: every socket of the meal receives the board.
	const changes = payload.to !== undefined ? [] : [{ type: 'prompt:set' as const, prompt }];
	return accept(changes, { id: prompt.id }, effects);
}

/** Clearing what is not there is not an error: two taps on "Retirer" mean the same thing. */
export function decidePromptClear(state: BoardState): Decision<PromptResult> {
	return accept(state.prompt ? [{ type: 'prompt:clear' }] : []);
}

/** The phone says which language it shows; unchanged writes nothing. */
export function decideMemberLocale(member: Member, locale: Locale): Decision<PromptResult> {
	if (member.locale === locale) return accept([]);
	return accept([{ type: 'member:set', member: { ...member, locale } }]);
}

/**
 * The languages of the people checked in, as far as their phones told us. Nobody known
 * (no phone yet, or an older phone): both, so nobody is left out.
 */
export function languagesPresent(members: Iterable<Member>): Locale[] {
	const seen = new Set<Locale>();
	for (const m of members) if (m.checkedIn && m.locale) seen.add(m.locale);
	return seen.size === 0 ? [...LOCALES] : LOCALES.filter((l) => seen.has(l));
}

/**
 * What to show of a prompt for these languages: each wanted language that has text; if
 * none has (a one-off typed in one language), whatever text there is.
 */
export function promptLines(text: LocalizedText, languages: readonly Locale[]): { locale: Locale; text: string }[] {
	const wanted = LOCALES.filter((l) => languages.includes(l) && text[l] !== '');
	const shown = wanted.length > 0 ? wanted : LOCALES.filter((l) => text[l] !== '');
	return shown.map((locale) => ({ locale, text: text[locale] }));
}
