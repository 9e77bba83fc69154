/**
 * Payloads of the attendance commands (rules in domain/attendance.ts, see docs/protocol.md).
 * Spread into `commandSchemas`.
 */
import * as v from 'valibot';

const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an id'));

export const attendanceCommandSchemas = {
	/** The Canteen Master records that a member with a phone has left (their phone may be off). */
	'member:gone': v.strictObject({ cid: v.optional(id), memberId: id })
} as const;
