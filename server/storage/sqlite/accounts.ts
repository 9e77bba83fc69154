/** Staff accounts in SQLite; the writes that must happen once are single transactions. */
import type Database from 'better-sqlite3';
import type {
	AccountRepository,
	InvitationRecord,
	SessionRecord,
	StaffRole,
	TeamRemovalResult,
	UserRecord
} from '../accounts.ts';

interface UserRow {
	id: string;
	email: string;
	display_name: string;
	password_hash: string;
	role: StaffRole;
	created_at: number;
}

export const toUser = (r: UserRow): UserRecord => ({
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

export const toSession = (r: SessionRow): SessionRecord => ({
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

export const toInvitation = (r: InvitationRow): InvitationRecord => ({
	tokenHash: r.token_hash,
	canteenId: r.canteen_id,
	role: r.role,
	createdBy: r.created_by,
	createdAt: r.created_at,
	expiresAt: r.expires_at,
	usedAt: r.used_at
});

export function sqliteAccounts(db: Database.Database): AccountRepository {
	const q = {
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
		// The team of a canteen.
		listTeam: db.prepare<[string], UserRow>(
			`select * from users where role = 'admin'
			 or id in (select user_id from canteen_memberships where canteen_id = ?)
			 order by lower(display_name), id`
		),
		listInvitations: db.prepare<[string, number], InvitationRow>(
			'select * from invitations where canteen_id = ? order by created_at desc, token_hash limit ?'
		),
		hasMembership: db.prepare<[string, string], { user_id: string }>(
			'select user_id from canteen_memberships where user_id = ? and canteen_id = ?'
		),
		deleteMembership: db.prepare('delete from canteen_memberships where user_id = ? and canteen_id = ?'),
		countAdmins: db.prepare<[], { n: number }>("select count(*) as n from users where role = 'admin'"),
		demote: db.prepare("update users set role = 'staff' where id = ?")
	};

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

	const removeFromTeam = db.transaction((userId: string, canteenId: string): TeamRemovalResult => {
		const user = q.getUser.get(userId);
		const member = q.hasMembership.get(userId, canteenId);
		if (!user || (user.role !== 'admin' && !member)) return { ok: false, reason: 'not_found' };
		if (user.role === 'admin') {
			if (q.countAdmins.get()!.n <= 1) return { ok: false, reason: 'last_admin' };
			q.demote.run(userId);
		}
		q.deleteMembership.run(userId, canteenId);
		q.deleteUserSessions.run(userId, '');
		return { ok: true };
	});

	const createSession = db.transaction((session: SessionRecord) => {
		q.deleteExpiredSessions.run(session.createdAt);
		q.insertSession.run(session);
	});

	return {
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
		async listTeam(canteenId) {
			return q.listTeam.all(canteenId).map(toUser);
		},
		async listInvitations(canteenId, limit) {
			return q.listInvitations.all(canteenId, limit).map(toInvitation);
		},
		async removeFromTeam(userId, canteenId) {
			return removeFromTeam(userId, canteenId);
		}
	};
}
