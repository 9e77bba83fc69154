/**
 * Erasing names (docs/privacy.md): a member erasing themselves from their phone
 * (`member:erase`), and the retention job erasing everyone of an old meal. Pure.
 *
 * An erased member stays on the board as "a neighbour": no name, no emoji, no language,
 * `erased: true`. Their arrival and claims stay, anonymised, so counts (joined, checked in,
 * a task's places) do not change and nobody has to redo a task someone is still doing;
 * invitations still open to or from them are withdrawn (nobody can answer them any more).
 * Their records (what they shared, introductions) are erased by the effect's owner.
 */
import type { Effect } from './effects.ts';
import { accept, refuse, type Decision } from './result.ts';
import type { Actor, BoardState, Change, Member } from './types.ts';
import type { AnyCommand } from '../protocol/schemas.ts';

/** The member as the board keeps them once erased. */
export function erasedMember(member: Member): Member {
	return {
		id: member.id,
		name: '',
		emoji: '',
		joinedAt: member.joinedAt,
		checkedIn: member.checkedIn,
		...(member.checkedInAt !== undefined ? { checkedInAt: member.checkedInAt } : {}),
		...(member.checkedOutAt !== undefined ? { checkedOutAt: member.checkedOutAt } : {}),
		...(member.walkIn ? { walkIn: true } : {}),
		erased: true
	};
}

/** The changes that take one member's name off the board; none when already done. */
export function eraseMemberChanges(state: BoardState, memberId: string): Change[] {
	const member = state.members.get(memberId);
	if (!member || member.erased) return [];
	const changes: Change[] = [{ type: 'member:set', member: erasedMember(member) }];
	for (const invite of state.invites?.values() ?? [])
		if (invite.status === 'pending' && (invite.memberId === memberId || invite.by === memberId))
			changes.push({ type: 'invite:set', invite: { ...invite, status: 'cancelled' } });
	return changes;
}

/** Every name of the board (the retention job); none when no one is named any more. */
export function eraseBoardChanges(state: BoardState): Change[] {
	return [...state.members.keys()].flatMap((id) => eraseMemberChanges(state, id));
}

/**
 * `member:erase`, at any stage (closed included: erasing is always possible), on the
 * actor's own member only. A second call changes nothing on the board and still asks the
 * records to be erased (idempotent). Undefined for any other command.
 */
export function decideErasure(
	state: BoardState,
	command: AnyCommand,
	actor: Actor
): Decision<Record<string, never>> | undefined {
	if (command.name !== 'member:erase') return undefined;
	if (actor.role !== 'member' || !actor.memberId) return refuse('forbidden');
	const effects: Effect[] = [{ type: 'member:erase', memberId: actor.memberId }];
	return accept(eraseMemberChanges(state, actor.memberId), {}, effects);
}
