/**
 * Everything Tablée keeps, behind one small interface. The embedded implementation
 * (SQLite) and the Redis one must pass the same contract suite: tests/storage/contract.ts.
 *
 * The board of a meal is stored as y-protocols updates in an append-only log with a
 * sequence number, compacted now and then into a snapshot. `appendUpdate` succeeds only
 * at the expected sequence, so two writers can never both take "the last place": the
 * loser reloads and decides again.
 */

export interface CanteenRecord {
	id: string;
	name: string;
	createdAt: number;
}

export interface MealRecord {
	id: string;
	canteenId: string;
	joinCode: string;
	/** SHA-256 of the secret keys; the keys themselves are never stored. */
	masterKeyHash: string;
	screenKeyHash: string;
	createdAt: number;
}

export interface MemberRecord {
	id: string;
	mealId: string;
	/** SHA-256 of the member token kept on the phone. */
	tokenHash: string;
	createdAt: number;
	/** SHA-256 of the phone's device id, when it sent one (moderation: blocking a device). */
	deviceHash?: string;
}

/** A device blocked from every meal of a canteen by its Canteen Master. */
export interface BanRecord {
	id: string;
	canteenId: string;
	deviceHash: string;
	/** The display name at the time of the block, for the list; nothing else about them. */
	name: string;
	/** The meal it was done from: the master's credentials there. */
	by: string;
	at: number;
}

export type StaffRole = 'admin' | 'staff';

/** A staff account: a Canteen Master or an administrator, never a member at a meal. */
export interface UserRecord {
	id: string;
	/** Lower-cased by the store on write and on lookup, so one address is one account. */
	email: string;
	displayName: string;
	/** `scrypt$N$r$p$salt$hash` (server/auth/passwords.ts); the store never reads it. */
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

/** One icebreaker pushed at a meal, so suggestions can favour what this group has not heard. */
export interface PromptUseRecord {
	canteenId: string;
	promptId: string;
	mealId: string;
	usedAt: number;
	/** Member ids who heard it. */
	audience: string[];
}

export type NewUserResult = { ok: true } | { ok: false; reason: 'email_taken' };

export interface BoardLog {
	/** Merged state of every update up to `snapshotSeq`, or null before the first compaction. */
	snapshot: Uint8Array | null;
	snapshotSeq: number;
	/** Updates after the snapshot, in sequence order. */
	updates: Uint8Array[];
	/** Sequence number of the last update; 0 for a board never written. */
	seq: number;
}

export type AppendResult = { ok: true; seq: number } | { ok: false; reason: 'conflict'; seq: number };

export interface Store {
	readonly kind: string;

	createCanteen(canteen: CanteenRecord): Promise<void>;
	getCanteen(id: string): Promise<CanteenRecord | undefined>;
	listCanteens(): Promise<CanteenRecord[]>;

	/** Fails with `join_code_taken` rather than throwing: codes are random and may collide. */
	createMeal(meal: MealRecord): Promise<{ ok: true } | { ok: false; reason: 'join_code_taken' | 'exists' }>;
	getMeal(id: string): Promise<MealRecord | undefined>;
	getMealByJoinCode(code: string): Promise<MealRecord | undefined>;
	listMeals(canteenId: string): Promise<MealRecord[]>;

	createMember(member: MemberRecord): Promise<void>;
	getMemberByTokenHash(tokenHash: string): Promise<MemberRecord | undefined>;
	getMember(id: string): Promise<MemberRecord | undefined>;

	/** Moderation: blocked devices per canteen, and the words refused in its display names. */
	createBan(ban: BanRecord): Promise<void>;
	/** The canteen's bans, oldest first. */
	listBans(canteenId: string): Promise<BanRecord[]>;
	/** False when the canteen has no ban with this id. */
	deleteBan(canteenId: string, banId: string): Promise<boolean>;
	isDeviceBanned(canteenId: string, deviceHash: string): Promise<boolean>;
	/** The canteen's own refused words, in the order set ([] if never set). */
	getRefusedWords(canteenId: string): Promise<string[]>;
	setRefusedWords(canteenId: string, words: string[]): Promise<void>;

	/**
	 * Staff accounts. Writes that must happen once (the first administrator, an invitation
	 * used) are single calls, so each implementation makes them atomic.
	 */
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

	loadBoard(mealId: string): Promise<BoardLog>;
	/** Appends iff the log's sequence is `expectedSeq`; durable before it resolves. */
	appendUpdate(mealId: string, expectedSeq: number, update: Uint8Array): Promise<AppendResult>;
	/** Replaces updates up to `seq` by `snapshot`. Ignored if an equal or newer snapshot exists. */
	compactBoard(mealId: string, seq: number, snapshot: Uint8Array): Promise<void>;

	/** Records a prompt push for the canteen (history for freshness). */
	recordPromptUse(use: PromptUseRecord): Promise<void>;
	/** The canteen's prompt uses at or after `since`, oldest first. */
	listPromptHistory(query: { canteenId: string; since: number }): Promise<PromptUseRecord[]>;

	/**
	 * Planning: deletes a meal that never happened (a cancelled plan) with its board log and
	 * prompt history, all or nothing, iff no member record exists for it. False when the
	 * meal is unknown or someone joined it: attendance is never deleted.
	 */
	deleteMealIfUnjoined(mealId: string): Promise<boolean>;

	close(): Promise<void>;
}
