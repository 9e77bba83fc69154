/**
 * A canteen's team: who has access (every administrator, and the canteen's Canteen
 * Masters), where their invitations stand, and who may take whom off it. Pure; the
 * service (server/auth/team.ts) reads the store and applies these.
 */
export type TeamRole = 'admin' | 'staff';
export type InvitationStatus = 'pending' | 'used' | 'expired';

export function invitationStatus(
	invitation: { usedAt: number | null; expiresAt: number },
	now: number
): InvitationStatus {
	if (invitation.usedAt !== null) return 'used';
	return invitation.expiresAt > now ? 'pending' : 'expired';
}

/** Seeing the team is for everyone who runs the canteen; changing it, for administrators. */
export function mayManageTeam(actor: { role: TeamRole }): boolean {
	return actor.role === 'admin';
}

export type RemovalRefusal = 'forbidden' | 'self' | 'last_admin';

/**
 * Why `actor` may not take `target` off the team, or undefined when they may. Nobody
 * removes themselves from this page (a slip would lock them out; the account page is
 * where one leaves), and the last administrator always stays (the store checks it again,
 * atomically, in `removeFromTeam`).
 */
export function removalRefusal({
	actor,
	target,
	admins
}: {
	actor: { id: string; role: TeamRole };
	target: { id: string; role: TeamRole };
	/** How many administrators there are now. */
	admins: number;
}): RemovalRefusal | undefined {
	if (!mayManageTeam(actor)) return 'forbidden';
	if (actor.id === target.id) return 'self';
	if (target.role === 'admin' && admins <= 1) return 'last_admin';
	return undefined;
}
