/**
 * A canteen's team on the staff canteen page, over real HTTP against the production build:
 * who sees it (administrator, Canteen Master of this canteen; not a master of another
 * canteen, not anonymous), who may remove (administrators only), the confirm step, the
 * refusals (yourself, malformed or unknown person), and a removal ending the person's
 * sessions and open console at once.
 */
import { describe, expect, it, vi } from 'vitest';
import { hashSecret, newSecret } from '../../server/auth/secrets.ts';
import { loadHandler } from '../browser/build.ts';
import { HttpClient } from '../helpers/http-client.ts';
import { startServer } from '../helpers/server.ts';
import { adminPerson, sessionMaster, staffPerson } from '../helpers/staff.ts';

describe('the team of a canteen over HTTP', async () => {
	const server = await startServer({ appHandler: await loadHandler() });
	const { storage } = server.tablee;
	const canteenA = server.demo.meal.canteenId;
	await storage.meals.createCanteen({ id: 'canteen_b', name: 'Les Lilas', createdAt: 1 });
	const admin = await adminPerson(storage);
	const masterA = await staffPerson(storage, canteenA, admin.id);
	const leaving = await staffPerson(storage, canteenA, admin.id);
	const masterB = await staffPerson(storage, 'canteen_b', admin.id);
	// A pending invitation, for the status column.
	await storage.accounts.createInvitation({
		tokenHash: hashSecret(newSecret()),
		canteenId: canteenA,
		role: 'staff',
		createdBy: admin.id,
		createdAt: Date.now(),
		expiresAt: Date.now() + 86_400_000,
		usedAt: null
	});
	const page = `/staff/canteens/${canteenA}`;
	const as = (cookie: string | undefined) => Object.assign(new HttpClient(server.url), { cookie });
	const teamIds = async () => (await storage.accounts.listTeam(canteenA)).map((u) => u.id).sort();

	it('shows the team to its canteen’s people and administrators, with emails and invitations for administrators', async () => {
		const byAdmin = await as(admin.cookie).load(page);
		expect(byAdmin.type).toBe('data');
		expect(byAdmin.text).toContain(`staff-${masterA.id}@example.org`);
		expect(byAdmin.text).toContain('pending');
		expect(byAdmin.text).not.toContain(masterB.id);

		const byMaster = await as(masterA.cookie).load(page);
		expect(byMaster.type).toBe('data');
		expect(byMaster.text).toContain(leaving.id);
		// A Canteen Master sees who is on the team, not their addresses or the invitations.
		expect(byMaster.text).not.toContain(`staff-${leaving.id}@example.org`);
		expect(byMaster.text).not.toContain(`admin-${admin.id}@example.org`);
		expect(byMaster.text).not.toContain('pending');

		expect(await as(masterB.cookie).load(page)).toMatchObject({ status: 404 });
		expect(await as(undefined).load(page)).toMatchObject({ type: 'redirect', location: '/login' });
	});

	it('lets only administrators remove, for every other role the team stays as it was', async () => {
		const before = await teamIds();
		const fields = { person: leaving.id, confirm: 'yes' };
		expect(await as(undefined).post(`${page}?/removeMember`, fields)).toMatchObject({
			type: 'redirect',
			location: '/login'
		});
		expect(await as(masterB.cookie).post(`${page}?/removeMember`, fields)).toMatchObject({ status: 404 });
		expect(await as(masterA.cookie).post(`${page}?/removeMember`, fields)).toMatchObject({ status: 403 });
		expect(await teamIds()).toEqual(before);
		expect((await as(leaving.cookie).load(page)).type).toBe('data');
	});

	it('refuses yourself, an unknown person and a malformed form, answering with a message key', async () => {
		const before = await teamIds();
		const post = (fields: Record<string, string>) => as(admin.cookie).post(`${page}?/removeMember`, fields);
		expect(await post({ person: admin.id, confirm: 'yes' })).toMatchObject({
			type: 'failure',
			status: 409,
			data: { team: 'refused', error: 'team.notYourself' }
		});
		expect(await post({ person: masterB.id, confirm: 'yes' })).toMatchObject({
			status: 404,
			data: { error: 'team.notFound' }
		});
		for (const bad of [{ person: '../etc' }, {}, { person: leaving.id, confirm: 'no' }] as Record<string, string>[]) {
			expect(await post(bad), JSON.stringify(bad)).toMatchObject({ type: 'failure', status: 400 });
		}
		expect(await teamIds()).toEqual(before);
	});

	it('asks first, then removes: their sessions end and their open console is cut at once', async () => {
		const open = sessionMaster(server.url, server.demo.meal.id, leaving.cookie);
		await open.whenSynced();

		const asked = await as(admin.cookie).post(`${page}?/removeMember`, { person: leaving.id });
		expect(asked).toMatchObject({
			type: 'success',
			data: { team: 'confirm', person: { id: leaving.id, name: 'Staff', role: 'staff' } }
		});
		// Asking changed nothing.
		expect(await teamIds()).toContain(leaving.id);
		expect(open.socket.connected).toBe(true);

		const removed = await as(admin.cookie).post(`${page}?/removeMember`, { person: leaving.id, confirm: 'yes' });
		expect(removed).toMatchObject({ type: 'success', data: { team: 'removed', name: 'Staff' } });
		expect(await teamIds()).not.toContain(leaving.id);
		expect(await storage.accounts.listMemberships(leaving.id)).toEqual([]);
		await vi.waitFor(() => expect(open.socket.connected).toBe(false));
		// Signed out everywhere: the next page is the login, the next console handshake refused.
		expect(await as(leaving.cookie).load(page)).toMatchObject({ type: 'redirect', location: '/login' });
		expect(await as(leaving.cookie).load('/staff')).toMatchObject({ type: 'redirect', location: '/login' });
		const again = sessionMaster(server.url, server.demo.meal.id, leaving.cookie);
		await vi.waitFor(() => expect(again.status).toBe('refused'));
		expect(again.refusal?.code).toBe('unauthorized');
		// The others are untouched.
		expect((await as(masterA.cookie).load(page)).type).toBe('data');
		for (const c of [open, again]) c.close();
	});
});
