/** Contract: Staff accounts, sessions, memberships, invitations and the setup token (server/storage/accounts.ts). */
import { describe, expect, it } from 'vitest';
import { user, invitation, useStorage, type StorageTarget } from './storage-target.ts';

export function accountsContract(name: string, target: StorageTarget) {
	describe(`accounts repository: ${name}`, () => {
		const { open, reopen, withAdmin } = useStorage(target);

		it('creates the first administrator once, with the setup token only', async () => {
			const storage = await open();
			expect(await storage.accounts.countUsers()).toBe(0);
			const admin = user({ id: 'admin1', email: 'Chef@Example.ORG', role: 'admin' });
			// No token yet, then a wrong one.
			expect(await storage.accounts.createFirstAdmin('s'.repeat(64), admin)).toEqual({
				ok: false,
				reason: 'invalid_token'
			});
			await storage.accounts.setSetupToken('s'.repeat(64));
			expect(await storage.accounts.createFirstAdmin('x'.repeat(64), admin)).toEqual({
				ok: false,
				reason: 'invalid_token'
			});
			expect(await storage.accounts.createFirstAdmin('s'.repeat(64), admin)).toEqual({ ok: true });
			// The token is gone: the same link cannot make a second administrator.
			expect(
				await storage.accounts.createFirstAdmin('s'.repeat(64), user({ id: 'u2', email: 'b@example.org' }))
			).toEqual({
				ok: false,
				reason: 'invalid_token'
			});
			// Even a token set again refuses once a user exists.
			await storage.accounts.setSetupToken('t'.repeat(64));
			expect(
				await storage.accounts.createFirstAdmin('t'.repeat(64), user({ id: 'u3', email: 'c@example.org' }))
			).toEqual({
				ok: false,
				reason: 'invalid_token'
			});
			expect(await storage.accounts.countUsers()).toBe(1);
			expect(await storage.accounts.getUser('admin1')).toEqual({ ...admin, email: 'chef@example.org' });
		});

		it('keeps one account per email address, whatever its case', async () => {
			const storage = await withAdmin();
			expect(await storage.accounts.getUserByEmail('CHEF@example.org')).toMatchObject({ id: 'admin1', role: 'admin' });
			expect(await storage.accounts.getUserByEmail('nobody@example.org')).toBeUndefined();
			await storage.accounts.createInvitation(invitation());
			const taken = await storage.accounts.redeemInvitation('i'.repeat(64), 500, user({ email: 'Chef@Example.org' }));
			expect(taken).toEqual({ ok: false, reason: 'email_taken' });
			// A refused redemption leaves the invitation usable and creates nobody.
			expect(await storage.accounts.getInvitation('i'.repeat(64), 500)).toEqual(invitation());
			expect(await storage.accounts.getUser('u1')).toBeUndefined();
		});

		it('changes a password hash', async () => {
			const storage = await withAdmin();
			await storage.accounts.setPasswordHash('admin1', 'scrypt$new');
			expect((await storage.accounts.getUser('admin1'))?.passwordHash).toBe('scrypt$new');
		});

		it('reads a session only until it expires, and deletes sessions', async () => {
			const storage = await withAdmin();
			const session = { id: 'a'.repeat(64), userId: 'admin1', createdAt: 100, expiresAt: 200, lastSeenAt: 100 };
			await storage.accounts.createSession(session);
			await storage.accounts.createSession({ ...session, id: 'b'.repeat(64) });
			await storage.accounts.createSession({ ...session, id: 'c'.repeat(64) });
			expect(await storage.accounts.getSession('a'.repeat(64), 199)).toEqual(session);
			expect(await storage.accounts.getSession('a'.repeat(64), 200)).toBeUndefined();
			expect(await storage.accounts.getSession('z'.repeat(64), 150)).toBeUndefined();
			await storage.accounts.touchSession('a'.repeat(64), 150);
			expect((await storage.accounts.getSession('a'.repeat(64), 150))?.lastSeenAt).toBe(150);
			await storage.accounts.deleteSession('a'.repeat(64));
			expect(await storage.accounts.getSession('a'.repeat(64), 150)).toBeUndefined();
			// Password change: every other session of that user goes.
			await storage.accounts.createSession({ ...session, id: 'a'.repeat(64) });
			await storage.accounts.deleteUserSessions('admin1', 'b'.repeat(64));
			expect(await storage.accounts.getSession('b'.repeat(64), 150)).toBeDefined();
			expect(await storage.accounts.getSession('a'.repeat(64), 150)).toBeUndefined();
			expect(await storage.accounts.getSession('c'.repeat(64), 150)).toBeUndefined();
			await storage.accounts.deleteUserSessions('admin1');
			expect(await storage.accounts.getSession('b'.repeat(64), 150)).toBeUndefined();
		});

		it('lists the canteens a user belongs to', async () => {
			const storage = await withAdmin();
			expect(await storage.accounts.listMemberships('admin1')).toEqual([]);
			await storage.accounts.addMembership('admin1', 'c2');
			await storage.accounts.addMembership('admin1', 'c1');
			await storage.accounts.addMembership('admin1', 'c1');
			expect(await storage.accounts.listMemberships('admin1')).toEqual(['c1', 'c2']);
			expect(await storage.accounts.listMemberships('nobody')).toEqual([]);
		});

		it('redeems an invitation once, into a staff account of its canteen', async () => {
			const storage = await withAdmin();
			await storage.accounts.createInvitation(invitation());
			expect(await storage.accounts.getInvitation('i'.repeat(64), 500)).toEqual(invitation());
			const results = await Promise.all([
				storage.accounts.redeemInvitation('i'.repeat(64), 500, user()),
				storage.accounts.redeemInvitation('i'.repeat(64), 500, user({ id: 'u2', email: 'bruno@example.org' }))
			]);
			expect(results.filter((r) => r.ok)).toHaveLength(1);
			const created = (await storage.accounts.getUser('u1')) ?? (await storage.accounts.getUser('u2'));
			expect(created?.role).toBe('staff');
			expect(await storage.accounts.listMemberships(created!.id)).toEqual(['c1']);
			expect(await storage.accounts.countUsers()).toBe(2);
			expect(await storage.accounts.getInvitation('i'.repeat(64), 500)).toBeUndefined();
			expect(
				await storage.accounts.redeemInvitation('i'.repeat(64), 500, user({ id: 'u3', email: 'c@example.org' }))
			).toEqual({
				ok: false,
				reason: 'invalid_token'
			});
		});

		it('refuses an expired or unknown invitation', async () => {
			const storage = await withAdmin();
			await storage.accounts.createInvitation(invitation({ expiresAt: 1000 }));
			expect(await storage.accounts.getInvitation('i'.repeat(64), 1000)).toBeUndefined();
			expect(await storage.accounts.redeemInvitation('i'.repeat(64), 1000, user())).toEqual({
				ok: false,
				reason: 'invalid_token'
			});
			expect(await storage.accounts.redeemInvitation('n'.repeat(64), 10, user())).toEqual({
				ok: false,
				reason: 'invalid_token'
			});
			expect(await storage.accounts.getUser('u1')).toBeUndefined();
		});

		if (reopen)
			it('keeps accounts, sessions and memberships across a reopen', async () => {
				const storage = await withAdmin();
				await storage.accounts.addMembership('admin1', 'c1');
				await storage.accounts.createSession({
					id: 'a'.repeat(64),
					userId: 'admin1',
					createdAt: 1,
					expiresAt: 9e12,
					lastSeenAt: 1
				});
				const again = await reopen!(storage);
				expect((await again.accounts.getUserByEmail('chef@example.org'))?.id).toBe('admin1');
				expect((await again.accounts.getSession('a'.repeat(64), 2))?.userId).toBe('admin1');
				expect(await again.accounts.listMemberships('admin1')).toEqual(['c1']);
			});
	});
}
