/** Contract: Task templates, recurring series and their claimed dates (server/storage/planning.ts). */
import { describe, expect, it } from 'vitest';
import type { SeriesRecord } from '../../../server/storage/storage.ts';
import type { TaskTemplate } from '../../../src/lib/domain/templates.ts';
import { useStorage, type StorageTarget } from './storage-target.ts';

export function planningContract(name: string, target: StorageTarget) {
	describe(`planning repository: ${name}`, () => {
		const { reopen, withMeal, withCanteens } = useStorage(target);

		const template = (over: Partial<TaskTemplate> = {}): TaskTemplate => ({
			id: 'tp1',
			canteenId: 'c1',
			kind: 'cooking',
			title: { fr: 'Éplucher', en: 'Peel' },
			slots: 3,
			phase: 'before',
			icon: '🥕',
			order: 0,
			...over
		});

		const series = (over: Partial<SeriesRecord> = {}): SeriesRecord => ({
			id: 's1',
			canteenId: 'c1',
			rule: { weekdays: [2, 4], time: '12:00', startDate: '2030-03-25', skipDates: ['2030-04-02'] },
			defaults: { title: 'Déjeuner', durationMinutes: 90, capacity: 40, pricePerPlateCents: 350 },
			paused: false,
			createdBy: 'u1',
			createdAt: 10,
			...over
		});

		it('lists a canteen’s task templates in board order: phase, then order, then id', async () => {
			const storage = await withCanteens();
			expect(await storage.planning.listTaskTemplates('c1')).toEqual([]);
			await storage.planning.createTaskTemplate(template({ id: 'wash', phase: 'after', order: 0 }));
			await storage.planning.createTaskTemplate(template({ id: 'b', phase: 'before', order: 1 }));
			await storage.planning.createTaskTemplate(template({ id: 'a', phase: 'before', order: 1 }));
			await storage.planning.createTaskTemplate(template({ id: 'first', phase: 'before', order: 0 }));
			await storage.planning.createTaskTemplate(template({ id: 'welcome', phase: 'during', order: 7 }));
			await storage.planning.createTaskTemplate(template({ id: 'other', canteenId: 'c2' }));
			expect((await storage.planning.listTaskTemplates('c1')).map((t) => t.id)).toEqual([
				'first',
				'a',
				'b',
				'welcome',
				'wash'
			]);
			expect(await storage.planning.listTaskTemplates('c2')).toEqual([template({ id: 'other', canteenId: 'c2' })]);
		});

		it('updates and deletes a template only within its canteen', async () => {
			const storage = await withCanteens();
			await storage.planning.createTaskTemplate(template());
			const edited = template({ kind: 'dishes', title: { fr: 'Laver', en: '' }, slots: 2, phase: 'after', icon: '🧽' });
			expect(await storage.planning.updateTaskTemplate({ ...edited, canteenId: 'c2' })).toBe(false);
			expect(await storage.planning.listTaskTemplates('c1')).toEqual([template()]);
			expect(await storage.planning.updateTaskTemplate(edited)).toBe(true);
			expect(await storage.planning.listTaskTemplates('c1')).toEqual([edited]);
			expect(await storage.planning.updateTaskTemplate(template({ id: 'nope' }))).toBe(false);
			expect(await storage.planning.deleteTaskTemplate('c2', 'tp1')).toBe(false);
			expect(await storage.planning.deleteTaskTemplate('c1', 'tp1')).toBe(true);
			expect(await storage.planning.deleteTaskTemplate('c1', 'tp1')).toBe(false);
			expect(await storage.planning.listTaskTemplates('c1')).toEqual([]);
		});

		it('seeds a template set once, never over a set started by hand, even when asked twice at once', async () => {
			const storage = await withCanteens();
			const set = [template({ id: 'x1' }), template({ id: 'x2', order: 1 })];
			const results = await Promise.all([
				storage.planning.seedTaskTemplates('c1', set),
				storage.planning.seedTaskTemplates('c1', [template({ id: 'y1' })])
			]);
			expect(results.filter(Boolean)).toHaveLength(1);
			expect((await storage.planning.listTaskTemplates('c1')).length).toBeGreaterThan(0);
			// A set emptied by hand stays empty: it is not seeded again.
			for (const t of await storage.planning.listTaskTemplates('c1'))
				await storage.planning.deleteTaskTemplate('c1', t.id);
			expect(await storage.planning.seedTaskTemplates('c1', set)).toBe(false);
			expect(await storage.planning.listTaskTemplates('c1')).toEqual([]);
			// A canteen whose first template was added by hand is not seeded either.
			await storage.planning.createTaskTemplate(template({ id: 'own', canteenId: 'c2' }));
			expect(await storage.planning.seedTaskTemplates('c2', set)).toBe(false);
			expect((await storage.planning.listTaskTemplates('c2')).map((t) => t.id)).toEqual(['own']);
		});

		it('reorders templates all or nothing', async () => {
			const storage = await withCanteens();
			for (const [i, id] of ['a', 'b', 'c'].entries())
				await storage.planning.createTaskTemplate(template({ id, order: i }));
			await storage.planning.createTaskTemplate(template({ id: 'theirs', canteenId: 'c2' }));
			expect(await storage.planning.reorderTaskTemplates('c1', ['c', 'a', 'b'])).toBe(true);
			expect((await storage.planning.listTaskTemplates('c1')).map((t) => [t.id, t.order])).toEqual([
				['c', 0],
				['a', 1],
				['b', 2]
			]);
			// Another canteen's template, an unknown id or a repeat: refused, nothing moved.
			expect(await storage.planning.reorderTaskTemplates('c1', ['b', 'theirs'])).toBe(false);
			expect(await storage.planning.reorderTaskTemplates('c1', ['b', 'nope'])).toBe(false);
			expect(await storage.planning.reorderTaskTemplates('c1', ['b', 'b'])).toBe(false);
			expect((await storage.planning.listTaskTemplates('c1')).map((t) => t.id)).toEqual(['c', 'a', 'b']);
		});

		it('replaces a canteen’s whole set in one step', async () => {
			const storage = await withCanteens();
			await storage.planning.createTaskTemplate(template({ id: 'old' }));
			await storage.planning.createTaskTemplate(template({ id: 'keep', canteenId: 'c2' }));
			await storage.planning.replaceTaskTemplates('c1', [
				template({ id: 'n1' }),
				template({ id: 'n2', phase: 'after' })
			]);
			expect((await storage.planning.listTaskTemplates('c1')).map((t) => t.id)).toEqual(['n1', 'n2']);
			expect((await storage.planning.listTaskTemplates('c2')).map((t) => t.id)).toEqual(['keep']);
			// A replaced set counts as started: seeding does not add to it.
			await storage.planning.replaceTaskTemplates('c1', []);
			expect(await storage.planning.seedTaskTemplates('c1', [template({ id: 'n3' })])).toBe(false);
			expect(await storage.planning.listTaskTemplates('c1')).toEqual([]);
		});

		it('keeps series per canteen, updates and deletes them within their canteen', async () => {
			const storage = await withCanteens();
			await storage.planning.createSeries(series());
			await storage.planning.createSeries(series({ id: 's0', createdAt: 5, paused: true }));
			await storage.planning.createSeries(series({ id: 's2', canteenId: 'c2', createdAt: 20 }));
			expect(await storage.planning.getSeries('s1')).toEqual(series());
			expect(await storage.planning.getSeries('nope')).toBeUndefined();
			expect((await storage.planning.listSeries('c1')).map((s) => s.id)).toEqual(['s0', 's1']);
			expect((await storage.planning.listActiveSeries()).map((s) => s.id)).toEqual(['s1', 's2']);

			const menu = { dishes: [] };
			const edited = series({
				rule: { weekdays: [1], time: '19:30', startDate: '2030-04-01', endDate: '2030-06-30' },
				defaults: { title: 'Dîner', durationMinutes: 120, capacity: 20, pricePerPlateCents: 0, menu },
				paused: true
			});
			expect(await storage.planning.updateSeries({ ...edited, canteenId: 'c2' })).toBe(false);
			expect(await storage.planning.getSeries('s1')).toEqual(series());
			expect(await storage.planning.updateSeries(edited)).toBe(true);
			expect(await storage.planning.getSeries('s1')).toEqual(edited);
			expect((await storage.planning.listActiveSeries()).map((s) => s.id)).toEqual(['s2']);

			expect(await storage.planning.deleteSeries('c2', 's1')).toBe(false);
			expect(await storage.planning.deleteSeries('c1', 's1')).toBe(true);
			expect(await storage.planning.deleteSeries('c1', 's1')).toBe(false);
			expect(await storage.planning.getSeries('s1')).toBeUndefined();
		});

		it('claims a series date once, records its meal, and lists claims by date', async () => {
			const storage = await withMeal();
			await storage.planning.createSeries(series());
			const claim = { seriesId: 's1', at: 100, staleBefore: 0 };
			expect(await storage.planning.claimSeriesDate({ ...claim, date: '2030-03-28' })).toBe(true);
			expect(await storage.planning.claimSeriesDate({ ...claim, date: '2030-03-26' })).toBe(true);
			expect(await storage.planning.claimSeriesDate({ ...claim, date: '2030-03-26', at: 101 })).toBe(false);
			expect(
				await storage.planning.recordSeriesMeal({ seriesId: 's1', date: '2030-03-26', claimedAt: 99, mealId: 'meal1' })
			).toBe(false);
			expect(
				await storage.planning.recordSeriesMeal({ seriesId: 's1', date: '2030-03-26', claimedAt: 100, mealId: 'meal1' })
			).toBe(true);
			expect(await storage.planning.listSeriesDates('s1')).toEqual([
				{ seriesId: 's1', date: '2030-03-26', mealId: 'meal1', claimedAt: 100, cancelled: false },
				{ seriesId: 's1', date: '2030-03-28', mealId: null, claimedAt: 100, cancelled: false }
			]);
			expect(await storage.planning.listSeriesDates('nope')).toEqual([]);
		});

		it('gives a series date to exactly one of many concurrent claims', async () => {
			const storage = await withCanteens();
			await storage.planning.createSeries(series());
			const results = await Promise.all(
				Array.from({ length: 20 }, (_, i) =>
					storage.planning.claimSeriesDate({ seriesId: 's1', date: '2030-03-26', at: 100 + i, staleBefore: 0 })
				)
			);
			expect(results.filter(Boolean)).toHaveLength(1);
			expect(await storage.planning.listSeriesDates('s1')).toHaveLength(1);
		});

		it('lets a claim that never got its meal be taken again once stale, never one with a meal', async () => {
			const storage = await withMeal();
			await storage.planning.createSeries(series());
			const date = '2030-03-26';
			expect(await storage.planning.claimSeriesDate({ seriesId: 's1', date, at: 100, staleBefore: 0 })).toBe(true);
			// Not stale yet: another process must wait.
			expect(await storage.planning.claimSeriesDate({ seriesId: 's1', date, at: 150, staleBefore: 100 })).toBe(false);
			// Stale: one of two concurrent retakes wins, and the first holder can no longer record.
			const retakes = await Promise.all([
				storage.planning.claimSeriesDate({ seriesId: 's1', date, at: 700, staleBefore: 600 }),
				storage.planning.claimSeriesDate({ seriesId: 's1', date, at: 701, staleBefore: 601 })
			]);
			expect(retakes.filter(Boolean)).toHaveLength(1);
			const holder = (await storage.planning.listSeriesDates('s1'))[0]!.claimedAt;
			expect(await storage.planning.recordSeriesMeal({ seriesId: 's1', date, claimedAt: 100, mealId: 'meal1' })).toBe(
				false
			);
			expect(
				await storage.planning.recordSeriesMeal({ seriesId: 's1', date, claimedAt: holder, mealId: 'meal1' })
			).toBe(true);
			expect(await storage.planning.claimSeriesDate({ seriesId: 's1', date, at: 9e12, staleBefore: 9e12 })).toBe(false);
			expect(await storage.planning.listSeriesDates('s1')).toEqual([
				{ seriesId: 's1', date, mealId: 'meal1', claimedAt: holder, cancelled: false }
			]);
		});

		it("keeps a cancelled series meal's date claimed for good, and deletes what named the meal", async () => {
			const storage = await withMeal();
			await storage.planning.createSeries(series());
			const date = '2030-03-26';
			expect(await storage.planning.claimSeriesDate({ seriesId: 's1', date, at: 100, staleBefore: 0 })).toBe(true);
			expect(await storage.planning.recordSeriesMeal({ seriesId: 's1', date, claimedAt: 100, mealId: 'meal1' })).toBe(
				true
			);
			await storage.meals.createScreenLink({ keyHash: 'k'.repeat(64), mealId: 'meal1', createdAt: 1 });
			expect(await storage.meals.deleteMealIfUnjoined('meal1')).toBe(true);
			expect(await storage.meals.hasScreenLink('meal1', 'k'.repeat(64))).toBe(false);
			expect(await storage.planning.listSeriesDates('s1')).toEqual([
				{ seriesId: 's1', date, mealId: null, claimedAt: 100, cancelled: true }
			]);
			// However stale the claim looks, the date does not get a second meal.
			expect(await storage.planning.claimSeriesDate({ seriesId: 's1', date, at: 9e12, staleBefore: 9e12 })).toBe(false);
		});

		it('claims no date of a paused or unknown series, and forgets a deleted series’ claims', async () => {
			const storage = await withCanteens();
			await storage.planning.createSeries(series({ paused: true }));
			const claim = { seriesId: 's1', date: '2030-03-26', at: 100, staleBefore: 0 };
			expect(await storage.planning.claimSeriesDate(claim)).toBe(false);
			expect(await storage.planning.claimSeriesDate({ ...claim, seriesId: 'nope' })).toBe(false);
			await storage.planning.updateSeries(series());
			expect(await storage.planning.claimSeriesDate(claim)).toBe(true);
			await storage.planning.deleteSeries('c1', 's1');
			expect(await storage.planning.listSeriesDates('s1')).toEqual([]);
			expect(await storage.planning.claimSeriesDate(claim)).toBe(false);
		});

		if (reopen)
			it('keeps templates, series and claimed dates across a reopen', async () => {
				const storage = await withCanteens();
				await storage.planning.createTaskTemplate(template());
				await storage.planning.createSeries(series());
				await storage.planning.claimSeriesDate({ seriesId: 's1', date: '2030-03-26', at: 100, staleBefore: 0 });
				const again = await reopen!(storage);
				expect(await again.planning.listTaskTemplates('c1')).toEqual([template()]);
				expect(await again.planning.getSeries('s1')).toEqual(series());
				expect((await again.planning.listSeriesDates('s1')).map((d) => d.date)).toEqual(['2030-03-26']);
				expect(
					await again.planning.claimSeriesDate({ seriesId: 's1', date: '2030-03-26', at: 200, staleBefore: 0 })
				).toBe(false);
			});
	});
}
