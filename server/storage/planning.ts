/** Planning (server/planning/): task templates per canteen, recurring series and the dates they claimed. */
import type { Menu } from '../../src/lib/domain/menu.ts';
import type { RecurrenceRule } from '../../src/lib/domain/recurrence.ts';
import type { TaskTemplate } from '../../src/lib/domain/templates.ts';

/** Meal settings a recurring series gives each meal it creates (the rest is its rule). */
export interface SeriesDefaults {
	title: string;
	/** For English phones and screens; absent: the French title. */
	titleEn?: string;
	durationMinutes: number;
	capacity: number;
	/** Euro cents; a guide for pay-as-you-feel, never charged. */
	pricePerPlateCents: number;
	menu?: Menu;
}

/** "Every Tuesday and Thursday at 12:00" for one canteen, and what each of its meals starts with. */
export interface SeriesRecord {
	id: string;
	canteenId: string;
	rule: RecurrenceRule;
	defaults: SeriesDefaults;
	/** A paused series creates nothing; the meals it already created stay. */
	paused: boolean;
	/** The staff user who created it. */
	createdBy: string;
	createdAt: number;
}

/**
 * One date of a series that was claimed for a meal. The claim is taken before the meal is
 * created and never given back: a date claimed once never gets a second meal, even if its
 * meal is cancelled later. `mealId` is null between the claim and the meal's creation.
 */
export interface SeriesDateRecord {
	seriesId: string;
	date: string;
	mealId: string | null;
	claimedAt: number;
	/** Its meal was cancelled (deleted): the date stays claimed and gets no other meal. */
	cancelled: boolean;
}

export interface PlanningRepository {
	/** The canteen's task templates in board order (phase, then order, then id). */
	listTaskTemplates(canteenId: string): Promise<TaskTemplate[]>;
	/**
	 * Stores `templates` as the canteen's set iff it never had one (a set emptied by hand
	 * stays empty). True when this call stored them; two concurrent calls seed once.
	 */
	seedTaskTemplates(canteenId: string, templates: TaskTemplate[]): Promise<boolean>;
	createTaskTemplate(template: TaskTemplate): Promise<void>;
	/** Replaces the template with this id in `template.canteenId`; false if there is none. */
	updateTaskTemplate(template: TaskTemplate): Promise<boolean>;
	/** False when the canteen has no template with this id. */
	deleteTaskTemplate(canteenId: string, templateId: string): Promise<boolean>;
	/**
	 * Sets each listed template's order to its index, all or nothing: false, and nothing
	 * changed, if an id is not one of the canteen's templates.
	 */
	reorderTaskTemplates(canteenId: string, orderedIds: string[]): Promise<boolean>;
	/** Replaces the canteen's whole set in one step (reset to the default set). */
	replaceTaskTemplates(canteenId: string, templates: TaskTemplate[]): Promise<void>;

	createSeries(series: SeriesRecord): Promise<void>;
	getSeries(id: string): Promise<SeriesRecord | undefined>;
	/** The canteen's series, oldest first. */
	listSeries(canteenId: string): Promise<SeriesRecord[]>;
	/** Every canteen's series that are not paused, oldest first. */
	listActiveSeries(): Promise<SeriesRecord[]>;
	/** Replaces rule, defaults and paused of the series with this id in `series.canteenId`. */
	updateSeries(series: SeriesRecord): Promise<boolean>;
	/** Deletes the series and its claimed dates (its meals stay). False if there is none. */
	deleteSeries(canteenId: string, seriesId: string): Promise<boolean>;
	/**
	 * Claims `date` of an existing, active series for a meal about to be created: true for
	 * exactly one caller, however many processes try at once. A claim that never got its
	 * meal (the process died in between) can be taken again once it is older than
	 * `staleBefore`; a claim with a meal never can.
	 */
	claimSeriesDate(claim: { seriesId: string; date: string; at: number; staleBefore: number }): Promise<boolean>;
	/** Records the meal of the claim taken at `claimedAt`; false if that claim is no longer the holder. */
	recordSeriesMeal(record: { seriesId: string; date: string; claimedAt: number; mealId: string }): Promise<boolean>;
	/** The series' claimed dates, in date order. */
	listSeriesDates(seriesId: string): Promise<SeriesDateRecord[]>;
}
