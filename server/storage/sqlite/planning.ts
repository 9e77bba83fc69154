/**
 * Planning in SQLite: task templates per canteen, recurring series and the dates each
 * series claimed (tables from the planning migration in migrations.ts).
 *
 * Every write that must not half-happen (seeding a set, a reorder, a reset, a claim) is
 * one transaction. better-sqlite3 is synchronous and SQLite serialises writers across
 * processes, so a claim is decided by the primary key (series_id, date) whoever asks.
 */
import type Database from 'better-sqlite3';
import { sortTemplates, type TaskTemplate, type TemplatePhase } from '../../../src/lib/domain/templates.ts';
import type { LocalizedText, TaskKind } from '../../../src/lib/domain/types.ts';
import type { PlanningRepository, SeriesDateRecord, SeriesRecord } from '../planning.ts';

interface TemplateRow {
	id: string;
	canteen_id: string;
	kind: TaskKind;
	title_fr: string;
	title_en: string;
	slots: number;
	phase: TemplatePhase;
	icon: string;
	position: number;
}

interface SeriesRow {
	id: string;
	canteen_id: string;
	rule: string;
	defaults: string;
	paused: 0 | 1;
	created_by: string;
	created_at: number;
}

interface SeriesDateRow {
	series_id: string;
	date: string;
	meal_id: string | null;
	cancelled: number;
	claimed_at: number;
}

export const toTemplate = (r: TemplateRow): TaskTemplate => ({
	id: r.id,
	canteenId: r.canteen_id,
	kind: r.kind,
	title: { fr: r.title_fr, en: r.title_en } satisfies LocalizedText,
	slots: r.slots,
	phase: r.phase,
	icon: r.icon,
	order: r.position
});

export const toSeries = (r: SeriesRow): SeriesRecord => ({
	id: r.id,
	canteenId: r.canteen_id,
	rule: JSON.parse(r.rule) as SeriesRecord['rule'],
	defaults: JSON.parse(r.defaults) as SeriesRecord['defaults'],
	paused: r.paused === 1,
	createdBy: r.created_by,
	createdAt: r.created_at
});

export const toSeriesDate = (r: SeriesDateRow): SeriesDateRecord => ({
	seriesId: r.series_id,
	date: r.date,
	mealId: r.meal_id,
	cancelled: r.cancelled === 1,
	claimedAt: r.claimed_at
});

