/**
 * A canteen's team for the staff canteen page: who has access, with their role and where
 * their invitations stand, and taking someone off it (administrators only, never oneself,
 * never the last administrator; rules in src/lib/domain/team.ts). Each operation checks
 * who asks itself. A removal deletes every session of the person in the same transaction
 * and disconnects their open consoles at once (`disconnectUser`).
 */
import {
	invitationStatus,
	mayManageTeam,
	removalRefusal,
	type InvitationStatus,
	type RemovalRefusal,
	type TeamRole
} from '../../src/lib/domain/team.ts';
import type { Logger } from '../log.ts';
import type { CanteenRecord, Storage } from '../storage/storage.ts';
import { canteenAccess, type SessionUser } from './sessions.ts';

/** Enough to see what was sent lately; older invitations are history. */
export const TEAM_INVITATIONS_SHOWN = 20;

export interface TeamPerson {
	id: string;
	displayName: string;
	/** Shown to administrators only (they invite and remove people). */
	email?: string;
	role: TeamRole;
	/** Whether this row is the person looking. */
	self: boolean;
	/** Why they may not be removed by the person looking; absent: they may. */
	removal?: RemovalRefusal;
}

export interface TeamInvitation {
	createdAt: number;
	expiresAt: number;
	usedAt: number | null;
	status: InvitationStatus;
}

export interface TeamView {
	canteen: CanteenRecord;
	people: TeamPerson[];
	/** Administrators only: where the canteen's invitations stand. */
	invitations: TeamInvitation[];
	canManage: boolean;
}

export type TeamRemoval = { ok: true; name: string } | { ok: false; reason: 'not_found' | RemovalRefusal };

export function createTeam({
	storage,
	log,
	disconnectUser,
	now = Date.now
}: {
	storage: Storage;
	log: Logger;
	/** Closes every live socket opened with a session of this person (consoles). */
	disconnectUser: (userId: string) => Promise<void>;
	now?: () => number;
}) {
	async function view(user: SessionUser | undefined, canteenId: string): Promise<TeamView | undefined> {
		const access = await canteenAccess(storage, user, canteenId);
		if (!access.ok || !user) return undefined;
		const members = await storage.accounts.listTeam(canteenId);
		const admins = members.filter((m) => m.role === 'admin').length;
		const canManage = mayManageTeam(user);
		const at = now();
		return {
			canteen: access.canteen,
			canManage,
			people: members.map((m) => ({
				id: m.id,
				displayName: m.displayName,
				...(canManage ? { email: m.email } : {}),
				role: m.role,
				self: m.id === user.id,
				...withRefusal(removalRefusal({ actor: user, target: m, admins }))
			})),
			invitations: canManage
				? (await storage.accounts.listInvitations(canteenId, TEAM_INVITATIONS_SHOWN)).map((i) => ({
						createdAt: i.createdAt,
						expiresAt: i.expiresAt,
						usedAt: i.usedAt,
						status: invitationStatus(i, at)
					}))
				: []
		};
	}

	return {
		view,

		/** Who is on the team, if `user` may see it (404 for the page otherwise). */
		async person(user: SessionUser | undefined, canteenId: string, personId: string) {
			return (await view(user, canteenId))?.people.find((p) => p.id === personId);
		},

		async remove(user: SessionUser | undefined, canteenId: string, personId: string): Promise<TeamRemoval> {
			const team = await view(user, canteenId);
			if (!team || !user) return { ok: false, reason: 'not_found' };
			if (!team.canManage) return { ok: false, reason: 'forbidden' };
			const target = team.people.find((p) => p.id === personId);
			if (!target) return { ok: false, reason: 'not_found' };
			if (target.removal) return { ok: false, reason: target.removal };
			const removed = await storage.accounts.removeFromTeam(personId, canteenId);
			if (!removed.ok) return removed;
			await disconnectUser(personId);
			log.info('removed from a canteen team', { canteenId, userId: personId, by: user.id, role: target.role });
			return { ok: true, name: target.displayName };
		}
	};
}

function withRefusal(refusal: RemovalRefusal | undefined): { removal?: RemovalRefusal } {
	return refusal ? { removal: refusal } : {};
}

export type Team = ReturnType<typeof createTeam>;
