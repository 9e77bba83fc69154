/**
 * A canteen's own prompts as operations the staff page calls: list, add, edit, archive
 * and restore. Each operation checks itself that the person may run this canteen (staff
 * of the canteen, or an administrator), so a page that forgot to check opens no hole, and
 * parses its input again with the protocol's text rules (the form parsed it already, with
 * messages for people). Prompts are archived, never deleted: the canteen's history may
 * refer to them, and a restore brings one back as it was.
 */
import * as v from 'valibot';
import { promptText } from '../../src/lib/protocol/prompt-schemas.ts';
import { singleLine } from '../../src/lib/protocol/text.ts';
import { PROMPT_CATEGORIES, PROMPT_PHASES } from '../../src/lib/prompts/types.ts';
import { newId } from '../auth/secrets.ts';
import { canteenAccess, type SessionUser } from '../auth/sessions.ts';
import type { CanteenPromptRecord, CanteenRecord, Storage } from '../storage/storage.ts';

/** Far more than a canteen writes; bounds what one account can store. */
export const CANTEEN_PROMPTS_MAX = 300;
export const KEYWORDS_MAX = 20;
export const KEYWORD_LENGTH_MAX = 40;

export const canteenPromptFields = v.strictObject({
	text: promptText,
	category: v.picklist(PROMPT_CATEGORIES),
	phases: v.pipe(
		v.array(v.picklist(PROMPT_PHASES)),
		v.minLength(1, 'at least one phase'),
		v.check((ps) => new Set(ps).size === ps.length, 'phases are repeated')
	),
	keywords: v.pipe(
		v.array(singleLine({ what: 'keyword', max: KEYWORD_LENGTH_MAX })),
		v.maxLength(KEYWORDS_MAX, `at most ${KEYWORDS_MAX} keywords`)
	)
});
export type CanteenPromptFields = v.InferOutput<typeof canteenPromptFields>;

export type Refusal = 'forbidden' | 'canteen_not_found' | 'prompt_not_found' | 'bad_input' | 'too_many';
export type Outcome<T> = ({ ok: true } & T) | { ok: false; reason: Refusal };

export type CanteenPrompts = ReturnType<typeof createCanteenPrompts>;

export function createCanteenPrompts({
	storage,
	now = Date.now
}: {
	storage: Pick<Storage, 'meals' | 'prompts'>;
	now?: () => number;
}) {
	/** Who may touch this canteen's prompts, and does the canteen exist. */
	async function canteenFor(user: SessionUser, canteenId: string): Promise<Outcome<{ canteen: CanteenRecord }>> {
		const access = await canteenAccess(storage, user, canteenId);
		if (access.ok) return { ok: true, canteen: access.canteen };
		return { ok: false, reason: access.reason === 'forbidden' ? 'forbidden' : 'canteen_not_found' };
	}

	function clean(fields: unknown): CanteenPromptFields | undefined {
		const parsed = v.safeParse(canteenPromptFields, fields);
		if (!parsed.success) return undefined;
		// Lower-cased and once each, as the suggestions compare them folded anyway.
		const keywords = [...new Set(parsed.output.keywords.map((k) => k.toLowerCase()).filter((k) => k !== ''))];
		return { ...parsed.output, keywords };
	}

	return {
		async list(
			user: SessionUser,
			canteenId: string
		): Promise<Outcome<{ canteen: CanteenRecord; prompts: CanteenPromptRecord[] }>> {
			const found = await canteenFor(user, canteenId);
			if (!found.ok) return found;
			return { ok: true, canteen: found.canteen, prompts: await storage.prompts.listCanteenPrompts(canteenId) };
		},

		async add(
			user: SessionUser,
			canteenId: string,
			fields: unknown
		): Promise<Outcome<{ prompt: CanteenPromptRecord }>> {
			const found = await canteenFor(user, canteenId);
			if (!found.ok) return found;
			const input = clean(fields);
			if (!input) return { ok: false, reason: 'bad_input' };
			if ((await storage.prompts.listCanteenPrompts(canteenId)).length >= CANTEEN_PROMPTS_MAX)
				return { ok: false, reason: 'too_many' };
			const prompt: CanteenPromptRecord = {
				id: newId('cp_', 12),
				canteenId,
				...input,
				createdBy: user.id,
				createdAt: now(),
				archived: false
			};
			await storage.prompts.createCanteenPrompt(prompt);
			return { ok: true, prompt };
		},

		async edit(user: SessionUser, canteenId: string, id: string, fields: unknown): Promise<Outcome<object>> {
			const found = await canteenFor(user, canteenId);
			if (!found.ok) return found;
			const input = clean(fields);
			if (!input) return { ok: false, reason: 'bad_input' };
			if (!(await storage.prompts.updateCanteenPrompt(canteenId, id, input)))
				return { ok: false, reason: 'prompt_not_found' };
			return { ok: true };
		},

		async setArchived(user: SessionUser, canteenId: string, id: string, archived: boolean): Promise<Outcome<object>> {
			const found = await canteenFor(user, canteenId);
			if (!found.ok) return found;
			if (!(await storage.prompts.setCanteenPromptArchived(canteenId, id, archived)))
				return { ok: false, reason: 'prompt_not_found' };
			return { ok: true };
		}
	};
}
