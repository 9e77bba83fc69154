/**
 * Kitchen-screen links issued by `screen:link`, through real sockets: any Canteen Master
 * of the meal (key or session) gets a fresh key once; the store keeps only its hash; the
 * key opens that meal's screen read-only; `screen:revoke` stops every issued key at once
 * (connected screens are cut off) and leaves the key-derived screen link alone. Members,
 * screens, another canteen's Canteen Master and anonymous people get nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { hashSecret, newSecret } from '../../server/auth/secrets.ts';
import { createMeal } from '../../server/board/meals.ts';
import { SCREEN_LINKS_PER_MEAL } from '../../server/realtime/screen-links.ts';
import { BoardConnection } from '../../src/lib/client/connection.ts';
import { COMMAND_NAMES } from '../../src/lib/protocol/schemas.ts';
import { connect, masterConnection, memberConnection, startServer } from '../helpers/server.ts';
import { adminPerson, sessionMaster, staffPerson } from '../helpers/staff.ts';

/** A kitchen screen opening with this key: 'synced', or the refusal code. */
async function screenWith(
	url: string,
	mealId: string,
	key: string
): Promise<{ conn: BoardConnection; outcome: string }> {
	const conn = new BoardConnection({
		url,
		credentials: { role: 'screen', mealId, key },
		socket: { transports: ['websocket'], forceNew: true, reconnection: false }
	});
	await vi.waitFor(() => expect(['synced', 'refused']).toContain(conn.status), { timeout: 5000 });
	return { conn, outcome: conn.status === 'synced' ? 'synced' : (conn.refusal?.code ?? 'refused') };
}

async function opens(url: string, mealId: string, key: string): Promise<string> {
	const { conn, outcome } = await screenWith(url, mealId, key);
	conn.close();
	return outcome;
}

