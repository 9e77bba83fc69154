/**
 * Member moderation by the Canteen Master: renaming, removing someone from the meal,
 * blocking a phone for the whole canteen, and the words refused in display names. Pure
 * rules: the server loads the canteen's refused words and records bans (server/realtime/
 * moderation.ts); here only what changes on the board, and whether a name may be used.
 */
import type { AnyCommand } from '../protocol/schemas.ts';
import { checkOut } from './claims.ts';
import type { Effect } from './effects.ts';
import { closeInvitesOf } from './invitations.ts';
import { DEFAULT_REFUSED_WORDS, nameRefused } from './names.ts';
import { accept, refuse, type Decision } from './result.ts';
import type { Actor, BoardState, Change, Member } from './types.ts';

export { cleanWordList, DEFAULT_REFUSED_WORDS, MODERATION_LIMITS, nameRefused } from './names.ts';

export const MODERATION_COMMANDS = [
	'member:rename-by-master',
	'member:remove',
	'member:ban',
	'ban:list',
	'ban:lift',
	'words:list',
	'words:set'
] as const;
export type ModerationCommand = (typeof MODERATION_COMMANDS)[number];

export function isModerationCommand(name: string): name is ModerationCommand {
	return (MODERATION_COMMANDS as readonly string[]).includes(name);
}

/** Everything about a member leaves the board: open places, pending invitations, the record. */
export function removeMember(state: BoardState, member: Member, now: number): Change[] {
	const claims = checkOut(state, member, now).filter((c) => c.type === 'task:set');
	return [...claims, ...closeInvitesOf(state, member.id), { type: 'member:delete', memberId: member.id }];
}

/**
 * The board side of the moderation commands (the Canteen Master only, checked before).
 * Lists and word changes touch no board: the server answers them from the store.
 */
export function decideModeration(
	state: BoardState,
	command: AnyCommand,
	actor: Actor,
	ctx: { now: number; refusedWords?: readonly string[] }
): Decision | undefined {
	if (!isModerationCommand(command.name)) return undefined;
	if (actor.role !== 'master') return refuse('forbidden');
	switch (command.name) {
		case 'member:rename-by-master': {
			const member = state.members.get(command.payload.memberId);
			if (!member) return refuse('member_not_found');
			if (nameRefused(command.payload.name, ctx.refusedWords ?? DEFAULT_REFUSED_WORDS)) return refuse('name_refused');
			return accept([{ type: 'member:set', member: { ...member, name: command.payload.name } }]);
		}
		case 'member:remove':
		case 'member:ban': {
			const member = state.members.get(command.payload.memberId);
			if (!member) return refuse('member_not_found');
			// A walk-in has no phone: there is no device to block.
			if (command.name === 'member:ban' && member.walkIn) return refuse('walk_in');
			// Recorded first, then told and cut off: the phone shows a calm message and goes home.
			const effects: Effect[] = [
				...(command.name === 'member:ban'
					? [{ type: 'ban:record' as const, memberId: member.id, name: member.name }]
					: []),
				{ type: 'member:disconnect', memberId: member.id }
			];
			return accept(removeMember(state, member, ctx.now), {}, effects);
		}
		default:
			return accept([]);
	}
}
