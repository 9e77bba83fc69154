/**
 * A member erasing themselves (docs/privacy.md, "A member erases themselves"). Spread into
 * `commandSchemas`. No field names anyone: the server acts on the member of the socket.
 */
import * as v from 'valibot';

const cid = v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an id')));

export const erasureCommandSchemas = {
	/** Member: my name off this meal's board, what I shared off the records. Idempotent. */
	'member:erase': v.strictObject({ cid })
};
