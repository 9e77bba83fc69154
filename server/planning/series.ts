/**
 * Recurring meals: "every Tuesday and Thursday at 12:00", kept per canteen, and the top-up
 * that creates their meals four weeks ahead, each `planned`, with the series' defaults as
 * its plan and the canteen's task templates as its tasks.
 *
 * One meal per series date, however many processes top up at once: a date is claimed in
 * the store (primary key (series, date)) before its meal is created, and only the claim's
 * holder creates it. A claim is never given back, so a date whose meal is later cancelled
 * does not come back; to leave a date out ahead of time, it goes in the rule's skip dates.
 * A process that dies between the claim and the meal leaves a claim without a meal, which
 * another top-up takes again after `claimLeaseMs`: the calendar converges.
 *
 * The dates are the canteen's: "today" is computed in its time zone (Intl), and the
 * calendar arithmetic is `domain/recurrence.ts`, which knows nothing of clocks.
 */
import * as v from 'valibot';
import { localDateTime } from '../../src/lib/domain/local-time.ts';
import type { MealStatus } from '../../src/lib/domain/types.ts';
import { validatePlan } from '../../src/lib/domain/planning.ts';
import { mealsToCreate } from '../../src/lib/domain/recurrence.ts';
import { tasksFromTemplates, type TaskTemplate } from '../../src/lib/domain/templates.ts';
import { mealPlanInput, recurrenceRuleSchema } from '../../src/lib/protocol/planning-schemas.ts';
import { newId } from '../auth/secrets.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { createMeal } from '../board/meals.ts';
import type { Logger } from '../log.ts';
import type { MealRecord, SeriesDefaults, SeriesRecord, Storage } from '../storage/storage.ts';
import { authorizeCanteen, type PlanningRefusal } from './templates.ts';

export const DEFAULT_TIME_ZONE = 'Europe/Paris';
/** Four weeks: members see the month ahead, and a Canteen Master has time to plan menus. */
export const HORIZON_DAYS = 28;
export const TOP_UP_EVERY_MS = 60 * 60 * 1000;
/** A claim this old without its meal belonged to a process that died: it may be taken again. */
export const CLAIM_LEASE_MS = 10 * 60 * 1000;
/** Per canteen; two or three are usual (lunches, a monthly dinner). */
export const MAX_SERIES = 20;

/** What the Canteen Master sends for a series: its rule and the plan of each meal. */
export const seriesInput = v.strictObject({
	rule: recurrenceRuleSchema,
	defaults: v.pick(mealPlanInput, ['title', 'titleEn', 'durationMinutes', 'pricePerPlateCents', 'capacity'])
});
export type SeriesInput = v.InferOutput<typeof seriesInput>;

export type SeriesRefusal = PlanningRefusal | 'ends_after_midnight';
export type SeriesResult<T = undefined> = { ok: true; value: T } | { ok: false; reason: SeriesRefusal };

/** A meal a series created, as its page lists it. */
export interface SeriesMeal {
	date: string;
	mealId: string;
	title: string;
	time: string;
	status: MealStatus | undefined;
}

export interface SeriesView extends SeriesRecord {
	/** The meals it created on or after the date asked for. */
	meals: SeriesMeal[];
	/** Every date it ever claimed: none of them gets another meal. */
	claimedDates: string[];
}

export interface SeriesServiceOptions {
	storage: Pick<Storage, 'meals' | 'planning' | 'boardLog'>;
	log: Logger;
	/** The canteen's task templates, in board order (TemplateService.templatesFor). */
	templatesFor: (canteenId: string) => Promise<TaskTemplate[]>;
	/** The canteens' time zone, e.g. `Europe/Paris`. */
	timeZone?: string;
	horizonDays?: number;
	claimLeaseMs?: number;
	now?: () => number;
}

export type SeriesService = ReturnType<typeof createSeriesService>;

const ok = <T>(value: T): SeriesResult<T> => ({ ok: true, value });
const refused = (reason: SeriesRefusal) => ({ ok: false as const, reason });

