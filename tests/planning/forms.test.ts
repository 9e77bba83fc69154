/**
 * Planning meals through the real staff pages (production build, real HTTP, real SQLite):
 * the form actions that plan, change and cancel a meal, for anonymous, staff of this
 * canteen, staff of another canteen and an administrator; malformed input on every field;
 * and what phones, the kitchen screen and the join code see of a plan, live.
 */
import { describe, expect, it, vi } from 'vitest';
import { createMeal } from '../../server/board/meals.ts';
import { localDate } from '../../src/lib/domain/local-time.ts';
import { BoardConnection } from '../../src/lib/client/connection.ts';
import { DEFAULT_TEMPLATES } from '../../src/lib/domain/templates.ts';
import type { MealMeta } from '../../src/lib/domain/types.ts';
import { fr } from '../../src/lib/i18n/fr.ts';
import { loadHandler } from '../browser/build.ts';
import { connect, joinMember, startServer } from '../helpers/server.ts';
import { HttpClient, type ActionResult } from '../helpers/http-client.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('planning meals over HTTP', async () => {
	const server = await startServer({
		appHandler: await loadHandler(),
		timeZone: 'Europe/Paris',
		joinRate: { burst: 1000, perSecond: 100 }
	});
	const { storage, accounts, sessions } = server.tablee;
	const password = 'une soupe de potiron';

	// Accounts through the account operations (their forms are tested in tests/auth).
	const setup = await accounts.setupAdmin((await accounts.startSetup())!, {
		email: 'ada@example.org',
		displayName: 'Ada',
		password
	});
	if (!setup.ok) throw new Error('setup failed');
	const adminUser = (await accounts.resolveSession(setup.session.token))!;
	const canteenA = (await accounts.createCanteen(adminUser, 'Cantine du Canal')).id;
	const canteenB = (await accounts.createCanteen(adminUser, 'Cantine des Lilas')).id;
	async function staffOf(canteenId: string, email: string) {
		const invitation = await accounts.createInvitation(adminUser, canteenId);
		if (!invitation.ok) throw new Error('invitation failed');
		const redeemed = await accounts.redeemInvitation(invitation.token, { email, displayName: email, password });
		if (!redeemed.ok) throw new Error('redeem failed');
		return new HttpClient(server.url, redeemed.session.token);
	}
	const admin = new HttpClient(server.url, setup.session.token);
	const staffA = await staffOf(canteenA, 'awa@example.org');
	const staffB = await staffOf(canteenB, 'bruno@example.org');
	const anonymous = new HttpClient(server.url);

	const inDays = (n: number) => localDate({ timeZone: 'Europe/Paris', at: Date.now() + n * DAY });
	const plan = (over: Record<string, string | string[]> = {}) => ({
		title: 'Déjeuner du mercredi',
		date: inDays(7),
		time: '12:30',
		duration: '120',
		capacity: '40',
		price: '3,50',
		...over
	});
	const soup = {
		'dish.0.fr': 'Soupe de potiron',
		'dish.0.en': 'Pumpkin soup',
		'dish.0.course': 'starter',
		'dish.0.allergens': ['milk', 'celery'],
		'dish.0.diets': ['vegetarian', 'gluten-free'],
		'dish.0.ingredients': 'potiron, crème, oignons'
	};

	const mealsOf = async (canteenId: string) => (await storage.meals.listMeals(canteenId)).map((m) => m.id);
	const metaOf = (mealId: string) => sessions.read(mealId, (state) => state.meta);
	const planPath = (canteenId: string) => `/staff/canteens/${canteenId}?/plan`;
	const savePath = (mealId: string) => `/staff/meals/${mealId}?/save`;
	const cancelPath = (mealId: string) => `/staff/meals/${mealId}?/cancel`;

	/** A page load refused by its load function: SvelteKit answers the error in the page's node. */
	function loadOutcome(result: Awaited<ReturnType<HttpClient['load']>>): string {
		if (result.type === 'redirect') return `redirect ${result.location}`;
		if (result.type === 'error') return `error ${result.status}`;
		return result.type;
	}

	async function planned(client: HttpClient, canteenId: string, fields = plan()): Promise<string> {
		const result = await client.post(planPath(canteenId), fields);
		expect(result, JSON.stringify(result.data)).toMatchObject({ type: 'success' });
		return (result.data as { created: { mealId: string } }).created.mealId;
	}

	it('plans a meal in stage planned with its plan and the canteen’s tasks, for its staff and administrators', async () => {
		const result = await staffA.post(planPath(canteenA), plan());
		expect(result).toMatchObject({ type: 'success', status: 200 });
		const created = (result.data as { created: { mealId: string; title: string; screenLink: string } }).created;
		expect(created.title).toBe('Déjeuner du mercredi');
		expect(created.screenLink).toMatch(new RegExp(`^${server.url}/screen/${created.mealId}#key=[A-Za-z0-9_-]{16,}$`));
		expect((await storage.meals.getMeal(created.mealId))?.canteenId).toBe(canteenA);

		const board = await sessions.read(created.mealId, (state) => ({
			meta: state.meta,
			tasks: [...state.tasks.values()]
		}));
		expect(board.meta).toEqual({
			id: created.mealId,
			canteenId: canteenA,
			title: 'Déjeuner du mercredi',
			date: inDays(7),
			time: '12:30',
			status: 'planned',
			plan: { durationMinutes: 120, menu: { dishes: [] }, pricePerPlateCents: 350, capacity: 40 }
		} satisfies MealMeta);
		// The default templates, in board order ("before" jobs first), each an open task.
		expect(board.tasks).toHaveLength(DEFAULT_TEMPLATES.length);
		const ordered = [...board.tasks].sort((a, b) => a.order - b.order);
		expect(ordered[0]!.title.fr).toBe('Ouvrir la cuisine et sortir le matériel');
		expect(ordered.at(-1)!.title.en).toBe('Sweep and tidy the room');
		expect(ordered.every((t) => t.status === 'open' && t.claims.length === 0)).toBe(true);

		// The planning page lists it for its canteen's staff and the administrator.
		for (const client of [staffA, admin]) {
			const page = await client.load(`/staff/canteens/${canteenA}`);
			expect(loadOutcome(page)).toBe('data');
			expect(page.text).toContain('Déjeuner du mercredi');
		}
		expect(await planned(admin, canteenA, plan({ title: 'Dîner de l’administration' }))).toMatch(/^meal_/);
	});

	it('refuses anonymous people and staff of another canteen, and creates nothing', async () => {
		const before = { a: await mealsOf(canteenA), b: await mealsOf(canteenB) };
		expect(await anonymous.post(planPath(canteenA), plan())).toMatchObject({ type: 'redirect', location: '/login' });
		expect(await staffB.post(planPath(canteenA), plan())).toMatchObject({ type: 'error', status: 404 });
		// Malformed input from someone refused is refused the same way: the form is not read.
		expect(await staffB.post(planPath(canteenA), { title: '' })).toMatchObject({ type: 'error', status: 404 });
		expect(await staffA.post(planPath('canteen_nope'), plan())).toMatchObject({ type: 'error', status: 404 });
		expect(await staffA.post(planPath(canteenB), plan())).toMatchObject({ type: 'error', status: 404 });
		expect({ a: await mealsOf(canteenA), b: await mealsOf(canteenB) }).toEqual(before);

		expect(loadOutcome(await anonymous.load(`/staff/canteens/${canteenA}`))).toBe('redirect /login');
		expect(loadOutcome(await staffB.load(`/staff/canteens/${canteenA}`))).toBe('error 404');
		expect(loadOutcome(await staffA.load(`/staff/canteens/${canteenB}`))).toBe('error 404');
		expect(loadOutcome(await staffB.load(`/staff/canteens/${canteenB}`))).toBe('data');
	});

	it('refuses a cross-site form post', async () => {
		const before = await mealsOf(canteenA);
		const result = await staffA.post(planPath(canteenA), plan(), 'https://evil.example');
		expect(result.status).toBe(403);
		expect(await mealsOf(canteenA)).toEqual(before);
	});

	it('answers every malformed field with a translated message and creates nothing', async () => {
		const before = await mealsOf(canteenA);
		const cases: [Record<string, string | string[]>, string][] = [
			[{ title: '' }, 'title'],
			[{ title: 'x'.repeat(81) }, 'title'],
			[{ title: 'x'.repeat(200_000) }, 'title'],
			[{ title: 'a\u0000b' }, 'title'],
			[{ title: '\u202eevil' }, 'title'],
			[{ date: '' }, 'date'],
			[{ date: '2030-02-30' }, 'date'],
			[{ date: 'demain' }, 'date'],
			[{ date: inDays(-1) }, 'date'],
			[{ time: '' }, 'time'],
			[{ time: '24:00' }, 'time'],
			[{ time: '12h30' }, 'time'],
			[{ duration: '' }, 'duration'],
			[{ duration: '10' }, 'duration'],
			[{ duration: '481' }, 'duration'],
			[{ duration: 'deux heures' }, 'duration'],
			[{ time: '23:00', duration: '120' }, 'duration'],
			[{ capacity: '' }, 'capacity'],
			[{ capacity: '0' }, 'capacity'],
			[{ capacity: '1000' }, 'capacity'],
			[{ capacity: '12.5' }, 'capacity'],
			[{ price: '' }, 'price'],
			[{ price: '-1' }, 'price'],
			[{ price: '100,01' }, 'price'],
			[{ price: '3,505' }, 'price'],
			[{ price: 'gratuit' }, 'price'],
			[{ 'dish.0.fr': '', 'dish.0.course': 'main', 'dish.0.allergens': 'milk' }, 'dish.0.name'],
			[{ 'dish.0.fr': 'Soupe', 'dish.0.course': 'main', 'dish.0.allergens': 'poison' }, 'dish.0.tags'],
			[{ 'dish.0.fr': 'Soupe', 'dish.0.course': 'goûter' }, 'dish.0.course'],
			[{ 'dish.0.fr': 'Soupe', 'dish.0.course': 'main', 'dish.0.ingredients': 'y'.repeat(41) }, 'dish.0.ingredients']
		];
		for (const [over, field] of cases) {
			const where = `${JSON.stringify(over).slice(0, 60)}`;
			const result = await staffA.post(planPath(canteenA), plan(over));
			expect(result, where).toMatchObject({ type: 'failure', status: 400 });
			const errors = (result.data as { errors: Record<string, string> }).errors;
			expect(Object.keys(errors), where).toContain(field);
			for (const key of Object.values(errors)) expect(Object.keys(fr), where).toContain(key);
		}
		// Every field missing at once: each one marked.
		const empty = await staffA.post(planPath(canteenA), {});
		expect(Object.keys((empty.data as { errors: object }).errors).sort()).toEqual(
			['capacity', 'date', 'duration', 'price', 'time', 'title'].sort()
		);
		// A body over SvelteKit's limit never reaches the action.
		const huge = await staffA.post(planPath(canteenA), plan({ title: 'x'.repeat(600_000) }));
		expect(huge.status).toBeGreaterThanOrEqual(400);
		expect(huge.status).toBeLessThan(500);
		expect(await mealsOf(canteenA)).toEqual(before);
		// Still signed in: bad input never costs a session.
		expect(loadOutcome(await staffA.load(`/staff/canteens/${canteenA}`))).toBe('data');
	});

	it('changes a plan with its menu for its canteen’s staff and administrators only; bad input changes nothing', async () => {
		const mealId = await planned(staffA, canteenA, plan({ title: 'Déjeuner à changer' }));
		const saved = await staffA.post(savePath(mealId), {
			...plan({ title: 'Déjeuner changé', capacity: '30' }),
			...soup
		});
		expect(saved).toMatchObject({ type: 'success', data: { saved: true, changed: true } });
		const meta = (await metaOf(mealId))!;
		expect(meta).toMatchObject({ title: 'Déjeuner changé', status: 'planned' });
		expect(meta.plan).toEqual({
			durationMinutes: 120,
			pricePerPlateCents: 350,
			capacity: 30,
			menu: {
				dishes: [
					{
						id: 'd1',
						name: { fr: 'Soupe de potiron', en: 'Pumpkin soup' },
						course: 'starter',
						allergens: ['milk', 'celery'],
						diets: ['vegetarian', 'gluten-free'],
						ingredients: ['potiron', 'crème', 'oignons']
					}
				]
			}
		});
		// The same form again stores nothing.
		expect(
			await staffA.post(savePath(mealId), { ...plan({ title: 'Déjeuner changé', capacity: '30' }), ...soup })
		).toMatchObject({ type: 'success', data: { changed: false } });
		expect(
			await admin.post(savePath(mealId), { ...plan({ title: 'Déjeuner revu', capacity: '30' }), ...soup })
		).toMatchObject({
			type: 'success',
			data: { changed: true }
		});

		const kept = await metaOf(mealId);
		expect(await anonymous.post(savePath(mealId), plan({ title: 'Pirate' }))).toMatchObject({
			type: 'redirect',
			location: '/login'
		});
		expect(await staffB.post(savePath(mealId), plan({ title: 'Pirate' }))).toMatchObject({
			type: 'error',
			status: 404
		});
		expect(await staffA.post(savePath('meal_nope'), plan())).toMatchObject({ type: 'error', status: 404 });
		const bad: Record<string, string>[] = [
			{ title: '' },
			{ date: '2030-13-01' },
			{ capacity: '-1' },
			{ price: 'x' },
			{ duration: '1' }
		];
		for (const over of bad) {
			const result = await staffA.post(savePath(mealId), { ...plan(over), ...soup });
			expect(result, JSON.stringify(over)).toMatchObject({ type: 'failure', status: 400, data: { action: 'save' } });
		}
		expect(await staffA.post(savePath(mealId), { ...plan(), ...soup, 'dish.0.diets': 'carnivore' })).toMatchObject({
			type: 'failure',
			data: { errors: { 'dish.0.tags': 'auth.badForm' } }
		});
		expect(await metaOf(mealId)).toEqual(kept);

		expect(loadOutcome(await staffA.load(`/staff/meals/${mealId}`))).toBe('data');
		expect(loadOutcome(await admin.load(`/staff/meals/${mealId}`))).toBe('data');
		expect(loadOutcome(await staffB.load(`/staff/meals/${mealId}`))).toBe('error 404');
		expect(loadOutcome(await anonymous.load(`/staff/meals/${mealId}`))).toBe('redirect /login');
	});

	it('never changes a closed meal, nor a room below the people checked in', async () => {
		const closed = await createMeal(storage, {
			canteenId: canteenA,
			title: 'Déjeuner fini',
			date: inDays(-3),
			time: '12:00',
			status: 'closed',
			tasks: []
		});
		expect(await staffA.post(savePath(closed.meal.id), plan())).toMatchObject({
			type: 'failure',
			status: 409,
			data: { errors: { form: 'plan.closedError' } }
		});
		expect((await metaOf(closed.meal.id))?.title).toBe('Déjeuner fini');

		// A meal under way, three people here: 2 places is refused, 3 is fine. Its own date
		// (today) does not count as "in the past" for an edit that keeps it.
		const today = inDays(0);
		const open = await createMeal(storage, {
			canteenId: canteenA,
			title: 'Déjeuner en cours',
			date: today,
			time: '00:00',
			status: 'open',
			tasks: []
		});
		for (const name of ['Léa', 'Sami', 'Noor']) await joinMember(server.url, open.meal.joinCode, name);
		expect(
			await staffA.post(savePath(open.meal.id), plan({ date: today, time: '00:00', capacity: '2' }))
		).toMatchObject({
			type: 'failure',
			status: 400,
			data: { errors: { capacity: 'plan.capacityBelowCheckedIn' } }
		});
		expect(
			await staffA.post(savePath(open.meal.id), plan({ date: today, time: '00:00', capacity: '3' }))
		).toMatchObject({
			type: 'success'
		});
		expect((await metaOf(open.meal.id))?.plan?.capacity).toBe(3);
	});

	it('sends a new plan live to the phones and the kitchen screen of the meal', async () => {
		const meal = await createMeal(storage, {
			canteenId: canteenA,
			title: 'Déjeuner en direct',
			date: inDays(0),
			time: '12:00',
			status: 'open',
			tasks: []
		});
		const joined = await joinMember(server.url, meal.meal.joinCode, 'Léa');
		const phone = await connect(server.url, { role: 'member', mealId: meal.meal.id, token: joined.token });
		const screen = await connect(server.url, { role: 'screen', mealId: meal.meal.id, key: meal.screenKey });
		expect(phone.state.meta?.plan).toBeUndefined();

		const saved = await staffA.post(savePath(meal.meal.id), {
			...plan({ title: 'Soupe party', date: inDays(0), time: '12:00', capacity: '25' }),
			...soup
		});
		expect(saved).toMatchObject({ type: 'success', data: { changed: true } });
		for (const conn of [phone, screen]) {
			await vi.waitFor(() => expect(conn.state.meta?.plan?.capacity).toBe(25));
			expect(conn.state.meta?.title).toBe('Soupe party');
			expect(conn.state.meta?.plan?.menu.dishes[0]?.allergens).toEqual(['milk', 'celery']);
			expect(conn.state.meta?.status).toBe('open');
		}
	});

	it('keeps a planned meal closed to phones until it is opened, then lets them join', async () => {
		const mealId = await planned(staffA, canteenA, plan({ title: 'Déjeuner bientôt' }));
		const code = (await storage.meals.getMeal(mealId))!.joinCode;
		expect(await (await fetch(`${server.url}/api/join/${code}`)).json()).toMatchObject({
			status: 'planned',
			joinable: false
		});
		await expect(joinMember(server.url, code, 'Léa')).rejects.toThrow(/409.*meal_not_open/);

		// The Canteen Master opens it from the console, signed in (no key).
		const master = new BoardConnection({
			url: server.url,
			credentials: { role: 'master', mealId },
			socket: {
				transports: ['websocket'],
				forceNew: true,
				reconnection: false,
				extraHeaders: { cookie: staffA.cookie! }
			}
		});
		await master.whenSynced();
		expect(await master.send('meal:status', { status: 'open' })).toEqual({ ok: true });
		master.close();
		expect(await (await fetch(`${server.url}/api/join/${code}`)).json()).toMatchObject({ joinable: true });
		expect((await joinMember(server.url, code, 'Léa')).mealId).toBe(mealId);
	});

	it('cancels a planned meal nobody joined, for its canteen’s staff only, and frees nothing else', async () => {
		const mealId = await planned(staffA, canteenA, plan({ title: 'Déjeuner annulé' }));
		const code = (await storage.meals.getMeal(mealId))!.joinCode;
		expect(await anonymous.post(cancelPath(mealId), {})).toMatchObject({ type: 'redirect', location: '/login' });
		expect(await staffB.post(cancelPath(mealId), {})).toMatchObject({ type: 'error', status: 404 });
		expect(await storage.meals.getMeal(mealId)).toBeDefined();

		// A console left open on it is disconnected, and its handshake then refused.
		const openConsole = new BoardConnection({
			url: server.url,
			credentials: { role: 'master', mealId },
			socket: { transports: ['websocket'], forceNew: true, extraHeaders: { cookie: staffA.cookie! } }
		});
		await openConsole.whenSynced();
		expect(await staffA.post(cancelPath(mealId), {})).toMatchObject({
			type: 'redirect',
			location: `/staff/canteens/${canteenA}?cancelled`
		});
		await vi.waitFor(() => expect(openConsole.refusal?.code).toBe('unauthorized'), { timeout: 10_000 });
		openConsole.close();
		expect(sessions.isLoaded(mealId)).toBe(false);
		expect(await storage.meals.getMeal(mealId)).toBeUndefined();
		expect((await fetch(`${server.url}/api/join/${code}`)).status).toBe(404);
		expect(loadOutcome(await staffA.load(`/staff/meals/${mealId}`))).toBe('error 404');
		expect(await staffA.post(cancelPath(mealId), {})).toMatchObject({ type: 'error', status: 404 });
		expect(await admin.post(cancelPath(mealId), {})).toMatchObject({ type: 'error', status: 404 });
	});

	it('refuses to cancel a meal that was opened or that someone joined', async () => {
		const open = await planned(admin, canteenA, plan({ title: 'Déjeuner ouvert' }));
		const master = new BoardConnection({
			url: server.url,
			credentials: { role: 'master', mealId: open },
			socket: {
				transports: ['websocket'],
				forceNew: true,
				reconnection: false,
				extraHeaders: { cookie: admin.cookie! }
			}
		});
		await master.whenSynced();
		expect(await master.send('meal:status', { status: 'open' })).toEqual({ ok: true });
		const outcome = (result: ActionResult) => ({ status: result.status, error: result.data?.error });
		expect(outcome(await admin.post(cancelPath(open), {}))).toEqual({ status: 409, error: 'plan.cancelNotPlanned' });

		// Joined, then stepped back to planned: it is someone's meal now.
		await joinMember(server.url, (await storage.meals.getMeal(open))!.joinCode, 'Sami');
		expect(await master.send('meal:status', { status: 'planned' })).toEqual({ ok: true });
		master.close();
		expect(outcome(await admin.post(cancelPath(open), {}))).toEqual({ status: 409, error: 'plan.cancelHasMembers' });
		expect(await storage.meals.getMeal(open)).toBeDefined();
		expect((await metaOf(open))?.status).toBe('planned');
	});

	it('lists the canteen’s planned meals on /staff for its staff only', async () => {
		const page = await staffA.load('/staff');
		expect(loadOutcome(page)).toBe('data');
		expect(page.text).toContain('Déjeuner revu');
		expect(page.text).not.toContain('Cantine des Lilas');
	});
});
