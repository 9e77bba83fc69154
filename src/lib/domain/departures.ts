/**
 * The rules that record a departure (attendance.ts says what arrival and departure are):
 * `member:gone`, and closing the meal. Called from `decide` (board.ts).
 */
import { checkOut } from './claims.ts';
import { closeInvitesOf } from './invitations.ts';
import { accept, refuse, type Decision } from './result.ts';
import type { BoardState, Change, Member } from './types.ts';

/** `member:gone`: a phone member left without saying so on their phone. */
export function decideGone(state: BoardState, memberId: string, now: number): Decision {
	const member = state.members.get(memberId);
	if (!member) return refuse('member_not_found');
	// Walk-ins have no phone to leave with: the team checks them out (member:checkout-by-master).
	if (member.walkIn) return refuse('walk_in');
	// Already left (checked out on their phone, or marked gone): nothing more to record.
	if (!member.checkedIn) return accept([]);
	const places = checkOut(state, member, now).filter((c) => c.type !== 'member:set');
	const left: Member = { ...member, checkedIn: false, checkedOutAt: now, leftAt: now };
	return accept([...places, ...closeInvitesOf(state, member.id), { type: 'member:set', member: left }]);
}

/** Closing the meal records the departure of everyone still checked in (they stay counted as checked in). */
export function closingDepartures(state: BoardState, now: number): Change[] {
	const changes: Change[] = [];
	for (const member of state.members.values()) {
		if (member.checkedIn && member.leftAt === undefined) {
			changes.push({ type: 'member:set', member: { ...member, leftAt: now } });
		}
	}
	return changes;
}