export function createSeriesService({
	storage,
	log,
	templatesFor,
	timeZone = DEFAULT_TIME_ZONE,
	horizonDays = HORIZON_DAYS,
	claimLeaseMs = CLAIM_LEASE_MS,
	now = Date.now
}: SeriesServiceOptions) {
	const running = new Set<Promise<unknown>>();
	let timer: ReturnType<typeof setInterval> | undefined;
	let stopped = false;

	/** Keeps track of a top-up so `stop()` can wait for it before the store closes. */
	function track<T>(work: Promise<T>): Promise<T> {
		running.add(work);
		const done = () => running.delete(work);
		work.then(done, done);
		return work;
	}

	/** The meals of one series still missing in the horizon; returns how many it created. */
	async function topUpSeries(series: SeriesRecord, at: number): Promise<number> {
		const { date: today, time: nowTime } = localDateTime({ at, timeZone });
		const staleBefore = at - claimLeaseMs;
		const claims = await storage.planning.listSeriesDates(series.id);
		// A fresh claim without its meal is another process at work: leave it to them.
		const existingDates = claims
			.filter((c) => c.mealId !== null || c.cancelled || c.claimedAt >= staleBefore)
			.map((c) => c.date);
		const dates = mealsToCreate({ rule: series.rule, existingDates, today, horizonDays, nowTime });
		if (dates.length === 0) return 0;
		const templates = await templatesFor(series.canteenId);
		let created = 0;
		for (const date of dates) {
			if (!(await storage.planning.claimSeriesDate({ seriesId: series.id, date, at, staleBefore }))) continue;
			const tasks = tasksFromTemplates({ templates, newId: () => '', now: at }).map((t) => ({
				kind: t.kind,
				title: t.title,
				slots: t.slots,
				...(t.icon ? { icon: t.icon } : {})
			}));
			const { meal } = await createMeal(
				storage,
				{
					canteenId: series.canteenId,
					title: series.defaults.title,
					...(series.defaults.titleEn ? { titleEn: series.defaults.titleEn } : {}),
					date,
					time: series.rule.time,
					status: 'planned',
					plan: {
						durationMinutes: series.defaults.durationMinutes,
						menu: series.defaults.menu ?? { dishes: [] },
						pricePerPlateCents: series.defaults.pricePerPlateCents,
						capacity: series.defaults.capacity
					},
					tasks
				},
				at
			);
			if (await storage.planning.recordSeriesMeal({ seriesId: series.id, date, claimedAt: at, mealId: meal.id })) {
				created++;
			} else {
				// Only after a lease longer than creating one meal has ever taken: worth a look.
				log.warn('series date was taken again while its meal was being created', {
					seriesId: series.id,
					date,
					mealId: meal.id
				});
			}
		}
		if (created > 0) log.info('recurring meals created', { seriesId: series.id, created });
		return created;
	}

	/**
	 * Creates the missing meals of every active series for the horizon. Idempotent and safe
	 * to run from several processes at once. One series failing does not stop the others;
	 * the next run tries it again.
	 */
	function topUp({ now: at = now() }: { now?: number } = {}): Promise<{ created: number; failed: number }> {
		return track(
			(async () => {
				let created = 0;
				let failed = 0;
				for (const series of await storage.planning.listActiveSeries()) {
					try {
						created += await topUpSeries(series, at);
					} catch (error) {
						failed++;
						log.error('top-up failed', { seriesId: series.id, error: String(error) });
					}
				}
				return { created, failed };
			})()
		);
	}

	/** Tops up one series right after it was saved; a failure is logged, the save stands. */
	async function topUpAfterSave(series: SeriesRecord): Promise<number> {
		if (series.paused) return 0;
		try {
			return await track(topUpSeries(series, now()));
		} catch (error) {
			log.error('top-up after save failed', { seriesId: series.id, error: String(error) });
			return 0;
		}
	}

	/** Refuses a meal that would run past midnight, as a single plan would be. */
	function checkInput(input: SeriesInput): SeriesRefusal | undefined {
		const issues = validatePlan({
			plan: {
				date: input.rule.startDate,
				time: input.rule.time,
				durationMinutes: input.defaults.durationMinutes,
				capacity: input.defaults.capacity,
				menu: { dishes: [] }
			}
		});
		return issues.some((i) => i.code === 'ends_after_midnight') ? 'ends_after_midnight' : undefined;
	}

	async function ownSeries(canteenId: string, seriesId: string): Promise<SeriesRecord | undefined> {
		const series = await storage.planning.getSeries(seriesId);
		return series?.canteenId === canteenId ? series : undefined;
	}

	/** From the meals' records (their summaries): listing a series loads no board. */
	function seriesMeal(date: string, meal: MealRecord | undefined, mealId: string): SeriesMeal {
		return { date, mealId, title: meal?.title ?? '', time: meal?.time ?? '', status: meal?.status };
	}

	return {
		/** The canteen's local date and time now, for previews. */
		localNow(): { date: string; time: string } {
			return localDateTime({ at: now(), timeZone });
		},

		horizonDays,

		/** The canteen's series, each with the meals it created from `since` (a date) on. */
		async list(
			user: SessionUser | undefined,
			canteenId: string,
			{ since }: { since?: string } = {}
		): Promise<SeriesResult<SeriesView[]>> {
			const allowed = await authorizeCanteen(storage, user, canteenId);
			if (!allowed.ok) return allowed;
			const list = await storage.planning.listSeries(canteenId);
			const meals = new Map((await storage.meals.listMeals(canteenId)).map((m) => [m.id, m]));
			return ok(
				await Promise.all(
					list.map(async (series) => {
						const claims = await storage.planning.listSeriesDates(series.id);
						const dates = claims.filter(
							(d): d is typeof d & { mealId: string } => d.mealId !== null && (since === undefined || d.date >= since)
						);
						return {
							...series,
							meals: dates.map((d) => seriesMeal(d.date, meals.get(d.mealId), d.mealId)),
							claimedDates: claims.map((d) => d.date)
						};
					})
				)
			);
		},

		/** Saves a new active series and creates its meals for the horizon straight away. */
		async create(
			user: SessionUser | undefined,
			canteenId: string,
			input: SeriesInput
		): Promise<SeriesResult<{ series: SeriesRecord; created: number }>> {
			const allowed = await authorizeCanteen(storage, user, canteenId);
			if (!allowed.ok) return allowed;
			const problem = checkInput(input);
			if (problem) return refused(problem);
			if ((await storage.planning.listSeries(canteenId)).length >= MAX_SERIES) return refused('too_many');
			const series: SeriesRecord = {
				id: newId('ser_'),
				canteenId,
				rule: input.rule,
				defaults: input.defaults,
				paused: false,
				createdBy: user!.id,
				createdAt: now()
			};
			await storage.planning.createSeries(series);
			log.info('recurring meals saved', { seriesId: series.id, canteenId, by: user!.id });
			return ok({ series, created: await topUpAfterSave(series) });
		},

		/**
		 * Changes the rule and defaults. Meals already created keep what they were created
		 * with (the Canteen Master may have changed them since); the next ones follow the new
		 * rule. A menu set elsewhere stays.
		 */
		async update(
			user: SessionUser | undefined,
			canteenId: string,
			seriesId: string,
			input: SeriesInput
		): Promise<SeriesResult<{ series: SeriesRecord; created: number }>> {
			const allowed = await authorizeCanteen(storage, user, canteenId);
			if (!allowed.ok) return allowed;
			const current = await ownSeries(canteenId, seriesId);
			if (!current) return refused('not_found');
			const problem = checkInput(input);
			if (problem) return refused(problem);
			const defaults: SeriesDefaults = {
				...input.defaults,
				...(current.defaults.menu ? { menu: current.defaults.menu } : {})
			};
			const series: SeriesRecord = { ...current, rule: input.rule, defaults };
			if (!(await storage.planning.updateSeries(series))) return refused('not_found');
			return ok({ series, created: await topUpAfterSave(series) });
		},

		/** Pauses (nothing more is created) or resumes (topped up at once). */
		async setPaused(
			user: SessionUser | undefined,
			canteenId: string,
			seriesId: string,
			paused: boolean
		): Promise<SeriesResult<{ series: SeriesRecord; created: number }>> {
			const allowed = await authorizeCanteen(storage, user, canteenId);
			if (!allowed.ok) return allowed;
			const current = await ownSeries(canteenId, seriesId);
			if (!current) return refused('not_found');
			const series = { ...current, paused };
			if (!(await storage.planning.updateSeries(series))) return refused('not_found');
			return ok({ series, created: await topUpAfterSave(series) });
		},

		/** Deletes the series; the meals it created stay, as ordinary meals. */
		async remove(user: SessionUser | undefined, canteenId: string, seriesId: string): Promise<SeriesResult> {
			const allowed = await authorizeCanteen(storage, user, canteenId);
			if (!allowed.ok) return allowed;
			return (await storage.planning.deleteSeries(canteenId, seriesId)) ? ok(undefined) : refused('not_found');
		},

		topUp,

		/** Tops up now, then every `everyMs`; the timer does not keep the process alive. */
		start({ everyMs = TOP_UP_EVERY_MS }: { everyMs?: number } = {}): void {
			if (stopped || timer) return;
			const run = () => {
				if (stopped) return;
				topUp().catch((error) => log.error('top-up failed', { error: String(error) }));
			};
			run();
			timer = setInterval(run, everyMs);
			timer.unref();
		},

		/** Stops the timer and waits for any top-up under way, so the store can close. */
		async stop(): Promise<void> {
			stopped = true;
			if (timer) clearInterval(timer);
			timer = undefined;
			while (running.size > 0) await Promise.allSettled([...running]);
		}
	};
}
