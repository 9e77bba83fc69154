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
import type {
	AppendResult,
	BoardLog,
	CanteenRecord,
	InvitationRecord,
	MealRecord,
	MemberRecord,
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
	);`
];

interface MemberRow {
	id: string;
	meal_id: string;
	token_hash: string;
	created_at: number;
	device_hash: string | null;
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
		// Planning: cancelling a meal nobody joined.
		anyMember: db.prepare<[string], { id: string }>('select id from members where meal_id = ? limit 1'),
		deleteBoardUpdates: db.prepare('delete from board_updates where meal_id = ?'),
		deleteBoardSnapshot: db.prepare('delete from board_snapshots where meal_id = ?'),
		deleteMealPromptUses: db.prepare('delete from prompt_uses where meal_id = ?'),
		deleteMeal: db.prepare('delete from meals where id = ?')
	};

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
