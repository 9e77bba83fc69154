/**
 * A meal's stages as the Canteen Master moves it through them, what members may do at
 * each, and a board's life in memory: unloaded when nobody watches, back intact on return.
 */
import { describe, expect, it, vi } from 'vitest';
import { createMeal } from '../../server/board/meals.ts';
import { mealRoom } from '../../server/realtime/names.ts';
import type { MealStatus } from '../../src/lib/domain/types.ts';
import { connect, joinMember, startServer } from '../helpers/server.ts';

/** roomIdleMs is 50; a busy CI machine may run the timer late. */
const UNLOAD_WAIT = { timeout: 5000, interval: 10 };

describe('meal lifecycle and board unloading', async () => {
	const server = await startServer({ roomIdleMs: 50, joinRate: { burst: 1000, perSecond: 100 } });
	const { storage, sessions } = server.tablee;

	async function newMeal(title: string, status: MealStatus = 'open') {
		const created = await createMeal(storage, {
			canteenId: 'canteen_demo',
			title,
			date: '2030-05-01',
			time: '12:00',
			status,
			tasks: [
				{ kind: 'cooking', title: { fr: 'Râper le fromage', en: 'Grate the cheese' }, slots: 2 },
				{ kind: 'dishes', title: { fr: 'Vaisselle', en: 'Dishes' }, slots: 1 }
			]
		});
		const master = await connect(server.url, { role: 'master', mealId: created.meal.id, key: created.masterKey });
		return { ...created, master, mealId: created.meal.id, code: created.meal.joinCode };
	}
	async function member(meal: { code: string; mealId: string }, name: string) {
		const joined = await joinMember(server.url, meal.code, name);
		const conn = await connect(server.url, { role: 'member', mealId: meal.mealId, token: joined.token });
		return { ...joined, conn };
	}
	const describeMeal = async (code: string) => (await fetch(`${server.url}/api/join/${code}`)).json();

	it('moves open → cooking → eating → closed, stepping back one stage at most, and closed is final', async () => {
		const meal = await newMeal('Déjeuner des étapes');
		const a = await member(meal, 'Léa');
		const status = (s: MealStatus) => meal.master.send('meal:status', { status: s });

		expect(await status('open')).toMatchObject({ ok: false, code: 'invalid_transition' });
		expect(await status('cooking')).toEqual({ ok: true });
		await vi.waitFor(() => expect(a.conn.state.meta?.status).toBe('cooking'));
		expect(await status('eating')).toEqual({ ok: true });
		expect(await status('open')).toMatchObject({ ok: false, code: 'invalid_transition' });
		expect(await status('planned')).toMatchObject({ ok: false, code: 'invalid_transition' });
		// One step back undoes a mistaken tap.
		expect(await status('cooking')).toEqual({ ok: true });
		expect(await status('eating')).toEqual({ ok: true });
		await vi.waitFor(() => expect(a.conn.state.meta?.status).toBe('eating'));
		expect(await describeMeal(meal.code)).toMatchObject({ status: 'eating', joinable: true });

		expect(await status('closed')).toEqual({ ok: true });
		await vi.waitFor(() => expect(a.conn.state.meta?.status).toBe('closed'));
		for (const s of ['planned', 'open', 'cooking', 'eating', 'closed'] as const) {
			expect(await status(s), `closed → ${s}`).toMatchObject({
				ok: false,
				code: 'invalid_transition',
				message: expect.any(String)
			});
		}
		expect((await storage.boardLog.load(meal.mealId)).seq).toBeGreaterThan(0);
		expect(meal.master.state.meta?.status).toBe('closed');
	});

	it('stops members and the master from changing a closed meal, and refuses new members', async () => {
		const meal = await newMeal('Dîner fermé');
		const a = await member(meal, 'Malik');
		const [cheese, dishes] = [...a.conn.state.tasks.values()].sort((x, y) => x.order - y.order);
		expect(await a.conn.send('task:claim', { taskId: cheese!.id })).toEqual({ ok: true });
		expect(await meal.master.send('meal:status', { status: 'closed' })).toEqual({ ok: true });
		const seq = (await storage.boardLog.load(meal.mealId)).seq;

		for (const [name, payload] of [
			['task:claim', { taskId: dishes!.id }],
			['task:release', { taskId: cheese!.id }],
			['task:done', { taskId: cheese!.id }],
			['member:checkin', {}],
			['member:checkout', {}],
			['member:rename', { name: 'Malik B.' }]
		] as const) {
			expect(await a.conn.send(name, payload as never), name).toMatchObject({ ok: false, code: 'meal_not_open' });
		}
		expect(await meal.master.send('task:add', { kind: 'other', title: { fr: 'Trop tard' }, slots: 1 })).toMatchObject({
			ok: false,
			code: 'meal_not_open'
		});
		expect(await meal.master.send('task:edit', { taskId: dishes!.id, slots: 3 })).toMatchObject({
			ok: false,
			code: 'meal_not_open'
		});
		expect(await meal.master.send('task:done', { taskId: cheese!.id })).toMatchObject({
			ok: false,
			code: 'meal_not_open'
		});
		// Roles are still checked first: forbidden stays forbidden.
		expect(await a.conn.send('task:add', { kind: 'other', title: { fr: 'Non' }, slots: 1 } as never)).toMatchObject({
			ok: false,
			code: 'forbidden'
		});

		const join = await fetch(`${server.url}/api/join/${meal.code}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Retardataire' })
		});
		expect(join.status).toBe(409);
		expect(await join.json()).toMatchObject({ code: 'meal_not_open', message: expect.any(String) });
		expect(await describeMeal(meal.code)).toMatchObject({ status: 'closed', joinable: false });

		// The record stays as it was when the meal closed.
		expect((await storage.boardLog.load(meal.mealId)).seq).toBe(seq);
		const board = a.conn.state;
		expect(board.tasks.get(cheese!.id)?.claims.map((c) => c.memberId)).toEqual([a.memberId]);
		expect(board.members.size).toBe(1);
		expect(board.members.get(a.memberId)).toMatchObject({ name: 'Malik', checkedIn: true });
	});

	it('keeps members out of a planned meal until it opens', async () => {
		const meal = await newMeal('Repas prévu', 'planned');
		const join = () =>
			fetch(`${server.url}/api/join/${meal.code}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name: 'Impatient' })
			});
		expect(await describeMeal(meal.code)).toMatchObject({ status: 'planned', joinable: false });
		expect((await join()).status).toBe(409);
		expect(await meal.master.send('meal:status', { status: 'open' })).toEqual({ ok: true });
		expect((await join()).status).toBe(201);
		// Stepping back to planned keeps those already in from taking places.
		const a = await member(meal, 'Ponctuel');
		expect(await meal.master.send('meal:status', { status: 'planned' })).toEqual({ ok: true });
		await vi.waitFor(() => expect(a.conn.state.meta?.status).toBe('planned'));
		const task = [...a.conn.state.tasks.values()][0]!;
		expect(await a.conn.send('task:claim', { taskId: task.id })).toMatchObject({ ok: false, code: 'meal_not_open' });
		expect((await join()).status).toBe(409);
	});

	it('unloads a board nobody watches after roomIdleMs and loads it back intact', async () => {
		const meal = await newMeal('Goûter du mercredi');
		const a = await member(meal, 'Inès');
		const b = await member(meal, 'Oscar');
		const added = await meal.master.send('task:add', { kind: 'table', title: { fr: 'Sortir les bols' }, slots: 2 });
		if (!added.ok) throw new Error(added.code);
		await vi.waitFor(() => expect(a.conn.state.tasks.has(added.taskId)).toBe(true));
		expect(await a.conn.send('task:claim', { taskId: added.taskId })).toEqual({ ok: true });
		expect(await b.conn.send('task:claim', { taskId: added.taskId })).toEqual({ ok: true });
		expect(await b.conn.send('task:done', { taskId: added.taskId })).toEqual({ ok: true });
		expect(await a.conn.send('member:rename', { name: 'Inès R.', emoji: '🥕' })).toEqual({ ok: true });
		await vi.waitFor(() => expect(b.conn.state.members.get(a.memberId)?.name).toBe('Inès R.'));
		const before = JSON.stringify(boardOf(b.conn.state));
		expect(sessions.isLoaded(meal.mealId)).toBe(true);

		// While one phone still watches, the board stays. Proven against a control board
		// that nobody watches and that was touched after: once it is gone, more than
		// roomIdleMs has passed for both.
		a.conn.close();
		meal.master.close();
		await vi.waitFor(async () =>
			expect(await server.tablee.io.in(mealRoom(meal.mealId)).fetchSockets()).toHaveLength(1)
		);
		const control = await newMeal('Témoin');
		control.master.close();
		await vi.waitFor(() => expect(sessions.isLoaded(control.mealId)).toBe(false), UNLOAD_WAIT);
		expect(sessions.isLoaded(meal.mealId)).toBe(true);

		// The last phone leaves: the board is compacted and unloaded.
		b.conn.close();
		await vi.waitFor(() => expect(sessions.isLoaded(meal.mealId)).toBe(false), UNLOAD_WAIT);
		const log = await storage.boardLog.load(meal.mealId);
		expect(log.snapshotSeq).toBe(log.seq);
		expect(log.updates).toHaveLength(0);

		// A returning phone loads it again, exactly as it was.
		const again = await connect(server.url, { role: 'member', mealId: meal.mealId, token: a.token });
		expect(sessions.isLoaded(meal.mealId)).toBe(true);
		expect(again.welcome?.memberId).toBe(a.memberId);
		expect(JSON.stringify(boardOf(again.state))).toBe(before);
		const task = again.state.tasks.get(added.taskId)!;
		expect(task).toMatchObject({ status: 'done', doneBy: b.memberId, slots: 2 });
		expect(task.claims.map((c) => c.memberId)).toEqual([a.memberId, b.memberId]);
		// …and takes commands on the reloaded board.
		expect(await again.send('task:reopen', { taskId: added.taskId })).toEqual({ ok: true });
		expect(await again.send('task:release', { taskId: added.taskId })).toEqual({ ok: true });
		await vi.waitFor(() =>
			expect(again.state.tasks.get(added.taskId)?.claims.map((c) => c.memberId)).toEqual([b.memberId])
		);
		again.close();
		await vi.waitFor(() => expect(sessions.isLoaded(meal.mealId)).toBe(false), UNLOAD_WAIT);
	});

	it('loads a board for a join over HTTP and unloads it again without any socket', async () => {
		const created = await createMeal(storage, {
			canteenId: 'canteen_demo',
			title: 'Sans écran',
			date: '2030-05-02',
			time: '12:00',
			status: 'open',
			tasks: []
		});
		expect(sessions.isLoaded(created.meal.id)).toBe(false);
		const joined = await joinMember(server.url, created.meal.joinCode, 'Solo');
		expect(joined.mealId).toBe(created.meal.id);
		await vi.waitFor(() => expect(sessions.isLoaded(created.meal.id)).toBe(false), UNLOAD_WAIT);
		const conn = await connect(server.url, { role: 'member', mealId: created.meal.id, token: joined.token });
		expect(conn.state.members.get(joined.memberId)).toMatchObject({ name: 'Solo', checkedIn: true });
		conn.close();
	});
});

/** The board as plain, ordered data, for comparing two reads of it. */
function boardOf(state: { meta: unknown; tasks: ReadonlyMap<string, unknown>; members: ReadonlyMap<string, unknown> }) {
	const sorted = <T>(m: ReadonlyMap<string, T>) => [...m.entries()].sort(([x], [y]) => x.localeCompare(y));
	return { meta: state.meta, tasks: sorted(state.tasks), members: sorted(state.members) };
}
