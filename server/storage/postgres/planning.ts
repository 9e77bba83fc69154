/**
 * Planning in PostgreSQL: task templates per canteen, recurring series and the dates each
 * series claimed. Every write that must not half-happen (seeding a set, a reorder, a
 * reset, a claim) is one serializable transaction; a claim is decided by the primary key
 * (series_id, date), whichever instance asks.
 */
import { sortTemplates, type TaskTemplate } from '../../../src/lib/domain/templates.ts';
import type { PlanningRepository } from '../planning.ts';
// The columns are SQLite's (paused and cancelled as 0/1), so rows read the same way.
import { toSeries, toSeriesDate, toTemplate } from '../sqlite/planning.ts';
import type { Database, Queryable } from './db.ts';

type TemplateRow = Parameters<typeof toTemplate>[0];
type SeriesRow = Parameters<typeof toSeries>[0];
type SeriesDateRow = Parameters<typeof toSeriesDate>[0];

const insertTemplate = (tx: Queryable, t: TaskTemplate) =>
	tx.query(
		`insert into task_templates (id, canteen_id, kind, title_fr, title_en, slots, phase, icon, position)
		 values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		[t.id, t.canteenId, t.kind, t.title.fr, t.title.en, t.slots, t.phase, t.icon, t.order]
	);

const startTemplateSet = (tx: Queryable, canteenId: string) =>
	tx.query('insert into template_sets (canteen_id, started_at) values ($1, $2) on conflict do nothing', [
		canteenId,
		Date.now()
	]);

export function postgresPlanning(db: Database): PlanningRepository {
	const templatesOf = async (q: Queryable, canteenId: string) =>
		(await q.query<TemplateRow>('select * from task_templates where canteen_id = $1', [canteenId])).rows;
	const seriesRows = async (text: string, params: unknown[] = []) =>
		(await db.query<SeriesRow>(text, params)).rows.map(toSeries);
	return {
		async listTaskTemplates(canteenId) {
			return sortTemplates((await templatesOf(db, canteenId)).map(toTemplate));
		},
		async seedTaskTemplates(canteenId, templates) {
			return db.transaction(async (tx) => {
				const started = await tx.query('select 1 from template_sets where canteen_id = $1', [canteenId]);
				if (started.rowCount > 0) return false;
				await startTemplateSet(tx, canteenId);
				for (const t of templates) await insertTemplate(tx, { ...t, canteenId });
				return true;
			});
		},
		async createTaskTemplate(template) {
			await db.transaction(async (tx) => {
				await startTemplateSet(tx, template.canteenId);
				await insertTemplate(tx, template);
			});
		},
		async updateTaskTemplate(t) {
			const { rowCount } = await db.query(
				`update task_templates set kind = $1, title_fr = $2, title_en = $3, slots = $4, phase = $5, icon = $6,
				 position = $7 where id = $8 and canteen_id = $9`,
				[t.kind, t.title.fr, t.title.en, t.slots, t.phase, t.icon, t.order, t.id, t.canteenId]
			);
			return rowCount > 0;
		},
		async deleteTaskTemplate(canteenId, templateId) {
			return (
				(await db.query('delete from task_templates where canteen_id = $1 and id = $2', [canteenId, templateId]))
					.rowCount > 0
			);
		},
		async reorderTaskTemplates(canteenId, orderedIds) {
			return db.transaction(async (tx) => {
				const own = new Set((await templatesOf(tx, canteenId)).map((r) => r.id));
				if (new Set(orderedIds).size !== orderedIds.length || !orderedIds.every((id) => own.has(id))) return false;
				for (const [index, id] of orderedIds.entries()) {
					await tx.query('update task_templates set position = $1 where canteen_id = $2 and id = $3', [
						index,
						canteenId,
						id
					]);
				}
				return true;
			});
		},
		async replaceTaskTemplates(canteenId, templates) {
			await db.transaction(async (tx) => {
				await startTemplateSet(tx, canteenId);
				await tx.query('delete from task_templates where canteen_id = $1', [canteenId]);
				for (const t of templates) await insertTemplate(tx, { ...t, canteenId });
			});
		},
		async createSeries(s) {
			await db.query(
				`insert into meal_series (id, canteen_id, rule, defaults, paused, created_by, created_at)
				 values ($1, $2, $3, $4, $5, $6, $7)`,
				[
					s.id,
					s.canteenId,
					JSON.stringify(s.rule),
					JSON.stringify(s.defaults),
					s.paused ? 1 : 0,
					s.createdBy,
					s.createdAt
				]
			);
		},
		async getSeries(id) {
			return (await seriesRows('select * from meal_series where id = $1', [id]))[0];
		},
		async listSeries(canteenId) {
			return seriesRows('select * from meal_series where canteen_id = $1 order by created_at, id', [canteenId]);
		},
		async listActiveSeries() {
			return seriesRows('select * from meal_series where paused = 0 order by created_at, id');
		},
		async updateSeries(s) {
			const { rowCount } = await db.query(
				'update meal_series set rule = $1, defaults = $2, paused = $3 where id = $4 and canteen_id = $5',
				[JSON.stringify(s.rule), JSON.stringify(s.defaults), s.paused ? 1 : 0, s.id, s.canteenId]
			);
			return rowCount > 0;
		},
		async deleteSeries(canteenId, seriesId) {
			return (
				(await db.query('delete from meal_series where canteen_id = $1 and id = $2', [canteenId, seriesId])).rowCount >
				0
			);
		},
		async claimSeriesDate({ seriesId, date, at, staleBefore }) {
			return db.transaction(async (tx) => {
				const [series] = (await tx.query<SeriesRow>('select * from meal_series where id = $1', [seriesId])).rows;
				if (!series || series.paused === 1) return false;
				const inserted = await tx.query(
					`insert into series_dates (series_id, date, meal_id, claimed_at) values ($1, $2, null, $3)
					 on conflict do nothing`,
					[seriesId, date, at]
				);
				if (inserted.rowCount > 0) return true;
				const retaken = await tx.query(
					`update series_dates set claimed_at = $1
					 where series_id = $2 and date = $3 and meal_id is null and cancelled = 0 and claimed_at < $4`,
					[at, seriesId, date, staleBefore]
				);
				return retaken.rowCount > 0;
			});
		},
		async recordSeriesMeal({ seriesId, date, claimedAt, mealId }) {
			const { rowCount } = await db.query(
				`update series_dates set meal_id = $1
				 where series_id = $2 and date = $3 and claimed_at = $4 and meal_id is null`,
				[mealId, seriesId, date, claimedAt]
			);
			return rowCount > 0;
		},
		async listSeriesDates(seriesId) {
			const { rows } = await db.query<SeriesDateRow>('select * from series_dates where series_id = $1 order by date', [
				seriesId
			]);
			return rows.map(toSeriesDate);
		}
	};
}
