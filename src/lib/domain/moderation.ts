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
import { DEFAULT_REFUSED_WORDS, MODERATION_LIMITS, nameRefused } from './names.ts';
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
	'words:set',
	'joins:allow',
	'members:remove-wave'
] as const;
export type ModerationCommand = (typeof MODERATION_COMMANDS)[number];

export function isModerationCommand(name: string): name is ModerationCommand {
	return (MODERATION_COMMANDS as readonly string[]).includes(name);
}

/** The board after `changes`, for the decisions that chain several removals. */
function foldChanges(state: BoardState, changes: readonly Change[]): BoardState {
	const tasks = new Map(state.tasks);
	const members = new Map(state.members);
	const invites = new Map(state.invites ?? []);
	for (const c of changes) {
		if (c.type === 'task:set') tasks.set(c.task.id, c.task);
		else if (c.type === 'task:delete') tasks.delete(c.taskId);
		else if (c.type === 'member:set') members.set(c.member.id, c.member);
		else if (c.type === 'member:delete') members.delete(c.memberId);
		else if (c.type === 'invite:set') invites.set(c.invite.id, c.invite);
	}
	return { ...state, tasks, members, invites };
}

/**
 * The members a wave removal takes: phone members (never walk-ins the team added) who
 * joined since `since`, and/or are among `from` (those who joined from one network).
 */
export function waveOf(state: BoardState, { since, from }: { since?: number; from?: ReadonlySet<string> }): Member[] {
	return [...state.members.values()].filter(
		(m) => !m.walkIn && (since === undefined || (m.joinedAt ?? 0) >= since) && (from === undefined || from.has(m.id))
	);
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
	ctx: {
		now: number;
		refusedWords?: readonly string[];
		networkMembers?: ReadonlySet<string>;
		banRecordedFor?: string;
	}
): Decision<{ removed?: number }> | undefined {
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
			// A retried ban whose removal already went through: done, not an error; the ban
			// (stored before the removal) is found again for the answer.
			if (!member && command.name === 'member:ban' && ctx.banRecordedFor === command.payload.memberId) {
				return accept([], {}, [{ type: 'ban:record', memberId: command.payload.memberId, name: '' }]);
			}
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
		case 'members:remove-wave': {
			const { sinceMinutes, network } = command.payload;
			const wave = waveOf(state, {
				since: sinceMinutes === undefined ? undefined : ctx.now - sinceMinutes * 60_000,
				from: network === undefined ? undefined : (ctx.networkMembers ?? new Set())
			}).slice(0, MODERATION_LIMITS.maxWave);
			// One removal after another on one board: each sees the places the previous freed.
			let board = state;
			const changes: Change[] = [];
			for (const member of wave) {
				const removal = removeMember(board, member, ctx.now);
				changes.push(...removal);
				board = foldChanges(board, removal);
			}
			return accept(
				changes,
				{ removed: wave.length },
				wave.map((m): Effect => ({ type: 'member:disconnect', memberId: m.id }))
			);
		}
		default:
			return accept([]);
	}
}
