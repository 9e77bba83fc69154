/**
 * Staff people for tests that are not about signing in: real users, memberships and
 * sessions written through the store's own operations (setup token, invitation), and the
 * session cookie a browser would send. Signing in itself is tested in tests/auth.
 */
import { hashSecret, newId, newSecret } from '../../server/auth/secrets.ts';
import type { Storage } from '../../server/storage/storage.ts';
import { BoardConnection } from '../../src/lib/client/connection.ts';

export interface StaffPerson {
	id: string;
	/** `tablee_session=…`, as the browser sends it. */
	cookie: string;
}

/** A fresh hour-long session of `userId`; the token is what the cookie carries. */
export async function openSessionToken(storage: Storage, userId: string): Promise<string> {
	const token = newSecret();
	const now = Date.now();
	await storage.accounts.createSession({
		id: hashSecret(token),
		userId,
		createdAt: now,
		expiresAt: now + 3_600_000,
		lastSeenAt: now
	});
	return token;
}

async function openSession(storage: Storage, userId: string): Promise<string> {
	return `tablee_session=${await openSessionToken(storage, userId)}`;
}

/** The administrator: the first account, through a setup token as on a first start. */
export async function adminPerson(storage: Storage): Promise<StaffPerson> {
	const setup = newSecret();
	await storage.accounts.setSetupToken(hashSecret(setup));
	const id = newId('u_');
	const created = await storage.accounts.createFirstAdmin(hashSecret(setup), {
		id,
		email: `admin-${id}@example.org`,
		displayName: 'Admin',
		passwordHash: 'unused',
		role: 'admin',
		createdAt: Date.now()
	});
	if (!created.ok) throw new Error(`no admin: ${created.reason}`);
	return { id, cookie: await openSession(storage, id) };
}

/** A Canteen Master of one canteen, through an invitation as in real life. */
export async function staffPerson(storage: Storage, canteenId: string, invitedBy: string): Promise<StaffPerson> {
	const token = newSecret();
	const now = Date.now();
	await storage.accounts.createInvitation({
		tokenHash: hashSecret(token),
		canteenId,
		role: 'staff',
		createdBy: invitedBy,
		createdAt: now,
		expiresAt: now + 60_000,
		usedAt: null
	});
	const id = newId('u_');
	const redeemed = await storage.accounts.redeemInvitation(hashSecret(token), now, {
		id,
		email: `staff-${id}@example.org`,
		displayName: 'Staff',
		passwordHash: 'unused',
		createdAt: now
	});
	if (!redeemed.ok) throw new Error(`no staff: ${redeemed.reason}`);
	return { id, cookie: await openSession(storage, id) };
}

/** A Canteen Master socket opened by the session cookie alone (no key), as the console does. */
export function sessionMaster(url: string, mealId: string, cookie: string | undefined): BoardConnection {
	return new BoardConnection({
		url,
		credentials: { role: 'master', mealId },
		socket: {
			transports: ['websocket'],
			forceNew: true,
			reconnection: false,
			extraHeaders: cookie ? { cookie } : {}
		}
	});
}
