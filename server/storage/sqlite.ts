/**
 * The embedded store: one SQLite file in DATA_DIR through better-sqlite3, in WAL mode.
 * better-sqlite3 is synchronous, so an append is on disk (in the WAL) before the promise
 * resolves; synchronous=NORMAL keeps committed transactions across a process crash
 * (SIGKILL), which is the durability an ack promises. Power loss may drop the last
 * transactions; set TABLEE_SQLITE_SYNC=full to fsync every commit.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { planningStore } from './sqlite-planning.ts';
import type {
	AppendResult,
	BoardLog,
	CanteenRecord,
	DeviceVisit,
	IntroductionRecord,
	InvitationRecord,
	MealRecord,
	MemberRecord,
	CanteenPromptRecord,
	ProfileRecord,
	SessionRecord,
	StaffRole,
	Store,
	UserRecord
} from './store.ts';

const MIGRATIONS: string[] = [
	`create table canteens (
		id text primary key,
		name text not null,
		created_at integer not null
	);
	create table meals (
		id text primary key,
		canteen_id text not null references canteens(id),
		join_code text not null unique,
		master_key_hash text not null,
		screen_key_hash text not null,
		created_at integer not null
	);
	create index meals_by_canteen on meals(canteen_id);
	create table members (
		id text primary key,
		meal_id text not null references meals(id),
		token_hash text not null unique,
		created_at integer not null
	);
	create table board_snapshots (
		meal_id text primary key,
		seq integer not null,
		data blob not null
	);
	create table board_updates (
		meal_id text not null,
		seq integer not null,
		data blob not null,
		primary key (meal_id, seq)
	) without rowid;`,
	// Staff accounts (issue: real staff accounts replace the secret link).
	`create table users (
		id text primary key,
		email text not null unique,
		display_name text not null,
		password_hash text not null,
		role text not null check (role in ('admin', 'staff')),
		created_at integer not null
	);
	create table sessions (
		id text primary key,
		user_id text not null references users(id) on delete cascade,
		created_at integer not null,
		expires_at integer not null,
		last_seen_at integer not null
	);
	create index sessions_by_user on sessions(user_id);
	create table canteen_memberships (
		user_id text not null references users(id) on delete cascade,
		canteen_id text not null references canteens(id),
		primary key (user_id, canteen_id)
	) without rowid;
	create table invitations (
		token_hash text primary key,
		canteen_id text not null references canteens(id),
		role text not null check (role in ('admin', 'staff')),
		created_by text not null references users(id),
		created_at integer not null,
		expires_at integer not null,
		used_at integer
	);
	create table setup_token (
		only_one integer primary key check (only_one = 1),
		token_hash text not null
	);`,
	// Live icebreakers: which prompt each canteen pushed, when, to whom (freshness of suggestions).
	`create table prompt_uses (
		id integer primary key autoincrement,
		canteen_id text not null references canteens(id),
		prompt_id text not null,
		meal_id text not null references meals(id),
		used_at integer not null,
		audience text not null
	);
	create index prompt_uses_by_canteen on prompt_uses(canteen_id, used_at);`,
	// Moderation: the phone's device hash, devices blocked per canteen, refused words.
	`alter table members add column device_hash text;
	create table bans (
		id text primary key,
		canteen_id text not null references canteens(id),
		device_hash text not null,
		name text not null,
		by_meal text not null,
		at integer not null
	);
	create index bans_by_device on bans(canteen_id, device_hash);
	create table refused_words (
		canteen_id text primary key references canteens(id),
		words text not null
	);`,
	// A canteen's own prompts, and kitchen-screen links issued to signed-in Canteen Masters.
	`create table canteen_prompts (
		id text primary key,
		canteen_id text not null references canteens(id),
		text_fr text not null,
		text_en text not null,
		category text not null,
		phases text not null,
		keywords text not null,
		created_by text not null,
		created_at integer not null,
		archived integer not null default 0 check (archived in (0, 1))
	);
	create index canteen_prompts_by_canteen on canteen_prompts(canteen_id, created_at);
	create table screen_links (
		key_hash text primary key,
		meal_id text not null references meals(id),
		created_at integer not null
	);
	create index screen_links_by_meal on screen_links(meal_id);`,
	// People: what members chose to share per canteen, introductions done, visits by device.
	`create table profiles (
		canteen_id text not null references canteens(id),
		key text not null,
		data text not null,
		updated_at integer not null,
		primary key (canteen_id, key)
	) without rowid;
	create table introductions (
		id integer primary key autoincrement,
		canteen_id text not null references canteens(id),
		a_key text not null,
		b_key text not null,
		meal_id text not null references meals(id),
		at integer not null
	);
	create index introductions_by_canteen on introductions(canteen_id, at);
	create index members_by_device on members(device_hash);`,
	// Planning: task templates per canteen, recurring series and the dates they claimed
	// (sqlite-planning.ts). The primary key of series_dates is what makes "one meal per
	// series date" hold across processes.
	`create table task_templates (
		id text primary key,
		canteen_id text not null references canteens(id),
		kind text not null,
		title_fr text not null,
		title_en text not null,
		slots integer not null,
		phase text not null check (phase in ('before', 'during', 'after')),
		icon text not null,
		position integer not null
	);
	create index task_templates_by_canteen on task_templates(canteen_id);
	create table template_sets (
		canteen_id text primary key references canteens(id),
		started_at integer not null
	);
	create table meal_series (
		id text primary key,
		canteen_id text not null references canteens(id),
		rule text not null,
		defaults text not null,
		paused integer not null check (paused in (0, 1)),
		created_by text not null,
		created_at integer not null
	);
	create index meal_series_by_canteen on meal_series(canteen_id);
	create table series_dates (
		series_id text not null references meal_series(id) on delete cascade,
		date text not null,
		meal_id text references meals(id),
		claimed_at integer not null,
		-- 1 once the meal was cancelled (deleted): the date stays claimed, never retaken.
		cancelled integer not null default 0 check (cancelled in (0, 1)),
		primary key (series_id, date)
	) without rowid;`
];

interface MemberRow {
	id: string;
	meal_id: string;
	token_hash: string;
	created_at: number;
	device_hash: string | null;
}

interface ProfileRow {
	canteen_id: string;
	key: string;
	data: string;
	updated_at: number;
}

interface BanRow {
	id: string;
	canteen_id: string;
	device_hash: string;
	name: string;
	by_meal: string;
	at: number;
}

const toMember = (r: MemberRow): MemberRecord => ({
	id: r.id,
	mealId: r.meal_id,
	tokenHash: r.token_hash,
	createdAt: r.created_at,
	...(r.device_hash ? { deviceHash: r.device_hash } : {})
});

interface MealRow {
	id: string;
	canteen_id: string;
	join_code: string;
	master_key_hash: string;
	screen_key_hash: string;
	created_at: number;
}

const toMeal = (r: MealRow): MealRecord => ({
	id: r.id,
	canteenId: r.canteen_id,
	joinCode: r.join_code,
	masterKeyHash: r.master_key_hash,
	screenKeyHash: r.screen_key_hash,
	createdAt: r.created_at
});

interface UserRow {
	id: string;
	email: string;
	display_name: string;
	password_hash: string;
	role: StaffRole;
	created_at: number;
}

const toUser = (r: UserRow): UserRecord => ({
	id: r.id,
	email: r.email,
	displayName: r.display_name,
	passwordHash: r.password_hash,
	role: r.role,
	createdAt: r.created_at
});

interface SessionRow {
	id: string;
	user_id: string;
	created_at: number;
	expires_at: number;
	last_seen_at: number;
}

const toSession = (r: SessionRow): SessionRecord => ({
	id: r.id,
	userId: r.user_id,
	createdAt: r.created_at,
	expiresAt: r.expires_at,
	lastSeenAt: r.last_seen_at
});

interface InvitationRow {
	token_hash: string;
	canteen_id: string;
	role: StaffRole;
	created_by: string;
	created_at: number;
	expires_at: number;
	used_at: number | null;
}

const toInvitation = (r: InvitationRow): InvitationRecord => ({
	tokenHash: r.token_hash,
	canteenId: r.canteen_id,
	role: r.role,
	createdBy: r.created_by,
	createdAt: r.created_at,
	expiresAt: r.expires_at,
	usedAt: r.used_at
});

interface CanteenPromptRow {
	id: string;
	canteen_id: string;
	text_fr: string;
	text_en: string;
	category: CanteenPromptRecord['category'];
	phases: string;
	keywords: string;
	created_by: string;
	created_at: number;
	archived: number;
}

const toCanteenPrompt = (r: CanteenPromptRow): CanteenPromptRecord => ({
	id: r.id,
	canteenId: r.canteen_id,
	text: { fr: r.text_fr, en: r.text_en },
	category: r.category,
	phases: JSON.parse(r.phases) as CanteenPromptRecord['phases'],
	keywords: JSON.parse(r.keywords) as string[],
	createdBy: r.created_by,
	createdAt: r.created_at,
	archived: r.archived === 1
});

export interface SqliteStoreOptions {
	/** Directory for tablee.db; `:memory:` for a throwaway store. */
	dataDir: string;
	synchronous?: 'normal' | 'full';
}

