import type { Menu } from '../../src/lib/domain/menu.ts';
import type { RecurrenceRule } from '../../src/lib/domain/recurrence.ts';
import type { TaskTemplate } from '../../src/lib/domain/templates.ts';

/**
 * Everything Tablée keeps, behind one small interface. The embedded implementation
 * (SQLite) and the Redis one must pass the same contract suite: tests/storage/contract.ts.
 *
 * The board of a meal is stored as y-protocols updates in an append-only log with a
 * sequence number, compacted now and then into a snapshot. `appendUpdate` succeeds only
 * at the expected sequence, so two writers can never both take "the last place": the
 * loser reloads and decides again.
 */
import type { PromptCategory, PromptPhase } from '../../src/lib/prompts/types.ts';

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

/** A prompt a canteen wrote itself, offered beside the library in its Canteen Masters' consoles. */
export interface CanteenPromptRecord {
	id: string;
	canteenId: string;
	/** Either language may be empty, never both (checked before the store). */
	text: { fr: string; en: string };
	category: PromptCategory;
	phases: PromptPhase[];
	/** Menu words this prompt is about ("tajine"), matched against today's menu. */
	keywords: string[];
	/** The staff user who wrote it. */
	createdBy: string;
	createdAt: number;
	/** Archived prompts are kept (history refers to them) but never suggested nor pushed. */
	archived: boolean;
}

/** A kitchen-screen link issued for one meal: only the SHA-256 of its random key is kept. */
export interface ScreenLinkRecord {
	keyHash: string;
	mealId: string;
	createdAt: number;
}

/**
 * What a member chose to share with a canteen's Canteen Masters (src/lib/people/facts.ts),
 * kept per canteen under `key`: `d:<device hash>` when the phone sent a device id, so the
 * next meal at the canteen finds it, else `m:<member id>`. Only stored with consent:
 * withdrawing it deletes the record.
 */
export interface ProfileRecord {
	canteenId: string;
	key: string;
	consentAt: number;
	facts: { id: string; kind: string; text: string; tags: string[] }[];
	languages: string[];
	ageBracket?: string;
	updatedAt: number;
}

/** An introduction a Canteen Master marked as done, between two person keys (as ProfileRecord.key). */
export interface IntroductionRecord {
	canteenId: string;
	/** The two keys, smaller first. */
	a: string;
	b: string;
	mealId: string;
	at: number;
}

/** A device seen at one meal of a canteen: its first member record there. */
export interface DeviceVisit {
	deviceHash: string;
	mealId: string;
	at: number;
}

// ── Planning: task templates and recurring meals (server/planning/) ──

/** Meal settings a recurring series gives each meal it creates (the rest is its rule). */
export interface SeriesDefaults {
	title: string;
	durationMinutes: number;
	capacity: number;
	/** Euro cents; a guide for pay-as-you-feel, never charged. */
	pricePerPlateCents: number;
	menu?: Menu;
}

/** "Every Tuesday and Thursday at 12:00" for one canteen, and what each of its meals starts with. */
export interface SeriesRecord {
	id: string;
	canteenId: string;
	rule: RecurrenceRule;
	defaults: SeriesDefaults;
	/** A paused series creates nothing; the meals it already created stay. */
	paused: boolean;
	/** The staff user who created it. */
	createdBy: string;
	createdAt: number;
}

/**
 * One date of a series that was claimed for a meal. The claim is taken before the meal is
 * created and never given back: a date claimed once never gets a second meal, even if its
 * meal is cancelled later. `mealId` is null between the claim and the meal's creation.
 */
export interface SeriesDateRecord {
	seriesId: string;
	date: string;
	mealId: string | null;
	claimedAt: number;
	/** Its meal was cancelled (deleted): the date stays claimed and gets no other meal. */
	cancelled: boolean;
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
	 * A canteen's own prompts. Every read and write names the canteen, so an id from
	 * another canteen finds nothing.
	 */
	createCanteenPrompt(prompt: CanteenPromptRecord): Promise<void>;
	getCanteenPrompt(canteenId: string, id: string): Promise<CanteenPromptRecord | undefined>;
	/** The canteen's prompts, oldest first, archived ones included. */
	listCanteenPrompts(canteenId: string): Promise<CanteenPromptRecord[]>;
	/** Replaces the text, category, phases and keywords; false when the canteen has no such prompt. */
	updateCanteenPrompt(
		canteenId: string,
		id: string,
		fields: Pick<CanteenPromptRecord, 'text' | 'category' | 'phases' | 'keywords'>
	): Promise<boolean>;
	/** False when the canteen has no such prompt. */
	setCanteenPromptArchived(canteenId: string, id: string, archived: boolean): Promise<boolean>;

