/**
 * Staff accounts as operations the pages call: first-run setup, login, logout, password
 * change, canteens and invitations. Every operation that needs a role checks it here as
 * well as in the route, so a forgotten check in a page cannot open a hole. Inputs arrive
 * already parsed by the form schemas (src/lib/server/forms.ts).
 */
import { createLoginGuard, LOGIN_RULES, type LoginGuardRules } from './login-guard.ts';
import type { LimiterBackend } from '../limits/limiter.ts';
import type { Logger } from '../log.ts';
import type { CanteenRecord, MealRecord, Storage } from '../storage/storage.ts';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from './passwords.ts';
import { hashSecret, newId, newSecret } from './secrets.ts';
import { canRunCanteen, resolveSession, SESSION_TTL_MS, type SessionUser } from './sessions.ts';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface NewSession {
	/** Goes in the cookie; only its hash is stored. */
	token: string;
	expiresAt: number;
}

export interface NewAccount {
	email: string;
	displayName: string;
	password: string;
}

/** A meal as the staff home lists it: from its record's summary, no board loaded. */
export type CanteenMeal = Pick<MealRecord, 'id' | 'title' | 'date' | 'time' | 'status'>;

export interface CanteenView extends CanteenRecord {
	meals: CanteenMeal[];
}

export interface AccountsOptions {
	storage: Pick<Storage, 'accounts' | 'meals'>;
	log: Logger;
	/** Failed sign-ins allowed before waits begin (see login-guard.ts). */
	loginRules?: Partial<LoginGuardRules>;
	/** Where the sign-in limits count: memory, or Redis shared by every instance (server/scale/). */
	limiterBackend?: LimiterBackend;
	now?: () => number;
}

export type Accounts = ReturnType<typeof createAccounts>;

