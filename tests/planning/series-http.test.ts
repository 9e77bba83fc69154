/**
 * The recurring-meals page over real HTTP against the production build, on a Paris clock
 * set to Monday 25 March 2030: saving a Tuesday/Thursday series creates its meals with the
 * canteen's template tasks on their boards; every action for every role; malformed input
 * on every field, each refusal leaving series and meals as they were.
 */
import { describe, expect, it } from 'vitest';
import { loadHandler } from '../browser/build.ts';
import { startServer } from '../helpers/server.ts';
import { HttpClient } from '../helpers/http-client.ts';
import { paris, staffUser } from './series-fixtures.ts';

describe('recurring meals over HTTP', async () => {
	const server = await startServer({
		appHandler: await loadHandler(),
		planning: { now: () => paris('2030-03-25', '10:00') }
	});
	const { storage, sessions } = server.tablee;
	await storage.meals.createCanteen({ id: 'canteen_a', name: 'Cantine du Canal', createdAt: 1 });
	await storage.meals.createCanteen({ id: 'canteen_b', name: 'Cantine des Lilas', createdAt: 2 });
	const staffA = new HttpClient(server.url, (await staffUser(storage, { canteenIds: ['canteen_a'] })).token);
	const staffB = new HttpClient(server.url, (await staffUser(storage, { canteenIds: ['canteen_b'] })).token);
	const admin = new HttpClient(
		server.url,
		(await staffUser(storage, { role: 'admin', canteenIds: ['canteen_b'] })).token
	);
	const anonymous = new HttpClient(server.url);
	const page = '/staff/canteens/canteen_a/series';

	const lunches = (over: Record<string, string> = {}): Record<string, string> => ({
		weekday2: '2',
		weekday4: '4',
		time: '12:00',
		startDate: '2030-03-25',
		endDate: '',
		skipDates: '2030-04-02',
		title: 'Déjeuner partagé',
		durationMinutes: '90',
		capacity: '40',
		price: '3,50',
		...over
	});

	const snapshot = async () =>
		JSON.stringify({
			series: await storage.planning.listSeries('canteen_a'),
			meals: (await storage.meals.listMeals('canteen_a')).map((m) => m.id),
			dates: await Promise.all(
				(await storage.planning.listSeries('canteen_a')).map((s) => storage.planning.listSeriesDates(s.id))
			)
		});

	it('saves a Tuesday/Thursday series on a Monday and creates its meals with the template tasks', async () => {
		// The canteen's own templates, edited first: the meals must carry these.
		const templates = '/staff/canteens/canteen_a/templates';
		await staffA.load(templates);
		const peel = (await storage.planning.listTaskTemplates('canteen_a')).find((t) => t.icon === '🥕')!;
		await staffA.post(`${templates}?/edit`, {
			id: peel.id,
			kind: 'cooking',
			titleFr: 'Éplucher les carottes',
			titleEn: 'Peel the carrots',
			slots: '4',
			phase: 'before',
			icon: '🥕'
		});

		const saved = await staffA.post(`${page}?/create`, lunches());
		// 26 and 28 March, 4, 9, 11, 16, 18 April: 2 April is a holiday.
		expect(saved).toMatchObject({ type: 'success', data: { action: 'create', created: 7 } });
		const [series] = await storage.planning.listSeries('canteen_a');
		expect(series).toMatchObject({
			rule: { weekdays: [2, 4], time: '12:00', startDate: '2030-03-25', skipDates: ['2030-04-02'] },
			defaults: { title: 'Déjeuner partagé', durationMinutes: 90, capacity: 40, pricePerPlateCents: 350 },
			paused: false
		});
		expect(series!.rule.endDate).toBeUndefined();
		const dates = await storage.planning.listSeriesDates(series!.id);
		expect(dates.map((d) => d.date)).toEqual([
			'2030-03-26',
			'2030-03-28',
			'2030-04-04',
			'2030-04-09',
			'2030-04-11',
			'2030-04-16',
			'2030-04-18'
		]);
		const templateList = await storage.planning.listTaskTemplates('canteen_a');
		for (const { mealId, date } of dates) {
			const board = await sessions.read(mealId!, (state) => ({
				meta: state.meta,
				tasks: [...state.tasks.values()].sort((a, b) => a.order - b.order)
			}));
			expect(board.meta).toMatchObject({ date, time: '12:00', status: 'planned', title: 'Déjeuner partagé' });
			expect(board.tasks.map((t) => [t.title.fr, t.slots, t.icon])).toEqual(
				templateList.map((t) => [t.title.fr, t.slots, t.icon])
			);
			expect(board.tasks.find((t) => t.icon === '🥕')).toMatchObject({
				title: { fr: 'Éplucher les carottes' },
				slots: 4
			});
		}

		// The page lists the series and the meals it made.
		const loaded = await staffA.load(page);
		expect(loaded.type).toBe('data');
		expect(loaded.text).toContain('Déjeuner partagé');
		expect(loaded.text).toContain(dates[0]!.mealId!);
	});

	it('edits a series without touching the meals already made, pauses, resumes and deletes', async () => {
		const [series] = await storage.planning.listSeries('canteen_a');
		const id = series!.id;
		const mealsBefore = (await storage.meals.listMeals('canteen_a')).length;
		// Wednesdays added: four more meals in the window; those already made keep noon.
		const edited = await staffA.post(`${page}?/update`, lunches({ id, weekday3: '3', time: '12:30' }));
		expect(edited).toMatchObject({ type: 'redirect', location: `${page}?saved=4#series-${id}` });
		expect((await storage.planning.getSeries(id))?.rule).toMatchObject({ weekdays: [2, 3, 4], time: '12:30' });
		expect(await storage.meals.listMeals('canteen_a')).toHaveLength(mealsBefore + 4);
		const first = (await storage.planning.listSeriesDates(id))[0]!;
		expect(await sessions.read(first.mealId!, (s) => s.meta?.time)).toBe('12:00');

		expect(await staffA.post(`${page}?/pause`, { id, paused: 'true' })).toMatchObject({
			type: 'success',
			data: { action: 'pause', paused: true }
		});
		expect((await storage.planning.getSeries(id))?.paused).toBe(true);
		expect(await staffA.post(`${page}?/pause`, { id, paused: 'false' })).toMatchObject({
			type: 'success',
			data: { paused: false }
		});
		expect((await storage.planning.getSeries(id))?.paused).toBe(false);

		expect(await staffA.post(`${page}?/delete`, { id })).toMatchObject({ type: 'success', data: { deleted: true } });
		expect(await storage.planning.getSeries(id)).toBeUndefined();
		// Its meals stay, as ordinary meals.
		expect(await storage.meals.listMeals('canteen_a')).toHaveLength(mealsBefore + 4);
	});

	it('keeps the page and every action to staff of the canteen and administrators', async () => {
		await staffA.post(`${page}?/create`, lunches({ endDate: '2030-03-26', skipDates: '' }));
		const id = (await storage.planning.listSeries('canteen_a'))[0]!.id;
		const refusals = [
			['anonymous', anonymous, { type: 'redirect', location: '/login' }],
			['staff of another canteen', staffB, { status: 403 }]
		] as const;
		for (const [who, client, expected] of refusals) {
			const before = await snapshot();
			expect(await client.load(page), who).toMatchObject(expected);
			expect(await client.post(`${page}?/create`, lunches()), who).toMatchObject(expected);
			expect(await client.post(`${page}?/update`, lunches({ id })), who).toMatchObject(expected);
			expect(await client.post(`${page}?/pause`, { id, paused: 'true' }), who).toMatchObject(expected);
			expect(await client.post(`${page}?/delete`, { id }), who).toMatchObject(expected);
			expect(await snapshot(), who).toBe(before);
		}
		expect(await staffB.post(`${page}?/delete`, { id })).toMatchObject({
			type: 'failure',
			status: 403,
			data: { action: 'delete', error: 'series.forbidden' }
		});
		expect(await admin.load('/staff/canteens/canteen_nope/series')).toMatchObject({ status: 404 });
		expect(await staffA.load('/staff/canteens/canteen_b/series')).toMatchObject({ status: 403 });

		expect((await admin.load(page)).type).toBe('data');
		expect(await admin.post(`${page}?/pause`, { id, paused: 'true' })).toMatchObject({ type: 'success' });
		expect(await admin.post(`${page}?/update`, lunches({ id, endDate: '2030-03-28' }))).toMatchObject({
			type: 'redirect'
		});
		expect(await admin.post(`${page}?/create`, lunches({ title: 'Dîner', time: '19:00' }))).toMatchObject({
			type: 'success'
		});
		expect(await admin.post(`${page}?/delete`, { id })).toMatchObject({ type: 'success' });
		expect((await storage.planning.listSeries('canteen_a')).map((s) => s.defaults.title)).toEqual(['Dîner']);
	});

	it('answers malformed input on every field with a translated error and changes nothing', async () => {
		const id = (await storage.planning.listSeries('canteen_a'))[0]!.id;
		const none = { weekday2: '', weekday4: '' };
		const cases: [string, Record<string, string>, string][] = [
			['create', lunches(none), 'series.weekdaysInvalid'],
			['create', lunches({ weekday2: 'yes' }), 'series.weekdaysInvalid'],
			['create', lunches({ weekday2: '5' }), 'series.weekdaysInvalid'],
			['create', lunches({ time: '25:00' }), 'series.timeInvalid'],
			['create', lunches({ time: '12h' }), 'series.timeInvalid'],
			['create', lunches({ time: '' }), 'series.timeInvalid'],
			['create', lunches({ startDate: '2030-02-30' }), 'series.startDateInvalid'],
			['create', lunches({ startDate: '' }), 'series.startDateInvalid'],
			['create', lunches({ endDate: 'demain' }), 'series.endDateInvalid'],
			['create', lunches({ endDate: '2030-03-01' }), 'series.endBeforeStart'],
			['create', lunches({ skipDates: 'noël' }), 'series.skipDatesInvalid'],
			['create', lunches({ skipDates: '2030-04-02,2030-04-02' }), 'series.skipDatesInvalid'],
			[
				'create',
				lunches({
					skipDates: Array.from({ length: 101 }, (_, i) =>
						new Date(Date.UTC(2031, 0, 1 + i)).toISOString().slice(0, 10)
					).join(',')
				}),
				'series.skipDatesInvalid'
			],
			['create', lunches({ title: '' }), 'series.titleInvalid'],
			['create', lunches({ title: 'x'.repeat(81) }), 'series.titleInvalid'],
			['create', lunches({ title: 'a\u0007b' }), 'series.titleInvalid'],
			['create', lunches({ durationMinutes: '10' }), 'series.durationInvalid'],
			['create', lunches({ durationMinutes: '481' }), 'series.durationInvalid'],
			['create', lunches({ durationMinutes: 'une heure' }), 'series.durationInvalid'],
			['create', lunches({ capacity: '0' }), 'series.capacityInvalid'],
			['create', lunches({ capacity: '201' }), 'series.capacityInvalid'],
			['create', lunches({ capacity: '4.5' }), 'series.capacityInvalid'],
			['create', lunches({ price: '-1' }), 'series.priceInvalid'],
			['create', lunches({ price: '100,01' }), 'series.priceInvalid'],
			['create', lunches({ price: '3,505' }), 'series.priceInvalid'],
			['create', lunches({ price: 'gratuit' }), 'series.priceInvalid'],
			['create', lunches({ price: '' }), 'series.priceInvalid'],
			['create', lunches({ time: '23:30', durationMinutes: '60' }), 'series.endsAfterMidnight'],
			['create', {}, 'auth.badForm'],
			['create', { weekday2: '2', time: '12:00' }, 'auth.badForm'],
			['update', lunches({ id: '../x' }), 'series.notFound'],
			['update', lunches(), 'auth.badForm'],
			['update', lunches({ id, capacity: '-1' }), 'series.capacityInvalid'],
			['pause', { id, paused: 'maybe' }, 'auth.badForm'],
			['pause', { paused: 'true' }, 'auth.badForm'],
			['delete', {}, 'auth.badForm'],
			['delete', { id: 'x'.repeat(5000) }, 'series.notFound']
		];
		const before = await snapshot();
		for (const [action, fields, error] of cases) {
			const result = await staffA.post(`${page}?/${action}`, fields);
			expect(result, `${action} ${JSON.stringify(fields).slice(0, 120)}`).toMatchObject({
				type: 'failure',
				status: 400,
				data: { action, error }
			});
		}
		// Well-formed ids of no series of this canteen: not found.
		for (const [action, fields] of [
			['update', lunches({ id: 'ser_nope' })],
			['pause', { id: 'ser_nope', paused: 'true' }],
			['delete', { id: 'ser_nope' }]
		] as const) {
			expect(await staffA.post(`${page}?/${action}`, fields), action).toMatchObject({
				type: 'failure',
				status: 404,
				data: { error: 'series.notFound' }
			});
		}
		expect(await snapshot()).toBe(before);
	});

	it('gives its meals an English title when the series has one, and refuses a malformed one', async () => {
		const refused = await staffA.post(`${page}?/create`, lunches({ titleEn: 'a\u0007b' }));
		expect(refused).toMatchObject({ type: 'failure', status: 400, data: { error: 'plan.titleEnInvalid' } });
		const before = (await storage.meals.listMeals('canteen_a')).map((m) => m.id);
		const saved = await staffA.post(
			`${page}?/create`,
			lunches({ title: 'Dîner partagé', titleEn: 'Shared dinner', time: '19:00', endDate: '2030-03-28', skipDates: '' })
		);
		expect(saved).toMatchObject({ type: 'success', data: { action: 'create' } });
		const made = (await storage.meals.listMeals('canteen_a')).filter((m) => !before.includes(m.id));
		expect(made.length).toBeGreaterThan(0);
		for (const meal of made) {
			expect(meal).toMatchObject({ title: 'Dîner partagé', titleEn: 'Shared dinner' });
			expect(await sessions.read(meal.id, (state) => state.meta?.titleEn)).toBe('Shared dinner');
		}
	});
});
