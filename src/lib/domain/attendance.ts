/**
 * Arrival and departure, per member and meal (issue #9, "Data kept"). Arrival is when the
 * member joined (a phone's join is its check-in; a walk-in's, when the team added them).
 * Departure is recorded when the member leaves: "I'm leaving" on the phone (check-out),
 * the Canteen Master checking out a walk-in or marking a phone member as gone
 * (`member:gone`), or the meal closing while they are still checked in. The times live in
 * the masters document (Canteen Masters only) and are copied to storage
 * (`storage.attendance`), never on phones or the kitchen screen. The rules that record a
 * departure are in departures.ts (this module stays small: the console's people list
 * imports it, and so every page that shows the list).
 */
import type { Member } from './types.ts';

export function arrivalOf(member: Member): number | undefined {
	return member.joinedAt ?? member.checkedInAt;
}

/** When the member left, if they have: a check-out (unless checked in again since) or a recorded departure. */
export function departureOf(member: Member): number | undefined {
	if (member.leftAt !== undefined) return member.leftAt;
	return member.checkedIn ? undefined : member.checkedOutAt;
}