	/** Kitchen-screen links issued for a meal (besides the key derived from the master key). */
	createScreenLink(link: ScreenLinkRecord): Promise<void>;
	/** Whether this key hash is a live (not revoked) link of this meal. */
	hasScreenLink(mealId: string, keyHash: string): Promise<boolean>;
	countScreenLinks(mealId: string): Promise<number>;
	/** Revokes every link issued for the meal; how many there were. */
	revokeScreenLinks(mealId: string): Promise<number>;

	/**
	 * People (src/lib/people/): what members chose to share, per canteen and key; the
	 * introductions done; and which meals of the canteen each device came to.
	 */
	getProfile(canteenId: string, key: string): Promise<ProfileRecord | undefined>;
	/** The canteen's profiles among `keys` (any order). */
	listProfiles(canteenId: string, keys: readonly string[]): Promise<ProfileRecord[]>;
	/** Creates or replaces. */
	putProfile(profile: ProfileRecord): Promise<void>;
	/** Deletes for good (not kept anywhere the store can read it back); false when there was none. */
	deleteProfile(canteenId: string, key: string): Promise<boolean>;
	recordIntroduction(intro: IntroductionRecord): Promise<void>;
	/** The canteen's introductions at or after `since`, oldest first. */
	listIntroductions(query: { canteenId: string; since: number }): Promise<IntroductionRecord[]>;
	/** One entry per (device, meal of the canteen) among `deviceHashes`, oldest first. */
	listDeviceVisits(canteenId: string, deviceHashes: readonly string[]): Promise<DeviceVisit[]>;
	/** The member records of a meal, oldest first. */
	listMealMembers(mealId: string): Promise<MemberRecord[]>;

	// ── Planning: task templates and recurring meals ──

	/** The canteen's task templates in board order (phase, then order, then id). */
	listTaskTemplates(canteenId: string): Promise<TaskTemplate[]>;
	/**
	 * Stores `templates` as the canteen's set iff it never had one (a set emptied by hand
	 * stays empty). True when this call stored them; two concurrent calls seed once.
	 */
	seedTaskTemplates(canteenId: string, templates: TaskTemplate[]): Promise<boolean>;
	createTaskTemplate(template: TaskTemplate): Promise<void>;
	/** Replaces the template with this id in `template.canteenId`; false if there is none. */
	updateTaskTemplate(template: TaskTemplate): Promise<boolean>;
	/** False when the canteen has no template with this id. */
	deleteTaskTemplate(canteenId: string, templateId: string): Promise<boolean>;
	/**
	 * Sets each listed template's order to its index, all or nothing: false, and nothing
	 * changed, if an id is not one of the canteen's templates.
	 */
	reorderTaskTemplates(canteenId: string, orderedIds: string[]): Promise<boolean>;
	/** Replaces the canteen's whole set in one step (reset to the default set). */
	replaceTaskTemplates(canteenId: string, templates: TaskTemplate[]): Promise<void>;

	createSeries(series: SeriesRecord): Promise<void>;
	getSeries(id: string): Promise<SeriesRecord | undefined>;
	/** The canteen's series, oldest first. */
	listSeries(canteenId: string): Promise<SeriesRecord[]>;
	/** Every canteen's series that are not paused, oldest first. */
	listActiveSeries(): Promise<SeriesRecord[]>;
	/** Replaces rule, defaults and paused of the series with this id in `series.canteenId`. */
	updateSeries(series: SeriesRecord): Promise<boolean>;
	/** Deletes the series and its claimed dates (its meals stay). False if there is none. */
	deleteSeries(canteenId: string, seriesId: string): Promise<boolean>;
	/**
	 * Claims `date` of an existing, active series for a meal about to be created: true for
	 * exactly one caller, however many processes try at once. A claim that never got its
	 * meal (the process died in between) can be taken again once it is older than
	 * `staleBefore`; a claim with a meal never can.
	 */
	claimSeriesDate(claim: { seriesId: string; date: string; at: number; staleBefore: number }): Promise<boolean>;
	/** Records the meal of the claim taken at `claimedAt`; false if that claim is no longer the holder. */
	recordSeriesMeal(record: { seriesId: string; date: string; claimedAt: number; mealId: string }): Promise<boolean>;
	/** The series' claimed dates, in date order. */
	listSeriesDates(seriesId: string): Promise<SeriesDateRecord[]>;

	/**
	 * Planning: deletes a meal that never happened (a cancelled plan) with its board log,
	 * prompt history, screen links and introductions, all or nothing, iff no member record exists for it. False when the
	 * meal is unknown or someone joined it: attendance is never deleted.
	 */
	deleteMealIfUnjoined(mealId: string): Promise<boolean>;

	close(): Promise<void>;
}