describe('kitchen-screen links over real sockets', async () => {
	const server = await startServer({
		joinRate: { burst: 1000, perSecond: 100 },
		commandRate: { burst: 1000, perSecond: 1000 }
	});
	const { storage } = server.tablee;
	const mealId = server.demo.meal.id;
	const canteenId = server.demo.meal.canteenId;
	await storage.meals.createCanteen({ id: 'canteen_b', name: 'Les Lilas', createdAt: 1 });
	const mealB = await createMeal(storage, {
		canteenId: 'canteen_b',
		title: 'Déjeuner des Lilas',
		date: '2030-05-02',
		time: '12:30',
		status: 'open',
		tasks: []
	});
	const admin = await adminPerson(storage);
	const staffA = await staffPerson(storage, canteenId, admin.id);

	async function issue(conn: BoardConnection): Promise<string> {
		const ack = await conn.send('screen:link', {});
		if (!ack.ok) throw new Error(ack.code);
		return ack.key;
	}

	it('gives a signed-in Canteen Master a fresh key that opens this meal’s screen, read-only', async () => {
		const master = sessionMaster(server.url, mealId, staffA.cookie);
		await master.whenSynced();
		// Signed in, there is no master key to derive the screen key from.
		expect(master.welcome?.screenKey).toBeUndefined();
		const key = await issue(master);
		expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(await storage.meals.hasScreenLink(mealId, hashSecret(key))).toBe(true);

		const { conn: screen, outcome } = await screenWith(server.url, mealId, key);
		expect(outcome).toBe('synced');
		expect(screen.welcome).toMatchObject({ role: 'screen', mealId, joinCode: server.demo.meal.joinCode });
		expect(screen.welcome?.screenKey).toBeUndefined();
		expect(screen.state.meta?.id).toBe(mealId);
		const seq = (await storage.boardLog.load(mealId)).seq;
		for (const name of COMMAND_NAMES) {
			expect(await screen.send(name, {} as never), name).toMatchObject({ ok: false });
		}
		for (const name of ['screen:link', 'screen:revoke', 'prompt:library', 'prompt:history'] as const) {
			expect(await screen.send(name, {}), name).toMatchObject({ ok: false, code: 'forbidden' });
		}
		expect((await storage.boardLog.load(mealId)).seq).toBe(seq);
		expect(await storage.meals.countScreenLinks(mealId)).toBe(1);
		// A key opens the screen of its own meal only, and never the console.
		expect(await opens(server.url, mealB.meal.id, key)).toBe('unauthorized');
		const asMaster = new BoardConnection({
			url: server.url,
			credentials: { role: 'master', mealId, key },
			socket: { transports: ['websocket'], forceNew: true, reconnection: false }
		});
		await vi.waitFor(() => expect(asMaster.status).toBe('refused'));
		expect(asMaster.refusal?.code).toBe('unauthorized');
		for (const c of [master, screen, asMaster]) c.close();
	});

	it('keeps only the key’s hash in the database', async () => {
		const master = await masterConnection(server);
		const key = await issue(master);
		const files = readdirSync(server.dataDir).filter((f) => f.startsWith('tablee.db'));
		expect(files.length).toBeGreaterThan(0);
		for (const file of files) {
			const bytes = readFileSync(join(server.dataDir, file));
			expect(bytes.includes(Buffer.from(key)), file).toBe(false);
		}
		expect(await storage.meals.hasScreenLink(mealId, hashSecret(key))).toBe(true);
		master.close();
	});

	it('issues links to the administrator and key masters too; members, screens and others get nothing', async () => {
		const bySession = sessionMaster(server.url, mealId, admin.cookie);
		await bySession.whenSynced();
		expect(await opens(server.url, mealId, await issue(bySession))).toBe('synced');
		const byKey = await masterConnection(server);
		expect(await opens(server.url, mealId, await issue(byKey))).toBe('synced');

		const count = await storage.meals.countScreenLinks(mealId);
		const member = await memberConnection(server, 'Awa');
		const screen = await connect(server.url, { role: 'screen', mealId, key: server.demo.screenKey });
		for (const conn of [member.conn, screen]) {
			expect(await conn.send('screen:link', {})).toMatchObject({ ok: false, code: 'forbidden' });
			expect(await conn.send('screen:revoke', {})).toMatchObject({ ok: false, code: 'forbidden' });
		}
		// Another canteen's Canteen Master gets links for their own meal, which open nothing here.
		const masterB = await connect(server.url, { role: 'master', mealId: mealB.meal.id, key: mealB.masterKey });
		const keyB = await issue(masterB);
		expect(await opens(server.url, mealId, keyB)).toBe('unauthorized');
		expect(await opens(server.url, mealB.meal.id, keyB)).toBe('synced');
		// Anonymous: a guessed key opens nothing, and no console opens without a session.
		expect(await opens(server.url, mealId, newSecret())).toBe('unauthorized');
		const anonymous = sessionMaster(server.url, mealId, undefined);
		await vi.waitFor(() => expect(anonymous.status).toBe('refused'));
		expect(anonymous.refusal?.code).toBe('unauthorized');
		expect(await storage.meals.countScreenLinks(mealId)).toBe(count);
		for (const c of [bySession, byKey, member.conn, screen, masterB, anonymous]) c.close();
	});

	it('revokes every issued link at once: screens on them go dark, the derived screen key stays', async () => {
		const master = await masterConnection(server);
		const first = await issue(master);
		const second = await issue(master);
		const live = await screenWith(server.url, mealId, first);
		expect(live.outcome).toBe('synced');
		const derived = await connect(server.url, { role: 'screen', mealId, key: server.demo.screenKey });
		const masterB = await connect(server.url, { role: 'master', mealId: mealB.meal.id, key: mealB.masterKey });
		const keyB = await issue(masterB);

		const before = await storage.meals.countScreenLinks(mealId);
		expect(await master.send('screen:revoke', {})).toEqual({ ok: true, revoked: before });
		await vi.waitFor(() => expect(live.conn.socket.connected).toBe(false));
		expect(derived.socket.connected).toBe(true);
		for (const key of [first, second]) expect(await opens(server.url, mealId, key)).toBe('unauthorized');
		expect(await opens(server.url, mealId, server.demo.screenKey)).toBe('synced');
		// Another meal's links are not this meal's to revoke.
		expect(await opens(server.url, mealB.meal.id, keyB)).toBe('synced');
		expect(await master.send('screen:revoke', {})).toEqual({ ok: true, revoked: 0 });
		// And a fresh link works again after a revoke.
		expect(await opens(server.url, mealId, await issue(master))).toBe('synced');
		for (const c of [master, live.conn, derived, masterB]) c.close();
	});

	it('works at every stage, closed included, so a link can always be revoked', async () => {
		const closed = await createMeal(storage, {
			canteenId,
			title: 'Hier',
			date: '2030-05-01',
			time: '12:30',
			status: 'closed',
			tasks: []
		});
		const master = await connect(server.url, { role: 'master', mealId: closed.meal.id, key: closed.masterKey });
		const key = await issue(master);
		expect(await opens(server.url, closed.meal.id, key)).toBe('synced');
		expect(await master.send('screen:revoke', {})).toEqual({ ok: true, revoked: 1 });
		master.close();
	});

	it(`stops at ${SCREEN_LINKS_PER_MEAL} live links per meal, and refuses malformed commands`, async () => {
		const master = await masterConnection(server);
		await master.send('screen:revoke', {});
		for (let i = 0; i < SCREEN_LINKS_PER_MEAL; i++) await issue(master);
		expect(await master.send('screen:link', {})).toMatchObject({
			ok: false,
			code: 'too_many_screen_links',
			message: expect.any(String)
		});
		expect(await storage.meals.countScreenLinks(mealId)).toBe(SCREEN_LINKS_PER_MEAL);
		for (const payload of [{ key: 'mine' }, { mealId }, { cid: 'no spaces' }, { cid: 'x'.repeat(41) }]) {
			expect(await master.send('screen:link', payload as never)).toMatchObject({ ok: false, code: 'bad_request' });
			expect(await master.send('screen:revoke', payload as never)).toMatchObject({ ok: false, code: 'bad_request' });
		}
		expect(await storage.meals.countScreenLinks(mealId)).toBe(SCREEN_LINKS_PER_MEAL);
		// A retried command (same cid) answers the same key and stores nothing more.
		await master.send('screen:revoke', {});
		const once = await master.send('screen:link', { cid: 'retry-1' });
		const again = await master.send('screen:link', { cid: 'retry-1' });
		expect(again).toEqual(once);
		expect(await storage.meals.countScreenLinks(mealId)).toBe(1);
		master.close();
	});
});
