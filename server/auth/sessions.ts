/**
 * Staff sessions: a random 256-bit token in the `tablee_session` cookie, stored only as
 * its SHA-256 (the session id), so a copy of the database opens no session. Read by the
 * SvelteKit hooks (every page request) and by the Socket.IO handshake (a Canteen Master
 * opening a meal's console without the secret key).
 */
import type { CanteenRecord, MealRecord, SessionRecord, StaffRole, Storage } from '../storage/storage.ts';
import { hashSecret } from './secrets.ts';

export const SESSION_COOKIE = 'tablee_session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often: a page view should not always be a write. */
const TOUCH_EVERY_MS = 60 * 60 * 1000;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

export interface SessionUser {
	id: string;
	email: string;
	displayName: string;
	role: StaffRole;
	sessionId: string;
	/** The canteens this person belongs to (an administrator sees all regardless). */
	canteenIds: string[];
}

export async function resolveSession(
	storage: Pick<Storage, 'accounts'>,
	token: string | undefined,
	now = Date.now()
): Promise<SessionUser | undefined> {
	if (!token || !TOKEN_SHAPE.test(token)) return undefined;
	const session: SessionRecord | undefined = await storage.accounts.getSession(hashSecret(token), now);
	if (!session) return undefined;
	const user = await storage.accounts.getUser(session.userId);
	if (!user) return undefined;
	if (now - session.lastSeenAt > TOUCH_EVERY_MS) await storage.accounts.touchSession(session.id, now);
	return {
		id: user.id,
		email: user.email,
		displayName: user.displayName,
		role: user.role,
		sessionId: session.id,
		canteenIds: await storage.accounts.listMemberships(user.id)
	};
}

export function canRunCanteen(user: SessionUser, canteenId: string): boolean {
	return user.role === 'admin' || user.canteenIds.includes(canteenId);
}

/**
 * The canteen a person asks to run, or why not. The role is checked before the canteen is
 * read, so someone refused learns nothing, not even whether the canteen exists; callers
 * choose how to say it (a page may answer 404 for both).
 */
export async function canteenAccess(
	storage: Pick<Storage, 'meals'>,
	user: SessionUser | undefined,
	canteenId: string
): Promise<{ ok: true; canteen: CanteenRecord } | { ok: false; reason: 'forbidden' | 'not_found' }> {
	if (!user || !canRunCanteen(user, canteenId)) return { ok: false, reason: 'forbidden' };
	const canteen = await storage.meals.getCanteen(canteenId);
	return canteen ? { ok: true, canteen } : { ok: false, reason: 'not_found' };
}

export function canRunMeal(user: SessionUser, meal: MealRecord): boolean {
	return canRunCanteen(user, meal.canteenId);
}

/** The value of one cookie in a Cookie header, as browsers send it. */
export function readCookie(header: string | undefined, name: string): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
		try {
			return decodeURIComponent(part.slice(eq + 1).trim());
		} catch {
			return undefined;
		}
	}
	return undefined;
}
