/** Contract: a canteen's team — who has access, invitations, removal (server/storage/accounts.ts). */
import { describe, expect, it } from 'vitest';
import { invitation, user, useStorage, type StorageTarget } from './storage-target.ts';

export function teamContract(name: string, target: StorageTarget) {
	describe(`team of a canteen: ${name}`, () => {
		const { withAdmin } = useStorage(target);

		/** admin1 (admin), Zoé and bruno in c1, Chloé in c2 only. */
		async function withTeam() {
			const storage = await withAdmin();
			for (const [id, displayName, canteen] of [
				['u_zoe', 'Zoé', 'c1'],
				['u_bruno', 'bruno', 'c1'],
				['u_chloe', 'Chloé', 'c2']
			] as const) {
				await storage.accounts.createInvitation(invitation({ tokenHash: id.padEnd(64, 'x'), canteenId: canteen }));
				expect(
					await storage.accounts.redeemInvitation(
						id.padEnd(64, 'x'),
						200,
						user({ id, displayName, email: `${id}@example.org` })
					)
				).toEqual({ ok: true });
			}
			return storage;
		}
		const session = (id: string, userId: string) => ({
			id: id.padEnd(64, 's'),
			userId,
			createdAt: 300,
			expiresAt: 10_000,
			lastSeenAt: 300
		});

		it('lists every administrator and the canteen’s members, by name, and no one else', async () => {
			const storage = await withTeam();
			const team = await storage.accounts.listTeam('c1');
			expect(team.map((u) => [u.id, u.role])).toEqual([
				['admin1', 'admin'],
				['u_bruno', 'staff'],
				['u_zoe', 'staff']
			]);
			expect((await storage.accounts.listTeam('c2')).map((u) => u.id)).toEqual(['admin1', 'u_chloe']);
		});

		it('lists a canteen’s invitations, newest first, used or not, up to the limit', async () => {
			const storage = await withTeam();
			await storage.accounts.createInvitation(
				invitation({ tokenHash: 'p'.repeat(64), createdAt: 900, expiresAt: 5000 })
			);
			const list = await storage.accounts.listInvitations('c1', 10);
			expect(list.map((i) => [i.tokenHash[0], i.usedAt])).toEqual([
				['p', null],
				['u', 200],
				['u', 200]
			]);
			expect(await storage.accounts.listInvitations('c1', 1)).toHaveLength(1);
			expect(await storage.accounts.listInvitations('c2', 10)).toHaveLength(1);
		});

		it('removes a member from this canteen only and ends every session of theirs', async () => {
			const storage = await withTeam();
			await storage.accounts.addMembership('u_zoe', 'c2');
			await storage.accounts.createSession(session('a', 'u_zoe'));
			await storage.accounts.createSession(session('b', 'u_zoe'));
			await storage.accounts.createSession(session('c', 'u_bruno'));
			expect(await storage.accounts.removeFromTeam('u_zoe', 'c1')).toEqual({ ok: true });
			expect(await storage.accounts.listMemberships('u_zoe')).toEqual(['c2']);
			expect(await storage.accounts.getSession('a'.padEnd(64, 's'), 400)).toBeUndefined();
			expect(await storage.accounts.getSession('b'.padEnd(64, 's'), 400)).toBeUndefined();
			// Someone else's session is untouched.
			expect(await storage.accounts.getSession('c'.padEnd(64, 's'), 400)).toMatchObject({ userId: 'u_bruno' });
			expect((await storage.accounts.listTeam('c1')).map((u) => u.id)).toEqual(['admin1', 'u_bruno']);
			// Not on this team (any more, or ever): nothing to remove.
			expect(await storage.accounts.removeFromTeam('u_zoe', 'c1')).toEqual({ ok: false, reason: 'not_found' });
			expect(await storage.accounts.removeFromTeam('u_chloe', 'c1')).toEqual({ ok: false, reason: 'not_found' });
			expect(await storage.accounts.removeFromTeam('u_nobody', 'c1')).toEqual({ ok: false, reason: 'not_found' });
		});

		it('takes the administrator role away, but never from the last administrator', async () => {
			const storage = await withTeam();
			await storage.accounts.createSession(session('a', 'admin1'));
			expect(await storage.accounts.removeFromTeam('admin1', 'c1')).toEqual({ ok: false, reason: 'last_admin' });
			expect(await storage.accounts.getUser('admin1')).toMatchObject({ role: 'admin' });
			expect(await storage.accounts.getSession('a'.padEnd(64, 's'), 400)).toBeDefined();

			// With a second administrator, the first can go: no longer admin, signed out.
			await storage.accounts.createInvitation(
				invitation({ tokenHash: 'q'.repeat(64), role: 'admin', canteenId: 'c2', createdAt: 150 })
			);
			expect(
				await storage.accounts.redeemInvitation('q'.repeat(64), 200, user({ id: 'admin2', email: 'a2@example.org' }))
			).toEqual({ ok: true });
			expect(await storage.accounts.removeFromTeam('admin1', 'c1')).toEqual({ ok: true });
			expect(await storage.accounts.getUser('admin1')).toMatchObject({ role: 'staff' });
			expect(await storage.accounts.getSession('a'.padEnd(64, 's'), 400)).toBeUndefined();
			expect((await storage.accounts.listTeam('c1')).map((u) => u.id)).toEqual(['admin2', 'u_bruno', 'u_zoe']);
			// …and admin2 is now the last one.
			expect(await storage.accounts.removeFromTeam('admin2', 'c2')).toEqual({ ok: false, reason: 'last_admin' });
		});
	});
}
