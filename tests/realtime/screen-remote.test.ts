/**
 * The Canteen Master's remote for the kitchen screen over real sockets: `screen:show` and
 * `screen:coverage` change the board's meta, which every screen of the meal receives at
 * once; a member and the screen itself are refused and nothing is stored; the remote works
 * after the meal closed, and setting what is already set stores nothing.
 */
import { describe, expect, it, vi } from 'vitest';
import { createMeal } from '../../server/board/meals.ts';
import { DEMO_CANTEEN_ID } from '../../server/seed/demo.ts';
import { connect, masterConnection, memberConnection, startServer } from '../helpers/server.ts';

describe('the kitchen-screen remote', async () => {
	const server = await startServer({
		joinRate: { burst: 1000, perSecond: 100 },
		commandRate: { burst: 1000, perSecond: 100 }
	});
	const mealId = server.demo.meal.id;
	const seq = async (id = mealId) => (await server.tablee.storage.boardLog.load(id)).seq;

	it('switches every screen of the meal, and only the Canteen Master may', async () => {
		const screen = await connect(server.url, { role: 'screen', mealId, key: server.demo.screenKey });
		const other = await connect(server.url, { role: 'screen', mealId, key: server.demo.screenKey });
		const master = await masterConnection(server);
		const member = await memberConnection(server, 'Awa');

		const before = await seq();
		for (const by of [member.conn, screen]) {
			expect(await by.send('screen:show', { view: 'blank' })).toMatchObject({ ok: false, code: 'forbidden' });
			expect(await by.send('screen:coverage', { percent: 80 })).toMatchObject({ ok: false, code: 'forbidden' });
		}
		expect(await seq()).toBe(before);
		expect(screen.state.meta?.screen).toBeUndefined();

		expect(await master.send('screen:show', { view: 'menu' })).toEqual({ ok: true });
		expect(await master.send('screen:coverage', { percent: 80 })).toEqual({ ok: true });
		for (const s of [screen, other]) {
			await vi.waitFor(() => expect(s.state.meta?.screen).toEqual({ view: 'menu', coveragePercent: 80 }));
		}

		// The same choice again stores nothing.
		const stored = await seq();
		expect(await master.send('screen:show', { view: 'menu' })).toEqual({ ok: true });
		expect(await master.send('screen:coverage', { percent: 80 })).toEqual({ ok: true });
		expect(await seq()).toBe(stored);

		expect(await master.send('screen:coverage', { percent: null })).toEqual({ ok: true });
		expect(await master.send('screen:show', { view: 'board' })).toEqual({ ok: true });
		await vi.waitFor(() => expect(screen.state.meta?.screen).toEqual({ view: 'board' }));
		// The rest of the meta is untouched.
		expect(screen.state.meta).toMatchObject({ id: mealId, status: 'open', title: 'Déjeuner du jour' });
		for (const c of [screen, other, master, member.conn]) c.close();
	});

	it('still works after the meal closed, to blank the screen', async () => {
		const created = await createMeal(server.tablee.storage, {
			canteenId: DEMO_CANTEEN_ID,
			title: 'Fini',
			date: '2030-01-08',
			time: '12:00',
			status: 'closed',
			tasks: []
		});
		const master = await connect(server.url, { role: 'master', mealId: created.meal.id, key: created.masterKey });
		expect(await master.send('screen:show', { view: 'blank' })).toEqual({ ok: true });
		await vi.waitFor(() => expect(master.state.meta?.screen).toEqual({ view: 'blank' }));
		expect(master.state.meta?.status).toBe('closed');
		master.close();
	});
});