export function sqlitePlanning(db: Database.Database): PlanningRepository {
	const q = {
		listTemplates: db.prepare<[string], TemplateRow>('select * from task_templates where canteen_id = ?'),
		insertTemplate: db.prepare(
			`insert into task_templates (id, canteen_id, kind, title_fr, title_en, slots, phase, icon, position)
			 values (@id, @canteenId, @kind, @titleFr, @titleEn, @slots, @phase, @icon, @order)`
		),
		updateTemplate: db.prepare(
			`update task_templates set kind = @kind, title_fr = @titleFr, title_en = @titleEn, slots = @slots,
			 phase = @phase, icon = @icon, position = @order where id = @id and canteen_id = @canteenId`
		),
		deleteTemplate: db.prepare('delete from task_templates where canteen_id = ? and id = ?'),
		deleteTemplates: db.prepare('delete from task_templates where canteen_id = ?'),
		setPosition: db.prepare('update task_templates set position = ? where canteen_id = ? and id = ?'),
		templateSet: db.prepare<[string], { started_at: number }>(
			'select started_at from template_sets where canteen_id = ?'
		),
		startTemplateSet: db.prepare(
			'insert into template_sets (canteen_id, started_at) values (?, ?) on conflict do nothing'
		),
		insertSeries: db.prepare(
			`insert into meal_series (id, canteen_id, rule, defaults, paused, created_by, created_at)
			 values (?, ?, ?, ?, ?, ?, ?)`
		),
		getSeries: db.prepare<[string], SeriesRow>('select * from meal_series where id = ?'),
		listSeries: db.prepare<[string], SeriesRow>(
			'select * from meal_series where canteen_id = ? order by created_at, id'
		),
		listActiveSeries: db.prepare<[], SeriesRow>('select * from meal_series where paused = 0 order by created_at, id'),
		updateSeries: db.prepare(
			'update meal_series set rule = ?, defaults = ?, paused = ? where id = ? and canteen_id = ?'
		),
		deleteSeries: db.prepare('delete from meal_series where canteen_id = ? and id = ?'),
		getSeriesDate: db.prepare<[string, string], SeriesDateRow>(
			'select * from series_dates where series_id = ? and date = ?'
		),
		insertSeriesDate: db.prepare(
			'insert into series_dates (series_id, date, meal_id, claimed_at) values (?, ?, null, ?)'
		),
		retakeSeriesDate: db.prepare(
			`update series_dates set claimed_at = ?
			 where series_id = ? and date = ? and meal_id is null and cancelled = 0 and claimed_at < ?`
		),
		recordSeriesMeal: db.prepare(
			`update series_dates set meal_id = ?
			 where series_id = ? and date = ? and claimed_at = ? and meal_id is null`
		),
		listSeriesDates: db.prepare<[string], SeriesDateRow>('select * from series_dates where series_id = ? order by date')
	};

	const templateParams = (t: TaskTemplate) => ({
		id: t.id,
		canteenId: t.canteenId,
		kind: t.kind,
		titleFr: t.title.fr,
		titleEn: t.title.en,
		slots: t.slots,
		phase: t.phase,
		icon: t.icon,
		order: t.order
	});

	const seed = db.transaction((canteenId: string, templates: TaskTemplate[]) => {
		if (q.templateSet.get(canteenId)) return false;
		q.startTemplateSet.run(canteenId, Date.now());
		for (const t of templates) q.insertTemplate.run(templateParams({ ...t, canteenId }));
		return true;
	});

	const create = db.transaction((t: TaskTemplate) => {
		q.startTemplateSet.run(t.canteenId, Date.now());
		q.insertTemplate.run(templateParams(t));
	});

	const reorder = db.transaction((canteenId: string, orderedIds: string[]) => {
		const own = new Set(q.listTemplates.all(canteenId).map((r) => r.id));
		if (new Set(orderedIds).size !== orderedIds.length || !orderedIds.every((id) => own.has(id))) return false;
		orderedIds.forEach((id, index) => q.setPosition.run(index, canteenId, id));
		return true;
	});

	const replace = db.transaction((canteenId: string, templates: TaskTemplate[]) => {
		q.startTemplateSet.run(canteenId, Date.now());
		q.deleteTemplates.run(canteenId);
		for (const t of templates) q.insertTemplate.run(templateParams({ ...t, canteenId }));
	});

	const claim = db.transaction((seriesId: string, date: string, at: number, staleBefore: number) => {
		const series = q.getSeries.get(seriesId);
		if (!series || series.paused === 1) return false;
		if (!q.getSeriesDate.get(seriesId, date)) {
			q.insertSeriesDate.run(seriesId, date, at);
			return true;
		}
		return q.retakeSeriesDate.run(at, seriesId, date, staleBefore).changes > 0;
	});

	return {
		async listTaskTemplates(canteenId) {
			return sortTemplates(q.listTemplates.all(canteenId).map(toTemplate));
		},
		async seedTaskTemplates(canteenId, templates) {
			return seed(canteenId, templates);
		},
		async createTaskTemplate(template) {
			create(template);
		},
		async updateTaskTemplate(template) {
			return q.updateTemplate.run(templateParams(template)).changes > 0;
		},
		async deleteTaskTemplate(canteenId, templateId) {
			return q.deleteTemplate.run(canteenId, templateId).changes > 0;
		},
		async reorderTaskTemplates(canteenId, orderedIds) {
			return reorder(canteenId, orderedIds);
		},
		async replaceTaskTemplates(canteenId, templates) {
			replace(canteenId, templates);
		},
		async createSeries(s) {
			q.insertSeries.run(
				s.id,
				s.canteenId,
				JSON.stringify(s.rule),
				JSON.stringify(s.defaults),
				s.paused ? 1 : 0,
				s.createdBy,
				s.createdAt
			);
		},
		async getSeries(id) {
			const r = q.getSeries.get(id);
			return r && toSeries(r);
		},
		async listSeries(canteenId) {
			return q.listSeries.all(canteenId).map(toSeries);
		},
		async listActiveSeries() {
			return q.listActiveSeries.all().map(toSeries);
		},
		async updateSeries(s) {
			const changed = q.updateSeries.run(
				JSON.stringify(s.rule),
				JSON.stringify(s.defaults),
				s.paused ? 1 : 0,
				s.id,
				s.canteenId
			);
			return changed.changes > 0;
		},
		async deleteSeries(canteenId, seriesId) {
			return q.deleteSeries.run(canteenId, seriesId).changes > 0;
		},
		async claimSeriesDate({ seriesId, date, at, staleBefore }) {
			return claim(seriesId, date, at, staleBefore);
		},
		async recordSeriesMeal({ seriesId, date, claimedAt, mealId }) {
			return q.recordSeriesMeal.run(mealId, seriesId, date, claimedAt).changes > 0;
		},
		async listSeriesDates(seriesId) {
			return q.listSeriesDates.all(seriesId).map(toSeriesDate);
		}
	};
}