export function createAccounts({ storage, log, loginRules, limiterBackend, now = Date.now }: AccountsOptions) {
	const guard = createLoginGuard({ rules: { ...LOGIN_RULES, ...loginRules }, backend: limiterBackend });

	async function openSession(userId: string): Promise<NewSession> {
		const token = newSecret();
		const at = now();
		const expiresAt = at + SESSION_TTL_MS;
		await storage.accounts.createSession({ id: hashSecret(token), userId, createdAt: at, expiresAt, lastSeenAt: at });
		return { token, expiresAt };
	}

	function requireAdmin(user: SessionUser | undefined): asserts user is SessionUser {
		if (user?.role !== 'admin') throw new Error('administrators only');
	}

	return {
		resolveSession: (token: string | undefined) => resolveSession(storage, token, now()),

		/**
		 * While no account exists, a fresh setup token replaces any earlier one at each start
		 * (only its hash is kept, so an earlier link cannot be printed again).
		 */
		async startSetup(): Promise<string | undefined> {
			if ((await storage.accounts.countUsers()) > 0) {
				await storage.accounts.setSetupToken(null);
				return undefined;
			}
			const token = newSecret();
			await storage.accounts.setSetupToken(hashSecret(token));
			return token;
		},

		async setupAdmin(
			token: string,
			account: NewAccount
		): Promise<{ ok: true; session: NewSession } | { ok: false; reason: 'invalid_token' | 'email_taken' }> {
			const id = newId('u_');
			const created = await storage.accounts.createFirstAdmin(hashSecret(token), {
				id,
				email: account.email,
				displayName: account.displayName,
				passwordHash: await hashPassword(account.password),
				role: 'admin',
				createdAt: now()
			});
			if (!created.ok) return created;
			log.info('first administrator created', { userId: id });
			return { ok: true, session: await openSession(id) };
		},

		async login(
			email: string,
			password: string,
			address: string,
			previousToken?: string
		): Promise<{ ok: true; session: NewSession } | { ok: false; reason: 'invalid' | 'rate_limited' }> {
			if (!(await guard.before({ address, email })).ok) return { ok: false, reason: 'rate_limited' };
			const user = await storage.accounts.getUserByEmail(email);
			// Unknown address or wrong password: the same answer after the same work.
			const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
			if (!user || !ok) {
				await guard.failed({ address, email });
				return { ok: false, reason: 'invalid' };
			}
			await guard.succeeded({ address, email });
			if (needsRehash(user.passwordHash)) await storage.accounts.setPasswordHash(user.id, await hashPassword(password));
			// Rotation: whatever session this browser had is ended, a new token is issued.
			if (previousToken) await storage.accounts.deleteSession(hashSecret(previousToken));
			return { ok: true, session: await openSession(user.id) };
		},

		async logout(user: SessionUser): Promise<void> {
			await storage.accounts.deleteSession(user.sessionId);
		},

		async changePassword(
			user: SessionUser,
			current: string,
			next: string
		): Promise<{ ok: true; session: NewSession } | { ok: false; reason: 'wrong_password' }> {
			const record = await storage.accounts.getUser(user.id);
			if (!record || !(await verifyPassword(current, record.passwordHash))) {
				return { ok: false, reason: 'wrong_password' };
			}
			await storage.accounts.setPasswordHash(user.id, await hashPassword(next));
			// Whoever may have known the old password loses every session, this one included;
			// this browser gets a fresh one.
			await storage.accounts.deleteUserSessions(user.id);
			return { ok: true, session: await openSession(user.id) };
		},

		/** Canteens this person may run, with their meals; an administrator sees all. */
		async visibleCanteens(user: SessionUser): Promise<CanteenView[]> {
			const canteens = (await storage.meals.listCanteens()).filter((c) => canRunCanteen(user, c.id));
			return Promise.all(
				canteens.map(async (c) => ({
					...c,
					meals: (await storage.meals.listMeals(c.id)).map(({ id, title, date, time, status }) => ({
						id,
						title,
						date,
						time,
						status
					}))
				}))
			);
		},

		async createCanteen(user: SessionUser | undefined, name: string): Promise<CanteenRecord> {
			requireAdmin(user);
			const canteen = { id: newId('canteen_'), name, createdAt: now() };
			await storage.meals.createCanteen(canteen);
			log.info('canteen created', { canteenId: canteen.id, by: user.id });
			return canteen;
		},

		async createInvitation(
			user: SessionUser | undefined,
			canteenId: string
		): Promise<{ ok: true; token: string; expiresAt: number } | { ok: false; reason: 'not_found' }> {
			requireAdmin(user);
			if (!(await storage.meals.getCanteen(canteenId))) return { ok: false, reason: 'not_found' };
			const token = newSecret();
			const at = now();
			const expiresAt = at + INVITATION_TTL_MS;
			await storage.accounts.createInvitation({
				tokenHash: hashSecret(token),
				canteenId,
				role: 'staff',
				createdBy: user.id,
				createdAt: at,
				expiresAt,
				usedAt: null
			});
			return { ok: true, token, expiresAt };
		},

		/** The canteen an invitation leads to, while it can still be used. */
		async invitationCanteen(token: string): Promise<CanteenRecord | undefined> {
			const invitation = await storage.accounts.getInvitation(hashSecret(token), now());
			return invitation && storage.meals.getCanteen(invitation.canteenId);
		},

		async redeemInvitation(
			token: string,
			account: NewAccount
		): Promise<{ ok: true; session: NewSession } | { ok: false; reason: 'invalid_token' | 'email_taken' }> {
			const id = newId('u_');
			const redeemed = await storage.accounts.redeemInvitation(hashSecret(token), now(), {
				id,
				email: account.email,
				displayName: account.displayName,
				passwordHash: await hashPassword(account.password),
				createdAt: now()
			});
			if (!redeemed.ok) return redeemed;
			log.info('staff account created from an invitation', { userId: id });
			return { ok: true, session: await openSession(id) };
		}
	};
}
