/**
 * Member moderation over real sockets and HTTP: the Canteen Master renames, removes and
 * blocks a phone for the whole canteen; refused words in names; nobody else may do any of it.
 */
import { describe, expect, it, vi } from 'vitest';
import { createMeal } from '../../server/board/meals.ts';
import type { BoardConnection } from '../../src/lib/client/connection.ts';
import { connect, masterConnection, startServer, tasksOf } from '../helpers/server.ts';

const device = (n: number) => `device-${String(n).padStart(4, '0')}-abcdefghijkl`;

describe('member moderation by the Canteen Master', async () => {
	const server = await startServer({
		joinRate: { burst: 1000, perSecond: 100 },
		commandRate: { burst: 10_000, perSecond: 10_000 }
	});
	const storage = server.tablee.storage;
	const master = await masterConnection(server);
	const code = server.demo.meal.joinCode;
	const seq = async () => (await storage.boardLog.load(server.demo.meal.id)).seq;

	async function join(joinCode: string, body: Record<string, unknown>) {
		const res = await fetch(`${server.url}/api/join/${joinCode}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		return { status: res.status, body: (await res.json()) as Record<string, string> };
	}
	async function member(name: string, dev?: string, joinCode = code) {
		const joined = await join(joinCode, dev ? { name, device: dev } : { name });
		if (joined.status !== 201) throw new Error(`join ${joined.status} ${JSON.stringify(joined.body)}`);
		const { mealId, memberId, token } = joined.body as { mealId: string; memberId: string; token: string };
		const conn = await connect(server.url, { role: 'member', mealId, token });
		return { mealId, memberId, token, conn };
	}
	/** Whether a fresh socket with this token is accepted, or the code it is refused with. */
	async function handshake(mealId: string, token: string): Promise<string> {
		try {
			const c = await connect(server.url, { role: 'member', mealId, token });
			c.close();
			return 'ok';
		} catch (error) {
			return (error as { data?: { code: string } }).data?.code ?? 'failed';
		}
	}
	async function otherMeal(canteenId: string) {
		return createMeal(storage, {
			canteenId,
			title: 'Autre repas',
			date: '2030-01-01',
			time: '19:00',
			status: 'open',
			tasks: [{ kind: 'other', title: { fr: 'Ailleurs', en: 'Elsewhere' }, slots: 2 }]
		});
	}

	it('renames a member, seen by everyone', async () => {
		const ann = await member('Annette');
		expect(await master.send('member:rename-by-master', { memberId: ann.memberId, name: '  Anne   Marie ' })).toEqual({
			ok: true
		});
		await vi.waitFor(() => expect(ann.conn.state.members.get(ann.memberId)?.name).toBe('Anne Marie'));
		expect(await master.send('member:rename-by-master', { memberId: 'm_nobody', name: 'X' })).toMatchObject({
			ok: false,
			code: 'member_not_found'
		});
	});

	it('removes a member: places given back, invitations cancelled, phone told and disconnected, token refused', async () => {
		const bea = await member('Béatrice');
		const witness = await member('Témoin');
		const task = tasksOf(master).find((t) => t.status === 'open' && t.slots - t.claims.length >= 2)!;
		expect(await bea.conn.send('task:claim', { taskId: task.id })).toEqual({ ok: true });
		const invited = await master.send('task:invite', {
			taskId: tasksOf(master).find((t) => t.status === 'open' && t.id !== task.id)!.id,
			memberId: bea.memberId
		});
		if (!invited.ok) throw new Error(invited.code);
		const told = new Promise((resolve) => bea.conn.socket.once('removed', resolve));
		const gone = new Promise((resolve) => bea.conn.socket.once('disconnect', resolve));

		expect(await master.send('member:remove', { memberId: bea.memberId })).toEqual({ ok: true });
		expect(await told).toEqual({ mealId: bea.mealId });
		expect(await gone).toBe('io server disconnect');
		await vi.waitFor(() => {
			expect(witness.conn.state.members.has(bea.memberId)).toBe(false);
			expect(witness.conn.state.tasks.get(task.id)?.claims.some((c) => c.memberId === bea.memberId)).toBe(false);
			expect(master.state.invites?.get(invited.inviteId)?.status).toBe('cancelled');
		});
		expect(await handshake(bea.mealId, bea.token)).toBe('unauthorized');
		expect(await master.send('member:remove', { memberId: bea.memberId })).toMatchObject({
			ok: false,
			code: 'member_not_found'
		});
		// A walk-in can be removed too, but has no phone to block.
		const walkIn = await master.send('member:walkin', { name: 'Josiane' });
		if (!walkIn.ok) throw new Error(walkIn.code);
		expect(await master.send('member:ban', { memberId: walkIn.memberId })).toMatchObject({
			ok: false,
			code: 'walk_in'
		});
		expect(await master.send('member:remove', { memberId: walkIn.memberId })).toEqual({ ok: true });
	});

	it('blocks a device for every meal of the canteen, not another canteen, until lifted', async () => {
		const dev = device(1);
		const sameCanteen = await otherMeal(server.demo.meal.canteenId);
		await storage.meals.createCanteen({ id: 'canteen_other', name: 'Les Lilas', createdAt: 1 });
		const otherCanteen = await otherMeal('canteen_other');

		// Already at another meal of the canteen with the same phone.
		const elsewhere = await member('Cyril', dev, sameCanteen.meal.joinCode);
		const cyril = await member('Cyril', dev);
		const gone = new Promise((resolve) => cyril.conn.socket.once('disconnect', resolve));
		const banned = await master.send('member:ban', { memberId: cyril.memberId });
		expect(banned).toEqual({ ok: true, banId: expect.any(String) });
		if (!banned.ok || !banned.banId) throw new Error('no ban');
		await gone;
		await vi.waitFor(() => expect(master.state.members.has(cyril.memberId)).toBe(false));

		expect(await join(code, { name: 'Cyril', device: dev })).toMatchObject({ status: 403, body: { code: 'banned' } });
		expect(await join(sameCanteen.meal.joinCode, { name: 'Autre nom', device: dev })).toMatchObject({
			status: 403,
			body: { code: 'banned' }
		});
		expect(await join(otherCanteen.meal.joinCode, { name: 'Cyril', device: dev })).toMatchObject({ status: 201 });
		// Their token at the other meal of the canteen is refused at the handshake too.
		expect(await handshake(elsewhere.mealId, elsewhere.token)).toBe('banned');
		expect(await handshake(cyril.mealId, cyril.token)).toBe('unauthorized');

		const list = await master.send('ban:list', {});
		expect(list).toEqual({ ok: true, bans: [{ id: banned.banId, name: 'Cyril', at: expect.any(Number) }] });
		expect(await master.send('ban:lift', { banId: banned.banId })).toEqual({ ok: true });
		expect(await master.send('ban:lift', { banId: banned.banId })).toMatchObject({ ok: false, code: 'ban_not_found' });
		expect(await master.send('ban:list', {})).toEqual({ ok: true, bans: [] });
		expect(await join(code, { name: 'Cyril', device: dev })).toMatchObject({ status: 201 });
		expect(await handshake(elsewhere.mealId, elsewhere.token)).toBe('ok');

		// A phone that sent no device id is removed; there is nothing to block.
		const plain = await member('Sans appareil');
		expect(await master.send('member:ban', { memberId: plain.memberId })).toEqual({ ok: true });
		expect(await master.send('ban:list', {})).toEqual({ ok: true, bans: [] });
	});

	it('refuses words in names at join and renames, whole words, case and accents ignored', async () => {
		expect(await master.send('words:list', {})).toEqual({ ok: true, words: [] });
		expect(await master.send('words:set', { words: [' Clem ', '', 'Éponge', 'eponge', 'gros mot'] })).toEqual({
			ok: true,
			words: ['Clem', 'Éponge', 'gros mot']
		});
		expect(await master.send('words:list', {})).toEqual({ ok: true, words: ['Clem', 'Éponge', 'gros mot'] });

		for (const name of ['clem', 'CLÉM la cuisinière', 'Bob l’eponge', 'Un GROS mot']) {
			expect(await join(code, { name }), name).toMatchObject({ status: 400, body: { code: 'name_refused' } });
		}
		// Built-in words too, in either language.
		expect(await join(code, { name: 'Connard' })).toMatchObject({ status: 400, body: { code: 'name_refused' } });
		const clement = await member('Clément');
		const before = await seq();
		expect(await clement.conn.send('member:rename', { name: 'Clem' })).toMatchObject({
			ok: false,
			code: 'name_refused'
		});
		expect(await master.send('member:rename-by-master', { memberId: clement.memberId, name: 'éPONGE' })).toMatchObject({
			ok: false,
			code: 'name_refused'
		});
		// A walk-in's name is typed by staff, but it is shown on the kitchen screen all the same.
		expect(await master.send('member:walkin', { name: 'Gros Mot' })).toMatchObject({
			ok: false,
			code: 'name_refused'
		});
		expect(await seq()).toBe(before);
		expect(await clement.conn.send('member:rename', { name: 'Clémentine' })).toEqual({ ok: true });
		// The longest list allowed fits in one command; one more word does not.
		const full = Array.from({ length: 200 }, (_, i) => `${'é'.repeat(36)}${String(i).padStart(4, '0')}`);
		expect(await master.send('words:set', { words: full })).toMatchObject({ ok: true });
		expect(await master.send('words:set', { words: [...full, 'encore'] })).toMatchObject({
			ok: false,
			code: 'bad_request'
		});
		expect(await master.send('words:set', { words: [] })).toEqual({ ok: true, words: [] });
		expect(await join(code, { name: 'Clem' })).toMatchObject({ status: 201 });
	});

	it('refuses every moderation command to members and the kitchen screen', async () => {
		const dan = await member('Danièle');
		const screen: BoardConnection = await connect(server.url, {
			role: 'screen',
			mealId: server.demo.meal.id,
			key: server.demo.screenKey
		});
		const payloads = {
			'member:rename-by-master': { memberId: dan.memberId, name: 'Autre' },
			'member:remove': { memberId: dan.memberId },
			'member:ban': { memberId: dan.memberId },
			'ban:list': {},
			'ban:lift': { banId: 'b_1' },
			'words:list': {},
			'words:set': { words: ['x'] }
		} as const;
		const before = await seq();
		for (const by of [dan.conn, screen]) {
			for (const [name, payload] of Object.entries(payloads)) {
				expect(await by.send(name as keyof typeof payloads, payload as never), name).toMatchObject({
					ok: false,
					code: 'forbidden'
				});
			}
		}
		expect(await seq()).toBe(before);
		expect(await master.send('words:list', {})).toEqual({ ok: true, words: [] });
		expect(dan.conn.socket.connected).toBe(true);
		screen.close();
	});

	it('refuses a malformed device id at join', async () => {
		for (const bad of ['', 'short', 'x'.repeat(129), 'has space in it here', 42, null, [], {}]) {
			expect(await join(code, { name: 'Essai', device: bad }), JSON.stringify(bad)).toMatchObject({
				status: 400,
				body: { code: 'bad_request' }
			});
		}
	});
});
