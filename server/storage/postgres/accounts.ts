/** Staff accounts in PostgreSQL; the writes that must happen once are single transactions. */
import type { AccountRepository, TeamRemovalResult, UserRecord } from '../accounts.ts';
// The columns are SQLite's, so rows read the same way.
import { toInvitation, toSession, toUser } from '../sqlite/accounts.ts';
import type { Database, Queryable } from './db.ts';

type UserRow = Parameters<typeof toUser>[0];
type SessionRow = Parameters<typeof toSession>[0];
type InvitationRow = Parameters<typeof toInvitation>[0];

const GET_INVITATION = 'select * from invitations where token_hash = $1 and used_at is null and expires_at > $2';
const ADD_MEMBERSHIP = 'insert into canteen_memberships (user_id, canteen_id) values ($1, $2) on conflict do nothing';

/** False when the e-mail (compared in lower case) is taken. */
async function insertUser(tx: Queryable, user: UserRecord): Promise<boolean> {
	const inserted = await tx.query(
		`insert into users (id, email, display_name, password_hash, role, created_at)
		 values ($1, $2, $3, $4, $5, $6) on conflict (email) do nothing`,
		[user.id, user.email.toLowerCase(), user.displayName, user.passwordHash, user.role, user.createdAt]
	);
	return inserted.rowCount > 0;
}

export function postgresAccounts(db: Database): AccountRepository {
	const one = async <Row>(text: string, params: unknown[]) => (await db.query<Row>(text, params)).rows[0];
	return {
		async countUsers() {
			return (await one<{ n: number }>('select count(*) as n from users', []))!.n;
		},
		async getUser(id) {
			const r = await one<UserRow>('select * from users where id = $1', [id]);
			return r && toUser(r);
		},
		async getUserByEmail(email) {
			const r = await one<UserRow>('select * from users where email = $1', [email.toLowerCase()]);
			return r && toUser(r);
		},
		async setPasswordHash(userId, passwordHash) {
			await db.query('update users set password_hash = $1 where id = $2', [passwordHash, userId]);
		},
		async setSetupToken(tokenHash) {
			await db.transaction(async (tx) => {
				await tx.query('delete from setup_token');
				if (tokenHash) await tx.query('insert into setup_token (only_one, token_hash) values (1, $1)', [tokenHash]);
			});
		},
		async createFirstAdmin(setupTokenHash, user) {
			return db.transaction(async (tx) => {
				const token = (await tx.query<{ token_hash: string }>('select token_hash from setup_token')).rows[0];
				const users = (await tx.query<{ n: number }>('select count(*) as n from users')).rows[0]!.n;
				if (!token || token.token_hash !== setupTokenHash || users > 0) {
					return { ok: false as const, reason: 'invalid_token' as const };
				}
				if (!(await insertUser(tx, { ...user, role: 'admin' }))) {
					return { ok: false as const, reason: 'email_taken' as const };
				}
				await tx.query('delete from setup_token');
				return { ok: true as const };
			});
		},
		async createSession(session) {
			await db.transaction(async (tx) => {
				await tx.query('delete from sessions where expires_at <= $1', [session.createdAt]);
				await tx.query(
					`insert into sessions (id, user_id, created_at, expires_at, last_seen_at) values ($1, $2, $3, $4, $5)`,
					[session.id, session.userId, session.createdAt, session.expiresAt, session.lastSeenAt]
				);
			});
		},
		async getSession(id, now) {
			const r = await one<SessionRow>('select * from sessions where id = $1 and expires_at > $2', [id, now]);
			return r && toSession(r);
		},
		async touchSession(id, lastSeenAt) {
			await db.query('update sessions set last_seen_at = $1 where id = $2', [lastSeenAt, id]);
		},
		async deleteSession(id) {
			await db.query('delete from sessions where id = $1', [id]);
		},
		async deleteUserSessions(userId, keepId = '') {
			await db.query('delete from sessions where user_id = $1 and id != $2', [userId, keepId]);
		},
		async addMembership(userId, canteenId) {
			await db.query(ADD_MEMBERSHIP, [userId, canteenId]);
		},
		async listMemberships(userId) {
			const { rows } = await db.query<{ canteen_id: string }>(
				'select canteen_id from canteen_memberships where user_id = $1 order by canteen_id',
				[userId]
			);
			return rows.map((r) => r.canteen_id);
		},
		async createInvitation(i) {
			await db.query(
				`insert into invitations (token_hash, canteen_id, role, created_by, created_at, expires_at, used_at)
				 values ($1, $2, $3, $4, $5, $6, $7)`,
				[i.tokenHash, i.canteenId, i.role, i.createdBy, i.createdAt, i.expiresAt, i.usedAt]
			);
		},
		async getInvitation(tokenHash, now) {
			const r = await one<InvitationRow>(GET_INVITATION, [tokenHash, now]);
			return r && toInvitation(r);
		},
		async redeemInvitation(tokenHash, now, user) {
			return db.transaction(async (tx) => {
				const invitation = (await tx.query<InvitationRow>(GET_INVITATION, [tokenHash, now])).rows[0];
				if (!invitation) return { ok: false as const, reason: 'invalid_token' as const };
				if (!(await insertUser(tx, { ...user, role: invitation.role }))) {
					return { ok: false as const, reason: 'email_taken' as const };
				}
				await tx.query(ADD_MEMBERSHIP, [user.id, invitation.canteen_id]);
				await tx.query('update invitations set used_at = $1 where token_hash = $2', [now, tokenHash]);
				return { ok: true as const };
			});
		},
		// The team of a canteen.
		async listTeam(canteenId) {
			const { rows } = await db.query<UserRow>(
				`select * from users where role = 'admin'
				 or id in (select user_id from canteen_memberships where canteen_id = $1)
				 order by lower(display_name), id`,
				[canteenId]
			);
			return rows.map(toUser);
		},
		async listInvitations(canteenId, limit) {
			const { rows } = await db.query<InvitationRow>(
				'select * from invitations where canteen_id = $1 order by created_at desc, token_hash limit $2',
				[canteenId, limit]
			);
			return rows.map(toInvitation);
		},
		async removeFromTeam(userId, canteenId): Promise<TeamRemovalResult> {
			// Serializable: two administrators removing each other at once cannot both succeed.
			return db.transaction(async (tx) => {
				const user = (await tx.query<UserRow>('select * from users where id = $1 for update', [userId])).rows[0];
				const member = (
					await tx.query('select 1 from canteen_memberships where user_id = $1 and canteen_id = $2', [
						userId,
						canteenId
					])
				).rows[0];
				if (!user || (user.role !== 'admin' && !member)) return { ok: false, reason: 'not_found' };
				if (user.role === 'admin') {
					const admins = (await tx.query<{ n: number }>("select count(*)::int as n from users where role = 'admin'"))
						.rows[0]!.n;
					if (admins <= 1) return { ok: false, reason: 'last_admin' };
					await tx.query("update users set role = 'staff' where id = $1", [userId]);
				}
				await tx.query('delete from canteen_memberships where user_id = $1 and canteen_id = $2', [userId, canteenId]);
				await tx.query('delete from sessions where user_id = $1', [userId]);
				return { ok: true };
			});
		}
	};
}
