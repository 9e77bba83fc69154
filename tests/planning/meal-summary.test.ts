/**
 * A meal's summary columns (title, date, time, stage, plan, people) against the real
 * server: the staff pages list and count meals without loading a single board, and the
 * columns follow the board when a Canteen Master changes the stage over a real socket, a
 * member joins and checks out, and the plan is edited through its page.
 */
import { describe, expect, it, vi } from 'vitest';
import { createMeal } from '../../server/board/meals.ts';
import { loadHandler } from '../browser/build.ts';
import { HttpClient } from '../helpers/http-client.ts';
import { connect, joinMember, startServer } from '../helpers/server.ts';
import { staffUser } from './series-fixtures.ts';

describe('meal summaries', async () => {
	const server = await startServer({
		appHandler: await loadHandler(),
		roomIdleMs: 50,
		joinRate: { burst: 1000, perSecond: 100 }
	});
	const { storage, sessions } = server.tablee;
	await storage.meals.createCanteen({ id: 'canteen_a', name: 'Cantine du Canal', createdAt: 1 });
	const admin = new HttpClient(
		server.url,
		(await staffUser(storage, { role: 'admin', canteenIds: ['canteen_a'] })).token
	);
	const newMeal = (title: string, date: string) =>
		createMeal(storage, {
			canteenId: 'canteen_a',
			title,
			date,
			time: '12:30',
			status: 'planned',
			plan: { durationMinutes: 90, menu: { dishes: [] }, pricePerPlateCents: 300, capacity: 25 },
			tasks: [{ kind: 'cooking', title: { fr: 'Éplucher', en: 'Peel' }, slots: 2 }]
		});
	const summaryOf = async (mealId: string) => {
		const { title, date, time, status, joined, checkedIn, plan } = (await storage.meals.getMeal(mealId))!;
		return { title, date, time, status, joined, checkedIn, capacity: plan?.capacity };
	};
	/** Waits until no board is in memory (the rooms' idle timer is 50 ms). */
	const allUnloaded = () => vi.waitFor(() => expect(sessions.loaded).toBe(0), { timeout: 5000, interval: 10 });

	it('lists and counts every meal on the staff pages without loading a board', async () => {
		await newMeal('Soupe du lundi', '2030-06-03');
		await newMeal('Couscous du jeudi', '2030-06-06');
		await allUnloaded();
		for (const page of ['/staff', '/staff/canteens/canteen_a', '/staff/canteens/canteen_a/series']) {
			const loaded = await admin.load(page);
			expect(loaded.status, page).toBe(200);
			if (page !== '/staff/canteens/canteen_a/series') {
				expect(loaded.text, page).toContain('Soupe du lundi');
				expect(loaded.text, page).toContain('Couscous du jeudi');
			}
		}
		expect(sessions.loaded).toBe(0);
	});

	it('follows stage changes over a real socket, members joining and leaving, and plan edits', async () => {
		const meal = await newMeal('Déjeuner des étapes', '2030-06-10');
		const master = await connect(server.url, { role: 'master', mealId: meal.meal.id, key: meal.masterKey });
		const mealId = meal.meal.id;
		expect(await summaryOf(mealId)).toEqual({
			title: 'Déjeuner des étapes',
			date: '2030-06-10',
			time: '12:30',
			status: 'planned',
			joined: 0,
			checkedIn: 0,
			capacity: 25
		});

		expect(await master.send('meal:status', { status: 'open' })).toEqual({ ok: true });
		expect((await summaryOf(mealId)).status).toBe('open');
		const lea = await joinMember(server.url, meal.meal.joinCode, 'Léa');
		await joinMember(server.url, meal.meal.joinCode, 'Sami');
		expect(await summaryOf(mealId)).toMatchObject({ joined: 2, checkedIn: 2 });
		const phone = await connect(server.url, { role: 'member', mealId, token: lea.token });
		expect(await phone.send('member:checkout', {})).toEqual({ ok: true });
		expect(await summaryOf(mealId)).toMatchObject({ joined: 2, checkedIn: 1 });

		expect(await master.send('meal:status', { status: 'cooking' })).toEqual({ ok: true });
		expect((await summaryOf(mealId)).status).toBe('cooking');
		const saved = await admin.post(`/staff/meals/${mealId}?/save`, {
			title: 'Déjeuner renommé',
			date: '2030-06-11',
			time: '13:00',
			duration: '120',
			capacity: '30',
			price: '2'
		});
		expect(saved).toMatchObject({ type: 'success', data: { saved: true, changed: true } });
		expect(await summaryOf(mealId)).toEqual({
			title: 'Déjeuner renommé',
			date: '2030-06-11',
			time: '13:00',
			status: 'cooking',
			joined: 2,
			checkedIn: 1,
			capacity: 30
		});
		expect(await master.send('meal:status', { status: 'eating' })).toEqual({ ok: true });
		expect(await master.send('meal:status', { status: 'closed' })).toEqual({ ok: true });
		expect((await summaryOf(mealId)).status).toBe('closed');

		// The planning page shows what the columns say, read with no board loaded.
		master.close();
		phone.close();
		await allUnloaded();
		const page = await admin.load('/staff/canteens/canteen_a');
		expect(page.text).toContain('Déjeuner renommé');
		expect(sessions.loaded).toBe(0);
	});

	it('repairs, when the board loads, a summary that missed its last change (a crash in between)', async () => {
		const meal = await newMeal('Déjeuner réparé', '2030-06-12');
		await allUnloaded();
		// As if the process died after storing a change and before writing the summary.
		await storage.meals.updateSummary(meal.meal.id, {
			title: 'Périmé',
			date: '2000-01-01',
			time: '00:00',
			status: 'closed',
			joined: 9,
			checkedIn: 9
		});
		await connect(server.url, { role: 'master', mealId: meal.meal.id, key: meal.masterKey });
		expect(await summaryOf(meal.meal.id)).toEqual({
			title: 'Déjeuner réparé',
			date: '2030-06-12',
			time: '12:30',
			status: 'planned',
			joined: 0,
			checkedIn: 0,
			capacity: 25
		});
	});
});
