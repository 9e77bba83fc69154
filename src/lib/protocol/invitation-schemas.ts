/**
 * Payloads of the live task-people commands: walk-ins, invitations, hand-overs and moving a
 * task (rules in domain/invitations.ts, see docs/protocol.md). Spread into `commandSchemas`.
 */
import * as v from 'valibot';
import { singleLine } from './text.ts';

const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an id'));
const cid = v.optional(id);

export const MOVE_DIRECTIONS = ['up', 'down'] as const;

export const invitationCommandSchemas = {
	/** Someone without a phone, added by the Canteen Master: checked in, counted, assignable. */
	'member:walkin': v.strictObject({ cid, name: singleLine({ what: 'name', max: 40 }) }),
	'member:checkout-by-master': v.strictObject({ cid, memberId: id }),
	/** Walk-ins only: members with a phone are invited instead. */
	'task:assign': v.strictObject({ cid, taskId: id, memberId: id }),
	'task:invite': v.strictObject({ cid, taskId: id, memberId: id }),
	'task:handover': v.strictObject({ cid, taskId: id, toMemberId: id }),
	'invite:answer': v.strictObject({ cid, inviteId: id, accept: v.boolean() }),
	'invite:cancel': v.strictObject({ cid, inviteId: id }),
	'task:move': v.strictObject({ cid, taskId: id, direction: v.picklist(MOVE_DIRECTIONS) })
} as const;
