/**
 * What the planning tests share: staff people with real sessions, written through the
 * store's own account operations (an invitation redeemed) and resolved the way every
 * request resolves them.
 */
import { hashSecret, newId, newSecret } from '../../server/auth/secrets.ts';
import { resolveSession, type SessionUser } from '../../server/auth/sessions.ts';
import type { Storage } from '../../server/storage/storage.ts';
import { openSessionToken } from '../helpers/staff.ts';

/**
 * A signed-in staff user of `canteenIds`, or an administrator. Returns the session user
 * and the cookie value a browser would hold.
 */
export async function staffUser(
	storage: Storage,
	{ role = 'staff', canteenIds }: { role?: 'staff' | 'admin'; canteenIds: [string, ...string[]] }
): Promise<{ user: SessionUser; token: string }> {
	const invitation = newSecret();
	const at = Date.now();
	const createdBy = await founder(storage);
	await storage.accounts.createInvitation({
		tokenHash: hashSecret(invitation),
		canteenId: canteenIds[0],
		role,
		createdBy,
		createdAt: at,
		expiresAt: at + 60_000,
		usedAt: null
	});
	const id = newId('u_');
	const redeemed = await storage.accounts.redeemInvitation(hashSecret(invitation), at, {
		id,
		email: `${id.toLowerCase()}@example.org`,
		displayName: `Staff ${id}`,
		passwordHash: 'scrypt$unused',
		createdAt: at
	});
	if (!redeemed.ok) throw new Error(`could not create a user: ${redeemed.reason}`);
	for (const canteenId of canteenIds.slice(1)) await storage.accounts.addMembership(id, canteenId);
	const token = await openSessionToken(storage, id);
	const user = await resolveSession(storage, token, Date.now());
	if (!user) throw new Error('the session did not resolve');
	return { user, token };
}

/** The store's first administrator (who signs the invitations), created if there is none yet. */
async function founder(storage: Storage): Promise<string> {
	const existing = await storage.accounts.getUserByEmail('founder@example.org');
	if (existing) return existing.id;
	const token = newSecret();
	await storage.accounts.setSetupToken(hashSecret(token));
	const id = newId('u_');
	const created = await storage.accounts.createFirstAdmin(hashSecret(token), {
		id,
		email: 'founder@example.org',
		displayName: 'Founder',
		passwordHash: 'scrypt$unused',
		role: 'admin',
		createdAt: Date.now()
	});
	if (!created.ok) throw new Error(`storage already has users: create this one first (${created.reason})`);
	return id;
}

/** Milliseconds of a Paris wall-clock time in 2030 (CET before 31 March, CEST after). */
export function paris(date: string, time: string): number {
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	const [h, min] = time.split(':').map(Number) as [number, number];
	const summer = date >= '2030-03-31' && date < '2030-10-27';
	return Date.UTC(y, m - 1, d, h - (summer ? 2 : 1), min);
}