export function openSqliteStore({ dataDir, synchronous = 'normal' }: SqliteStoreOptions): Store {
	let file = ':memory:';
	if (dataDir !== ':memory:') {
		mkdirSync(dataDir, { recursive: true });
		file = join(dataDir, 'tablee.db');
	}
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	// A deleted row's bytes are overwritten, not left in free space: withdrawing consent to
	// share (people profiles) must leave nothing readable in the file.
	db.pragma('secure_delete = ON');
	migrate(db);

	const q = {
		insertCanteen: db.prepare('insert into canteens (id, name, created_at) values (?, ?, ?)'),
		getCanteen: db.prepare<[string], { id: string; name: string; created_at: number }>(
			'select * from canteens where id = ?'
		),
		listCanteens: db.prepare<[], { id: string; name: string; created_at: number }>(
			'select * from canteens order by created_at, id'
		),
		insertMeal: db.prepare(
			`insert into meals (id, canteen_id, join_code, master_key_hash, screen_key_hash, created_at)
			 values (@id, @canteenId, @joinCode, @masterKeyHash, @screenKeyHash, @createdAt)`
		),
		getMeal: db.prepare<[string], MealRow>('select * from meals where id = ?'),
		getMealByCode: db.prepare<[string], MealRow>('select * from meals where join_code = ?'),
		listMeals: db.prepare<[string], MealRow>('select * from meals where canteen_id = ? order by created_at, id'),
		insertMember: db.prepare(
			'insert into members (id, meal_id, token_hash, created_at, device_hash) values (?, ?, ?, ?, ?)'
		),
		getMemberById: db.prepare<[string], MemberRow>('select * from members where id = ?'),
		insertBan: db.prepare(
			'insert into bans (id, canteen_id, device_hash, name, by_meal, at) values (?, ?, ?, ?, ?, ?)'
		),
		listBans: db.prepare<[string], BanRow>('select * from bans where canteen_id = ? order by at, id'),
		deleteBan: db.prepare('delete from bans where canteen_id = ? and id = ?'),
		findBan: db.prepare<[string, string], { id: string }>(
			'select id from bans where canteen_id = ? and device_hash = ? limit 1'
		),
		getWords: db.prepare<[string], { words: string }>('select words from refused_words where canteen_id = ?'),
		setWords: db.prepare(
			`insert into refused_words (canteen_id, words) values (?, ?)
			on conflict(canteen_id) do update set words = excluded.words`
		),
		getMemberByToken: db.prepare<[string], MemberRow>('select * from members where token_hash = ?'),
		snapshot: db.prepare<[string], { seq: number; data: Buffer }>(
			'select seq, data from board_snapshots where meal_id = ?'
		),
		updatesAfter: db.prepare<[string, number], { seq: number; data: Buffer }>(
			'select seq, data from board_updates where meal_id = ? and seq > ? order by seq'
		),
		lastSeq: db.prepare<[string], { seq: number | null }>(
			'select max(seq) as seq from board_updates where meal_id = ?'
		),
		insertUpdate: db.prepare('insert into board_updates (meal_id, seq, data) values (?, ?, ?)'),
		upsertSnapshot: db.prepare(
			`insert into board_snapshots (meal_id, seq, data) values (?, ?, ?)
			 on conflict (meal_id) do update set seq = excluded.seq, data = excluded.data`
		),
		deleteUpdatesUpTo: db.prepare('delete from board_updates where meal_id = ? and seq <= ?'),
		countUsers: db.prepare<[], { n: number }>('select count(*) as n from users'),
		getUser: db.prepare<[string], UserRow>('select * from users where id = ?'),
		getUserByEmail: db.prepare<[string], UserRow>('select * from users where email = ?'),
		insertUser: db.prepare(
			`insert into users (id, email, display_name, password_hash, role, created_at)
			 values (@id, @email, @displayName, @passwordHash, @role, @createdAt)`
		),
		setPassword: db.prepare('update users set password_hash = ? where id = ?'),
		getSetupToken: db.prepare<[], { token_hash: string }>('select token_hash from setup_token'),
		deleteSetupToken: db.prepare('delete from setup_token'),
		insertSetupToken: db.prepare('insert into setup_token (only_one, token_hash) values (1, ?)'),
		insertSession: db.prepare(
			`insert into sessions (id, user_id, created_at, expires_at, last_seen_at)
			 values (@id, @userId, @createdAt, @expiresAt, @lastSeenAt)`
		),
		getSession: db.prepare<[string, number], SessionRow>('select * from sessions where id = ? and expires_at > ?'),
		touchSession: db.prepare('update sessions set last_seen_at = ? where id = ?'),
		deleteSession: db.prepare('delete from sessions where id = ?'),
		deleteUserSessions: db.prepare('delete from sessions where user_id = ? and id != ?'),
		deleteExpiredSessions: db.prepare('delete from sessions where expires_at <= ?'),
		insertMembership: db.prepare(
			'insert into canteen_memberships (user_id, canteen_id) values (?, ?) on conflict do nothing'
		),
		listMemberships: db.prepare<[string], { canteen_id: string }>(
			'select canteen_id from canteen_memberships where user_id = ? order by canteen_id'
		),
		insertInvitation: db.prepare(
			`insert into invitations (token_hash, canteen_id, role, created_by, created_at, expires_at, used_at)
			 values (@tokenHash, @canteenId, @role, @createdBy, @createdAt, @expiresAt, @usedAt)`
		),
		getInvitation: db.prepare<[string, number], InvitationRow>(
			'select * from invitations where token_hash = ? and used_at is null and expires_at > ?'
		),
		useInvitation: db.prepare('update invitations set used_at = ? where token_hash = ?'),
		insertPromptUse: db.prepare(
			'insert into prompt_uses (canteen_id, prompt_id, meal_id, used_at, audience) values (?, ?, ?, ?, ?)'
		),
		listPromptUses: db.prepare<
			[string, number],
			{ canteen_id: string; prompt_id: string; meal_id: string; used_at: number; audience: string }
		>('select * from prompt_uses where canteen_id = ? and used_at >= ? order by used_at, id'),
		insertCanteenPrompt: db.prepare(
			`insert into canteen_prompts
			 (id, canteen_id, text_fr, text_en, category, phases, keywords, created_by, created_at, archived)
			 values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		),
		getCanteenPrompt: db.prepare<[string, string], CanteenPromptRow>(
			'select * from canteen_prompts where canteen_id = ? and id = ?'
		),
		listCanteenPrompts: db.prepare<[string], CanteenPromptRow>(
			'select * from canteen_prompts where canteen_id = ? order by created_at, id'
		),
		updateCanteenPrompt: db.prepare(
			`update canteen_prompts set text_fr = ?, text_en = ?, category = ?, phases = ?, keywords = ?
			 where canteen_id = ? and id = ?`
		),
		archiveCanteenPrompt: db.prepare('update canteen_prompts set archived = ? where canteen_id = ? and id = ?'),
		insertScreenLink: db.prepare('insert into screen_links (key_hash, meal_id, created_at) values (?, ?, ?)'),
		findScreenLink: db.prepare<[string, string], { key_hash: string }>(
			'select key_hash from screen_links where meal_id = ? and key_hash = ?'
		),
		countScreenLinks: db.prepare<[string], { n: number }>('select count(*) as n from screen_links where meal_id = ?'),
		deleteScreenLinks: db.prepare('delete from screen_links where meal_id = ?'),
		// Planning: cancelling a meal nobody joined.
		anyMember: db.prepare<[string], { id: string }>('select id from members where meal_id = ? limit 1'),
		deleteBoardUpdates: db.prepare('delete from board_updates where meal_id = ?'),
		deleteBoardSnapshot: db.prepare('delete from board_snapshots where meal_id = ?'),
		deleteMealPromptUses: db.prepare('delete from prompt_uses where meal_id = ?'),
		deleteMeal: db.prepare('delete from meals where id = ?'),
		deleteMealIntroductions: db.prepare('delete from introductions where meal_id = ?'),
		cancelSeriesMeal: db.prepare('update series_dates set meal_id = null, cancelled = 1 where meal_id = ?')
	};

	// People (store.ts): profiles, introductions, visits by device.
	const people = {
		getProfile: db.prepare<[string, string], ProfileRow>('select * from profiles where canteen_id = ? and key = ?'),
		listProfiles: db.prepare<[string, string], ProfileRow>(
			'select * from profiles where canteen_id = ? and key in (select value from json_each(?)) order by key'
		),
		putProfile: db.prepare(
			`insert into profiles (canteen_id, key, data, updated_at) values (?, ?, ?, ?)
			 on conflict (canteen_id, key) do update set data = excluded.data, updated_at = excluded.updated_at`
		),
		deleteProfile: db.prepare('delete from profiles where canteen_id = ? and key = ?'),
		insertIntroduction: db.prepare(
			'insert into introductions (canteen_id, a_key, b_key, meal_id, at) values (?, ?, ?, ?, ?)'
		),
		listIntroductions: db.prepare<
			[string, number],
			{ canteen_id: string; a_key: string; b_key: string; meal_id: string; at: number }
		>('select * from introductions where canteen_id = ? and at >= ? order by at, id'),
		listVisits: db.prepare<[string, string], { device_hash: string; meal_id: string; at: number }>(
			`select m.device_hash, m.meal_id, min(m.created_at) as at
			 from members m join meals ml on ml.id = m.meal_id
			 where ml.canteen_id = ? and m.device_hash in (select value from json_each(?))
			 group by m.device_hash, m.meal_id
			 order by at, m.meal_id, m.device_hash`
		),
		listMealMembers: db.prepare<[string], MemberRow>('select * from members where meal_id = ? order by created_at, id')
	};

	const toProfile = (r: ProfileRow): ProfileRecord => ({
		...(JSON.parse(r.data) as Omit<ProfileRecord, 'canteenId' | 'key' | 'updatedAt'>),
		canteenId: r.canteen_id,
		key: r.key,
		updatedAt: r.updated_at
	});

	const currentSeq = (mealId: string): number => {
		const last = q.lastSeq.get(mealId)?.seq;
		if (last != null) return last;
		return q.snapshot.get(mealId)?.seq ?? 0;
	};

	const append = db.transaction((mealId: string, expectedSeq: number, update: Uint8Array): AppendResult => {
		const seq = currentSeq(mealId);
		if (seq !== expectedSeq) return { ok: false, reason: 'conflict', seq };
		q.insertUpdate.run(mealId, seq + 1, update);
		return { ok: true, seq: seq + 1 };
	});

	const compact = db.transaction((mealId: string, seq: number, snapshot: Uint8Array) => {
		const existing = q.snapshot.get(mealId);
		if (existing && existing.seq >= seq) return;
		if (seq > currentSeq(mealId)) throw new Error(`cannot compact ${mealId} beyond its log`);
		q.upsertSnapshot.run(mealId, seq, snapshot);
		q.deleteUpdatesUpTo.run(mealId, seq);
	});

	const createMeal = db.transaction((meal: MealRecord) => {
		if (q.getMeal.get(meal.id)) return { ok: false as const, reason: 'exists' as const };
		if (q.getMealByCode.get(meal.joinCode)) return { ok: false as const, reason: 'join_code_taken' as const };
		q.insertMeal.run(meal);
		return { ok: true as const };
	});

	const insertUser = (user: UserRecord): boolean => {
		const email = user.email.toLowerCase();
		if (q.getUserByEmail.get(email)) return false;
		q.insertUser.run({ ...user, email });
		return true;
	};

	const setSetupToken = db.transaction((tokenHash: string | null) => {
		q.deleteSetupToken.run();
		if (tokenHash) q.insertSetupToken.run(tokenHash);
	});

	const createFirstAdmin = db.transaction((setupTokenHash: string, user: UserRecord) => {
		const token = q.getSetupToken.get();
		if (!token || token.token_hash !== setupTokenHash || q.countUsers.get()!.n > 0) {
			return { ok: false as const, reason: 'invalid_token' as const };
		}
		if (!insertUser({ ...user, role: 'admin' })) return { ok: false as const, reason: 'email_taken' as const };
		q.deleteSetupToken.run();
		return { ok: true as const };
	});

	const redeemInvitation = db.transaction((tokenHash: string, now: number, user: Omit<UserRecord, 'role'>) => {
		const invitation = q.getInvitation.get(tokenHash, now);
		if (!invitation) return { ok: false as const, reason: 'invalid_token' as const };
		if (!insertUser({ ...user, role: invitation.role })) return { ok: false as const, reason: 'email_taken' as const };
		q.insertMembership.run(user.id, invitation.canteen_id);
		q.useInvitation.run(now, tokenHash);
		return { ok: true as const };
	});

	const createSession = db.transaction((session: SessionRecord) => {
		// Expired sessions are swept whenever someone logs in: no timer, bounded table.
		q.deleteExpiredSessions.run(session.createdAt);
		q.insertSession.run(session);
	});

	const deleteMealIfUnjoined = db.transaction((mealId: string): boolean => {
		if (!q.getMeal.get(mealId) || q.anyMember.get(mealId)) return false;
		q.deleteBoardUpdates.run(mealId);
		q.deleteBoardSnapshot.run(mealId);
		q.deleteMealPromptUses.run(mealId);
		q.deleteScreenLinks.run(mealId);
		q.deleteMealIntroductions.run(mealId);
		// A series date keeps its claim, marked cancelled, so top-ups never bring the meal back.
		q.cancelSeriesMeal.run(mealId);
		q.deleteMeal.run(mealId);
		return true;
	});

	return {
		kind: 'sqlite',
		async createCanteen(c: CanteenRecord) {
			q.insertCanteen.run(c.id, c.name, c.createdAt);
		},
		async getCanteen(id) {
			const r = q.getCanteen.get(id);
			return r && { id: r.id, name: r.name, createdAt: r.created_at };
		},
		async listCanteens() {
			return q.listCanteens.all().map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
		},
		async createMeal(meal) {
			return createMeal(meal);
		},
		async getMeal(id) {
			const r = q.getMeal.get(id);
			return r && toMeal(r);
		},
		async getMealByJoinCode(code) {
			const r = q.getMealByCode.get(code);
			return r && toMeal(r);
		},
		async listMeals(canteenId) {
			return q.listMeals.all(canteenId).map(toMeal);
		},
		async createMember(m: MemberRecord) {
			q.insertMember.run(m.id, m.mealId, m.tokenHash, m.createdAt, m.deviceHash ?? null);
		},
		async getMemberByTokenHash(hash) {
			const r = q.getMemberByToken.get(hash);
			return r && toMember(r);
		},
		async getMember(id) {
			const r = q.getMemberById.get(id);
			return r && toMember(r);
		},
		async createBan(b) {
			q.insertBan.run(b.id, b.canteenId, b.deviceHash, b.name, b.by, b.at);
		},
		async listBans(canteenId) {
			return q.listBans.all(canteenId).map((r) => ({
				id: r.id,
				canteenId: r.canteen_id,
				deviceHash: r.device_hash,
				name: r.name,
				by: r.by_meal,
				at: r.at
			}));
		},
		async deleteBan(canteenId, banId) {
			return q.deleteBan.run(canteenId, banId).changes > 0;
		},
		async isDeviceBanned(canteenId, deviceHash) {
			return q.findBan.get(canteenId, deviceHash) !== undefined;
		},
		async getRefusedWords(canteenId) {
			const r = q.getWords.get(canteenId);
			return r ? (JSON.parse(r.words) as string[]) : [];
		},
		async setRefusedWords(canteenId, words) {
			q.setWords.run(canteenId, JSON.stringify(words));
		},
		async countUsers() {
			return q.countUsers.get()!.n;
		},
		async getUser(id) {
			const r = q.getUser.get(id);
			return r && toUser(r);
		},
		async getUserByEmail(email) {
			const r = q.getUserByEmail.get(email.toLowerCase());
			return r && toUser(r);
		},
		async setPasswordHash(userId, passwordHash) {
			q.setPassword.run(passwordHash, userId);
		},
		async setSetupToken(tokenHash) {
			setSetupToken(tokenHash);
		},
		async createFirstAdmin(setupTokenHash, user) {
			return createFirstAdmin(setupTokenHash, user);
		},
		async createSession(session) {
			createSession(session);
		},
		async getSession(id, now) {
			const r = q.getSession.get(id, now);
			return r && toSession(r);
		},
		async touchSession(id, lastSeenAt) {
			q.touchSession.run(lastSeenAt, id);
		},
		async deleteSession(id) {
			q.deleteSession.run(id);
		},
		async deleteUserSessions(userId, keepId = '') {
			q.deleteUserSessions.run(userId, keepId);
		},
		async addMembership(userId, canteenId) {
			q.insertMembership.run(userId, canteenId);
		},
		async listMemberships(userId) {
			return q.listMemberships.all(userId).map((r) => r.canteen_id);
		},
		async createInvitation(invitation) {
			q.insertInvitation.run(invitation);
		},
		async getInvitation(tokenHash, now) {
			const r = q.getInvitation.get(tokenHash, now);
			return r && toInvitation(r);
		},
		async redeemInvitation(tokenHash, now, user) {
			return redeemInvitation(tokenHash, now, user);
		},
		async recordPromptUse(use) {
			q.insertPromptUse.run(use.canteenId, use.promptId, use.mealId, use.usedAt, JSON.stringify(use.audience));
		},
		async listPromptHistory({ canteenId, since }) {
			return q.listPromptUses.all(canteenId, since).map((r) => ({
				canteenId: r.canteen_id,
				promptId: r.prompt_id,
				mealId: r.meal_id,
				usedAt: r.used_at,
				audience: JSON.parse(r.audience) as string[]
			}));
		},
		async createCanteenPrompt(p) {
			q.insertCanteenPrompt.run(
				p.id,
				p.canteenId,
				p.text.fr,
				p.text.en,
				p.category,
				JSON.stringify(p.phases),
				JSON.stringify(p.keywords),
				p.createdBy,
				p.createdAt,
				p.archived ? 1 : 0
			);
		},
		async getCanteenPrompt(canteenId, id) {
			const r = q.getCanteenPrompt.get(canteenId, id);
			return r && toCanteenPrompt(r);
		},
		async listCanteenPrompts(canteenId) {
			return q.listCanteenPrompts.all(canteenId).map(toCanteenPrompt);
		},
		async updateCanteenPrompt(canteenId, id, f) {
			const { changes } = q.updateCanteenPrompt.run(
				f.text.fr,
				f.text.en,
				f.category,
				JSON.stringify(f.phases),
				JSON.stringify(f.keywords),
				canteenId,
				id
			);
			return changes > 0;
		},
		async setCanteenPromptArchived(canteenId, id, archived) {
			return q.archiveCanteenPrompt.run(archived ? 1 : 0, canteenId, id).changes > 0;
		},
		async createScreenLink(link) {
			q.insertScreenLink.run(link.keyHash, link.mealId, link.createdAt);
		},
		async hasScreenLink(mealId, keyHash) {
			return q.findScreenLink.get(mealId, keyHash) !== undefined;
		},
		async countScreenLinks(mealId) {
			return q.countScreenLinks.get(mealId)!.n;
		},
		async revokeScreenLinks(mealId) {
			return q.deleteScreenLinks.run(mealId).changes;
		},
		async loadBoard(mealId): Promise<BoardLog> {
			// One read transaction so a concurrent compaction cannot split the picture.
			return db.transaction(() => {
				const snap = q.snapshot.get(mealId);
				const snapshotSeq = snap?.seq ?? 0;
				const rows = q.updatesAfter.all(mealId, snapshotSeq);
				return {
					snapshot: snap ? new Uint8Array(snap.data) : null,
					snapshotSeq,
					updates: rows.map((r) => new Uint8Array(r.data)),
					seq: rows.at(-1)?.seq ?? snapshotSeq
				};
			})();
		},
		async appendUpdate(mealId, expectedSeq, update) {
			return append(mealId, expectedSeq, update);
		},
		async compactBoard(mealId, seq, snapshot) {
			compact(mealId, seq, snapshot);
		},
		async getProfile(canteenId, key) {
			const r = people.getProfile.get(canteenId, key);
			return r && toProfile(r);
		},
		async listProfiles(canteenId, keys) {
			return people.listProfiles.all(canteenId, JSON.stringify(keys)).map(toProfile);
		},
		async putProfile(p) {
			const data = { consentAt: p.consentAt, facts: p.facts, languages: p.languages, ageBracket: p.ageBracket };
			people.putProfile.run(p.canteenId, p.key, JSON.stringify(data), p.updatedAt);
		},
		async deleteProfile(canteenId, key) {
			const deleted = people.deleteProfile.run(canteenId, key).changes > 0;
			// secure_delete zeroes the row in the database file; the checkpoint also empties
			// the WAL, which still holds the page as it was before.
			if (deleted && file !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
			return deleted;
		},
		async recordIntroduction(i) {
			people.insertIntroduction.run(i.canteenId, i.a, i.b, i.mealId, i.at);
		},
		async listIntroductions({ canteenId, since }) {
			return people.listIntroductions.all(canteenId, since).map(
				(r) =>
					({
						canteenId: r.canteen_id,
						a: r.a_key,
						b: r.b_key,
						mealId: r.meal_id,
						at: r.at
					}) satisfies IntroductionRecord
			);
		},
		async listDeviceVisits(canteenId, deviceHashes) {
			return people.listVisits
				.all(canteenId, JSON.stringify(deviceHashes))
				.map((r) => ({ deviceHash: r.device_hash, mealId: r.meal_id, at: r.at }) satisfies DeviceVisit);
		},
		async listMealMembers(mealId) {
			return people.listMealMembers.all(mealId).map(toMember);
		},
		...planningStore(db),
		async deleteMealIfUnjoined(mealId) {
			return deleteMealIfUnjoined(mealId);
		},
		async close() {
			if (db.open) db.close();
		}
	};
}

function migrate(db: Database.Database) {
	const version = db.pragma('user_version', { simple: true }) as number;
	for (let i = version; i < MIGRATIONS.length; i++) {
		db.transaction(() => {
			db.exec(MIGRATIONS[i]!);
			db.pragma(`user_version = ${i + 1}`);
		})();
	}
}
