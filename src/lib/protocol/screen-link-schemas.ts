/**
 * Payloads of the kitchen-screen link commands (server/realtime/screen-links.ts, and
 * docs/protocol.md). Spread into `commandSchemas`.
 */
import * as v from 'valibot';

const cid = v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an id')));

export const screenLinkCommandSchemas = {
	/** A fresh read-only key for this meal's kitchen screen, answered once. */
	'screen:link': v.strictObject({ cid }),
	/** Every key issued by `screen:link` for this meal stops opening the screen. */
	'screen:revoke': v.strictObject({ cid })
} as const;
