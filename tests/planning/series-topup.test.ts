/**
 * Recurring meals topped up for real: the SQLite storage, createMeal, the boards read back
 * through `sessions.read`, a Paris clock set per test. Two Tablée instances on the same file
 * top up at once and make exactly one meal per date.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTablee } from '../../server/app.ts';
import { createLogger } from '../../server/log.ts';
import type { SeriesInput } from '../../server/planning/series.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import type { SeriesRecord, Storage } from '../../server/storage/storage.ts';
import { DEFAULT_TEMPLATES } from '../../src/lib/domain/templates.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { paris, staffUser } from './series-fixtures.ts';

const lunches = (over: Partial<SeriesInput['rule']> = {}): SeriesInput => ({
	rule: { weekdays: [2, 4], time: '12:00', startDate: '2030-03-25', ...over },
	defaults: { title: 'Déjeuner partagé', durationMinutes: 90, capacity: 40, pricePerPlateCents: 350 }
});

async function boardOf(server: TestServer, mealId: string) {
	return server.tablee.sessions.read(mealId, (state) => ({
		meta: state.meta,
		tasks: [...state.tasks.values()].sort((a, b) => a.order - b.order)
	}));
}

async function mealDates(storage: Storage, seriesId: string) {
	return (await storage.planning.listSeriesDates(seriesId)).map((d) => d.date);
}

describe('recurring meals, topped up', async () => {
	let clock = paris('2030-03-25', '10:00'); // a Monday
	const server = await startServer({ planning: { now: () => clock, topUpEveryMs: 3_600_000 } });
	const { storage, series } = server.tablee;
	// `topUp` runs every canteen's series: each test starts with none active.
	afterEach(async () => {
		for (const s of await storage.planning.listActiveSeries()) await storage.planning.deleteSeries(s.canteenId, s.id);
	});
	let canteenN = 0;
	async function canteen() {
		const id = `canteen_topup${++canteenN}`;
		await storage.meals.createCanteen({ id, name: `Cantine ${canteenN}`, createdAt: 1 });
		const { user } = await staffUser(storage, { canteenIds: [id] });
		return { id, user };
	}

	it('creates the Tuesday and Thursday meals of the next 28 days, planned, with the template tasks', async () => {
		clock = paris('2030-03-25', '10:00');
		const { id, user } = await canteen();
		const saved = await series.create(user, id, lunches());
		expect(saved.ok).toBe(true);
		if (!saved.ok) return;
		// 25 March to 21 April; the clocks change on Sunday 31 March, the meals stay at noon.
		const dates = ['2030-03-26', '2030-03-28', '2030-04-02', '2030-04-04', '2030-04-09', '2030-04-11'];
		dates.push('2030-04-16', '2030-04-18');
		expect(saved.value.created).toBe(8);
		expect(await mealDates(storage, saved.value.series.id)).toEqual(dates);
		expect(await storage.meals.listMeals(id)).toHaveLength(8);

		for (const claim of await storage.planning.listSeriesDates(saved.value.series.id)) {
			const board = await boardOf(server, claim.mealId!);
			expect(board.meta).toMatchObject({
				canteenId: id,
				title: 'Déjeuner partagé',
				date: claim.date,
				time: '12:00',
				status: 'planned',
				plan: { durationMinutes: 90, capacity: 40, pricePerPlateCents: 350, menu: { dishes: [] } }
			});
			// The canteen had no templates: it got the default set, in board order, icons included.
			expect(board.tasks.map((t) => [t.title.fr, t.slots, t.icon, t.status, t.claims.length])).toEqual(
				DEFAULT_TEMPLATES.map((t) => [t.title.fr, t.slots, t.icon, 'open', 0])
			);
		}
	});

	it('is idempotent and converges as the days pass', async () => {
		clock = paris('2030-03-25', '10:00');
		const { id, user } = await canteen();
		const saved = await series.create(user, id, lunches());
		if (!saved.ok) throw new Error(saved.reason);
		const seriesId = saved.value.series.id;
		expect((await series.topUp()).created).toBe(0);
		expect((await series.topUp()).created).toBe(0);
		expect(await storage.meals.listMeals(id)).toHaveLength(8);

		// A week later, two more dates enter the window; nothing already there is made again.
		clock = paris('2030-04-01', '09:00');
		expect((await series.topUp()).created).toBe(2);
		expect((await mealDates(storage, seriesId)).slice(-2)).toEqual(['2030-04-23', '2030-04-25']);
		expect(await storage.meals.listMeals(id)).toHaveLength(10);
		expect((await series.topUp()).created).toBe(0);
	});

	it('does not create today’s meal once its time has passed, and skips holidays', async () => {
		clock = paris('2030-03-26', '12:30'); // a Tuesday, after noon
		const { id, user } = await canteen();
		const saved = await series.create(user, id, lunches({ skipDates: ['2030-04-02'], endDate: '2030-04-09' }));
		if (!saved.ok) throw new Error(saved.reason);
		expect(await mealDates(storage, saved.value.series.id)).toEqual(['2030-03-28', '2030-04-04', '2030-04-09']);
	});

	it('uses the canteen’s local today and time: Paris, not the server’s UTC', async () => {
		// Sunday 23:30 UTC is Monday 00:30 in Paris: a Monday meal at 00:15 has already started.
		clock = Date.UTC(2030, 2, 24, 23, 30);
		const { id, user } = await canteen();
		const saved = await series.create(user, id, {
			...lunches({ weekdays: [1], time: '00:15', startDate: '2030-03-18' }),
			defaults: { title: 'Soupe de minuit', durationMinutes: 60, capacity: 20, pricePerPlateCents: 0 }
		});
		if (!saved.ok) throw new Error(saved.reason);
		expect(await mealDates(storage, saved.value.series.id)).toEqual(['2030-04-01', '2030-04-08', '2030-04-15']);
	});

	it('gets the night the clocks go forward right (31 March 2030, 02:00 → 03:00)', async () => {
		// A Sunday meal at 02:30 (a time that does not exist that night, kept as written).
		const rule = lunches({ weekdays: [7], time: '02:30', startDate: '2030-03-31', endDate: '2030-04-07' });
		// 00:45 UTC is 01:45 in Paris, before the change: the 02:30 meal is still ahead.
		clock = Date.UTC(2030, 2, 31, 0, 45);
		const before = await canteen();
		const early = await series.create(before.user, before.id, rule);
		if (!early.ok) throw new Error(early.reason);
		expect(await mealDates(storage, early.value.series.id)).toEqual(['2030-03-31', '2030-04-07']);
		// 01:15 UTC is 03:15 summer time: today's 02:30 has gone by.
		clock = Date.UTC(2030, 2, 31, 1, 15);
		const after = await canteen();
		const late = await series.create(after.user, after.id, rule);
		if (!late.ok) throw new Error(late.reason);
		expect(await mealDates(storage, late.value.series.id)).toEqual(['2030-04-07']);
		const [meal] = await storage.planning.listSeriesDates(late.value.series.id);
		expect((await boardOf(server, meal!.mealId!)).meta).toMatchObject({ date: '2030-04-07', time: '02:30' });
	});

	it('creates the autumn week’s meals at their wall-clock time (27 October 2030, 03:00 → 02:00)', async () => {
		clock = paris('2030-10-21', '08:00');
		const { id, user } = await canteen();
		const saved = await series.create(
			user,
			id,
			lunches({ weekdays: [6, 7, 1], startDate: '2030-10-26', endDate: '2030-10-28' })
		);
		if (!saved.ok) throw new Error(saved.reason);
		const claims = await storage.planning.listSeriesDates(saved.value.series.id);
		expect(claims.map((c) => c.date)).toEqual(['2030-10-26', '2030-10-27', '2030-10-28']);
		for (const c of claims) expect((await boardOf(server, c.mealId!)).meta?.time).toBe('12:00');
	});

	it('creates nothing while paused, and tops up at once when resumed', async () => {
		clock = paris('2030-03-25', '10:00');
		const { id, user } = await canteen();
		const saved = await series.create(user, id, lunches({ endDate: '2030-03-28' }));
		if (!saved.ok) throw new Error(saved.reason);
		const seriesId = saved.value.series.id;
		expect(await storage.meals.listMeals(id)).toHaveLength(2);
		await series.setPaused(user, id, seriesId, true);
		await series.update(user, id, seriesId, lunches({ endDate: '2030-04-04' }));
		expect((await series.topUp()).created).toBe(0);
		expect(await storage.meals.listMeals(id)).toHaveLength(2);
		const resumed = await series.setPaused(user, id, seriesId, false);
		expect(resumed).toMatchObject({ ok: true, value: { created: 2 } });
		expect(await mealDates(storage, seriesId)).toEqual(['2030-03-26', '2030-03-28', '2030-04-02', '2030-04-04']);
	});

	it('gives a date back only when its claim never got a meal and has gone stale', async () => {
		clock = paris('2030-03-25', '10:00');
		const { id, user } = await canteen();
		const saved = await series.create(user, id, lunches({ endDate: '2030-03-25' }));
		if (!saved.ok) throw new Error(saved.reason);
		const seriesId = saved.value.series.id;
		expect(saved.value.created).toBe(0);
		// As if two processes had claimed these dates: one died 11 minutes ago, one is at work now.
		await storage.planning.claimSeriesDate({ seriesId, date: '2030-03-26', at: clock - 11 * 60_000, staleBefore: 0 });
		await storage.planning.claimSeriesDate({ seriesId, date: '2030-03-28', at: clock - 60_000, staleBefore: 0 });
		await series.update(user, id, seriesId, lunches({ endDate: '2030-03-28' }));
		const claims = await storage.planning.listSeriesDates(seriesId);
		expect(claims.map((c) => [c.date, c.mealId !== null])).toEqual([
			['2030-03-26', true],
			['2030-03-28', false]
		]);
		expect(await storage.meals.listMeals(id)).toHaveLength(1);
	});

	it('never brings back a claimed date, and leaves the meals of a deleted series alone', async () => {
		clock = paris('2030-03-25', '10:00');
		const { id, user } = await canteen();
		const saved = await series.create(user, id, lunches({ endDate: '2030-03-28' }));
		if (!saved.ok) throw new Error(saved.reason);
		const seriesId = saved.value.series.id;
		// Adding an already-created date to the skip dates does not delete its meal…
		await series.update(user, id, seriesId, lunches({ endDate: '2030-03-28', skipDates: ['2030-03-26'] }));
		expect(await mealDates(storage, seriesId)).toEqual(['2030-03-26', '2030-03-28']);
		// …and removing it again does not make a second one.
		await series.update(user, id, seriesId, lunches({ endDate: '2030-03-28' }));
		expect(await storage.meals.listMeals(id)).toHaveLength(2);
		expect(await series.remove(user, id, seriesId)).toEqual({ ok: true, value: undefined });
		expect((await series.topUp()).created).toBe(0);
		expect(await storage.meals.listMeals(id)).toHaveLength(2);
	});

	it('gives new meals the templates as they are now; boards already made stay as they were', async () => {
		clock = paris('2030-03-25', '10:00');
		const { id, user } = await canteen();
		const listed = await server.tablee.templates.list(user, id);
		if (!listed.ok) throw new Error(listed.reason);
		for (const t of listed.value.slice(1)) await server.tablee.templates.remove(user, id, t.id);
		const saved = await series.create(user, id, lunches({ endDate: '2030-03-26' }));
		if (!saved.ok) throw new Error(saved.reason);
		await server.tablee.templates.create(user, id, {
			kind: 'dishes',
			title: { fr: 'Vaisselle', en: 'Dishes' },
			slots: 2,
			phase: 'after',
			icon: '🧽',
			order: 0
		});
		await series.update(user, id, saved.value.series.id, lunches({ endDate: '2030-03-28' }));
		const [first, second] = await storage.planning.listSeriesDates(saved.value.series.id);
		expect((await boardOf(server, first!.mealId!)).tasks.map((t) => t.title.fr)).toEqual([
			DEFAULT_TEMPLATES[0]!.title.fr
		]);
		expect((await boardOf(server, second!.mealId!)).tasks.map((t) => [t.title.fr, t.icon])).toEqual([
			[DEFAULT_TEMPLATES[0]!.title.fr, DEFAULT_TEMPLATES[0]!.icon],
			['Vaisselle', '🧽']
		]);
	});

	it('refuses a meal that would end after midnight, and people of other canteens', async () => {
		clock = paris('2030-03-25', '10:00');
		const { id, user } = await canteen();
		const other = await canteen();
		const late = await series.create(user, id, {
			...lunches({ time: '23:00' }),
			defaults: { ...lunches().defaults, durationMinutes: 90 }
		});
		expect(late).toEqual({ ok: false, reason: 'ends_after_midnight' });
		expect(await series.create(other.user, id, lunches())).toEqual({ ok: false, reason: 'forbidden' });
		expect(await series.create(undefined, id, lunches())).toEqual({ ok: false, reason: 'forbidden' });
		expect(await storage.planning.listSeries(id)).toEqual([]);
		expect(await storage.meals.listMeals(id)).toEqual([]);
	});
});

describe('two Tablée instances on one SQLite file', () => {
	const dirs: string[] = [];
	afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

	it('top up at the same moment and make exactly one meal per series date', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'tablee-race-'));
		dirs.push(dataDir);
		const setup = openSqliteStorage({ dataDir });
		await setup.meals.createCanteen({ id: 'c1', name: 'Canal', createdAt: 1 });
		const record = (id: string, weekdays: number[]): SeriesRecord => ({
			id,
			canteenId: 'c1',
			rule: { weekdays, time: '12:00', startDate: '2030-03-25' },
			defaults: { title: 'Déjeuner', durationMinutes: 90, capacity: 40, pricePerPlateCents: 300 },
			paused: false,
			createdBy: 'u1',
			createdAt: 1
		});
		await setup.planning.createSeries(record('s1', [2, 4]));
		await setup.planning.createSeries(record('s2', [1, 2, 3, 4, 5]));
		await setup.close();

		const now = () => paris('2030-03-25', '10:00');
		const log = createLogger('silent');
		// Each instance tops up as it starts: the two first runs already race.
		const a = createTablee({ storage: openSqliteStorage({ dataDir }), log, planning: { now } });
		const b = createTablee({ storage: openSqliteStorage({ dataDir }), log, planning: { now } });
		const runs = await Promise.all([a.series.topUp(), b.series.topUp(), a.series.topUp(), b.series.topUp()]);
		await Promise.all([a.close(), b.close()]);
		expect(runs.every((r) => r.failed === 0)).toBe(true);

		const storage = openSqliteStorage({ dataDir });
		try {
			const s1 = await storage.planning.listSeriesDates('s1');
			const s2 = await storage.planning.listSeriesDates('s2');
			expect(s1).toHaveLength(8);
			// Monday 25 March is today, still before noon: 20 weekdays from it.
			expect(s2).toHaveLength(20);
			expect([...s1, ...s2].every((d) => d.mealId !== null)).toBe(true);
			const meals = await storage.meals.listMeals('c1');
			expect(meals).toHaveLength(28);
			expect(new Set([...s1, ...s2].map((d) => d.mealId)).size).toBe(28);
		} finally {
			await storage.close();
		}
	});
});
