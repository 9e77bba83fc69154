/**
 * Staff accounts and what hangs off them: users, sign-in sessions, canteen memberships,
 * invitations and the one-time setup token. Writes that must happen once (the first
 * administrator, an invitation used) are single calls, so each implementation makes them
 * atomic.
 */

export type StaffRole = 'admin' | 'staff';

/** A staff account: a Canteen Master or an administrator, never a member at a meal. */
export interface UserRecord {
	id: string;
	/** Lower-cased by the repository on write and on lookup, so one address is one account. */
	email: string;
	displayName: string;
	/** `scrypt$N$r$p$salt$hash` (server/auth/passwords.ts); storage never reads it. */
	passwordHash: string;
	role: StaffRole;
	createdAt: number;
}

export interface SessionRecord {
	/** SHA-256 of the random token in the `tablee_session` cookie. */
	id: string;
	userId: string;
	createdAt: number;
	expiresAt: number;
	lastSeenAt: number;
}

export interface InvitationRecord {
	/** SHA-256 of the token in the `/invite#token=` link. */
	tokenHash: string;
	canteenId: string;
	role: StaffRole;
	createdBy: string;
	createdAt: number;
	expiresAt: number;
	usedAt: number | null;
}

export type NewUserResult = { ok: true } | { ok: false; reason: 'email_taken' };

/** What taking someone off a canteen's team did, or why nothing was done. */
export type TeamRemovalResult =
	| { ok: true }
	/** Neither an administrator nor a member of that canteen. */
	| { ok: false; reason: 'not_found' }
	/** The only administrator left: removing them would lock everyone out of the admin pages. */
	| { ok: false; reason: 'last_admin' };

export interface AccountRepository {
	countUsers(): Promise<number>;
	getUser(id: string): Promise<UserRecord | undefined>;
	getUserByEmail(email: string): Promise<UserRecord | undefined>;
	setPasswordHash(userId: string, passwordHash: string): Promise<void>;
	/** Keeps only `tokenHash` as the setup token (null: none). */
	setSetupToken(tokenHash: string | null): Promise<void>;
	/**
	 * Creates the first administrator iff `setupTokenHash` is the setup token and no user
	 * exists yet, and deletes the token: the setup link works once.
	 */
	createFirstAdmin(
		setupTokenHash: string,
		user: UserRecord
	): Promise<NewUserResult | { ok: false; reason: 'invalid_token' }>;

	/** Also sweeps the sessions expired at `session.createdAt`: no timer, bounded table. */
	createSession(session: SessionRecord): Promise<void>;
	/** The session, unless it has expired at `now`. */
	getSession(id: string, now: number): Promise<SessionRecord | undefined>;
	touchSession(id: string, lastSeenAt: number): Promise<void>;
	deleteSession(id: string): Promise<void>;
	/** Revokes every session of a user except `keepId` (the one that changed the password). */
	deleteUserSessions(userId: string, keepId?: string): Promise<void>;

	addMembership(userId: string, canteenId: string): Promise<void>;
	/** Canteen ids the user belongs to, sorted. */
	listMemberships(userId: string): Promise<string[]>;

	createInvitation(invitation: InvitationRecord): Promise<void>;
	/** The invitation if unused and unexpired at `now`. */
	getInvitation(tokenHash: string, now: number): Promise<InvitationRecord | undefined>;
	/**
	 * Creates the user, adds them to the invitation's canteen and marks it used, all or
	 * nothing, iff the invitation is still unused and unexpired at `now`.
	 */
	redeemInvitation(
		tokenHash: string,
		now: number,
		user: Omit<UserRecord, 'role'>
	): Promise<NewUserResult | { ok: false; reason: 'invalid_token' }>;

	// The team of a canteen (server/auth/team.ts).
	/** Every administrator (they run every canteen) and every member of `canteenId`, by name. */
	listTeam(canteenId: string): Promise<UserRecord[]>;
	/** The canteen's invitations, newest first, at most `limit`. */
	listInvitations(canteenId: string, limit: number): Promise<InvitationRecord[]>;
	/**
	 * Takes `userId` off the canteen's team in one transaction: their membership of that
	 * canteen goes, an administrator also loses the administrator role (unless they are the
	 * last one), and every session of theirs is deleted, so their next request is signed out.
	 */
	removeFromTeam(userId: string, canteenId: string): Promise<TeamRemovalResult>;
}
