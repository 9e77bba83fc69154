/**
 * Payloads of the live icebreaker commands (see prompts-live.ts and docs/protocol.md).
 * Spread into `commandSchemas`; kept apart so the prompt rules live in one place.
 */
import * as v from 'valibot';
import { LOCALES } from '../domain/types.ts';
import { PROMPT_TEXT_MAX } from '../prompts/types.ts';
import { localizedText } from './text.ts';

const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an id'));
const cid = v.optional(id);

/** A one-off prompt typed by the Canteen Master: the same text rules as everything shown on screens. */
export const promptText = localizedText({ what: 'prompt', max: PROMPT_TEXT_MAX });

export const promptCommandSchemas = {
	'prompt:push': v.pipe(
		v.strictObject({
			cid,
			promptId: v.optional(id),
			text: v.optional(promptText),
			/** A member id: only that member's phone receives it (ephemeral, not in the board). */
			to: v.optional(id)
		}),
		v.check((p) => (p.promptId === undefined) !== (p.text === undefined), 'exactly one of promptId and text')
	),
	'prompt:clear': v.strictObject({ cid }),
	'prompt:history': v.strictObject({ cid }),
	/** The canteen's own prompts (not archived), for the console's suggestions. */
	'prompt:library': v.strictObject({ cid }),
	'member:locale': v.strictObject({ cid, locale: v.picklist(LOCALES) })
} as const;
