/**
 * Arrival and departure, per member and meal (issue #9, "Data kept"). Arrival is when the
 * member joined (a phone's join is its check-in; a walk-in's, when the team added them).
 * Departure is recorded when the member leaves: "I'm leaving" on the phone (check-out),
 * the Canteen Master checking out a walk-in or marking a phone member as gone
 * (`member:gone`), or the meal closing while they are still checked in. The times live in
 * the masters document (Canteen Masters only) and are copied to storage
 * (`storage.attendance`), never on phones or the kitchen screen.
 */
import { checkOut } from './claims.ts';
import { closeInvitesOf } from './invitations.ts';
import { accept, refuse, type Decision } from './result.ts';
import type { BoardState, Change, Member } from './types.ts';

export function arrivalOf(member: Member): number | undefined {
	return member.joinedAt ?? member.checkedInAt;
}

/** When the member left, if they have: a check-out (unless checked in again since) or a recorded departure. */
export function departureOf(member: Member): number | undefined {
	if (member.leftAt !== undefined) return member.leftAt;
	return member.checkedIn ? undefined : member.checkedOutAt;
}

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
