/**
 * Planning meals as operations the staff pages call: plan a meal, change its plan, cancel
 * it, and read a canteen's meals for its planning page. Each operation checks who is
 * asking itself (staff of the canteen, or an administrator), so a page that forgot a
 * check opens no hole. Inputs arrive parsed (src/lib/server/plan-form.ts); the rules are
 * in src/lib/domain/plan-board.ts and planning.ts. A plan lives in the board's meta, so a
 * change goes through `sessions.apply` and reaches every phone and screen of the meal live.
 */
import { accept, refuse } from '../../src/lib/domain/result.ts';
import {
	cancelRefusal,
	planDetails,
	revisePlan,
	splitMeals,
	summaryCancellable,
	type MealSummary,
	type CancelRefusal,
	type PlanInput,
	type ReviseOutcome
} from '../../src/lib/domain/plan-board.ts';
import { validatePlan, type PlanIssue } from '../../src/lib/domain/planning.ts';
import { DEFAULT_TEMPLATES, tasksFromTemplates, type TaskTemplate } from '../../src/lib/domain/templates.ts';
import { canRunCanteen, canteenAccess, type SessionUser } from '../auth/sessions.ts';
import { deriveScreenKey, hashSecret, newId } from '../auth/secrets.ts';
import { screenPath } from './screen-key.ts';
import { createMeal } from '../board/meals.ts';
import type { MealSessions } from '../session/sessions.ts';
import type { Logger } from '../log.ts';
import type { CanteenRecord, MealRecord, Storage } from '../storage/storage.ts';
import { localDate } from '../../src/lib/domain/local-time.ts';

export type TemplateSource = (canteenId: string) => Promise<readonly Omit<TaskTemplate, 'canteenId'>[]>;

/** Until canteens keep their own templates, every new meal starts from the default set. */
export const defaultTemplates: TemplateSource = async () => DEFAULT_TEMPLATES;

export interface PlanningOptions {
	storage: Pick<Storage, 'meals' | 'boardLog'>;
	sessions: MealSessions;
	log: Logger;
	/** The installation's IANA time zone: "today" for refusing dates in the past. */
	timeZone: string;
	/** The tasks a new meal of this canteen starts with. The seam for per-canteen templates. */
	templatesFor?: TemplateSource;
	now?: () => number;
}

/** A meal as the planning pages show it: its summary, and whether it may still be cancelled. */
export interface PlannedMeal extends MealSummary {
	id: string;
	/** Planned and nobody on the board. */
	cancellable: boolean;
}

/** Unknown, or not yours: the same answer, so ids of other canteens reveal nothing. */
type NotFound = { ok: false; reason: 'not_found' };
const notFound: NotFound = { ok: false, reason: 'not_found' };

export type PlanResult =
	{ ok: true; mealId: string; screenLink: string } | NotFound | { ok: false; reason: 'issues'; issues: PlanIssue[] };

export type UpdateResult =
	| { ok: true; changed: boolean }
	| NotFound
	| { ok: false; reason: 'closed' }
	| { ok: false; reason: 'issues'; issues: PlanIssue[] };

export type CancelResult =
	{ ok: true; canteenId: string } | NotFound | { ok: false; reason: Exclude<CancelRefusal, 'not_found'> };

export type Planning = ReturnType<typeof createPlanning>;

export function createPlanning({
	storage,
	sessions,
	log,
	timeZone,
	templatesFor = defaultTemplates,
	now = Date.now
}: PlanningOptions) {
	const today = () => localDate({ timeZone, at: now() });

	async function allowedCanteen(user: SessionUser | undefined, canteenId: string): Promise<CanteenRecord | undefined> {
		const access = await canteenAccess(storage, user, canteenId);
		return access.ok ? access.canteen : undefined;
	}

	async function allowedMeal(user: SessionUser | undefined, mealId: string): Promise<MealRecord | undefined> {
		if (!user) return undefined;
		const meal = await storage.meals.getMeal(mealId);
		return meal && canRunCanteen(user, meal.canteenId) ? meal : undefined;
	}

	/** From the record's summary (storage/meals.ts): listing meals loads no board. */
	function plannedMeal(meal: MealRecord): PlannedMeal {
		return {
			id: meal.id,
			title: meal.title,
			...(meal.titleEn ? { titleEn: meal.titleEn } : {}),
			date: meal.date,
			time: meal.time,
			status: meal.status,
			...(meal.plan ? { plan: meal.plan } : {}),
			joined: meal.joined,
			checkedIn: meal.checkedIn,
			cancellable: summaryCancellable(meal)
		};
	}

	return {
		/** The canteen's date today, where it is. */
		today,

		/** Whether this person may plan this canteen's meals (and it exists). */
		async canPlan(user: SessionUser | undefined, canteenId: string): Promise<boolean> {
			return (await allowedCanteen(user, canteenId)) !== undefined;
		},

		/** Whether this person may change this meal's plan (and it exists). */
		async canEdit(user: SessionUser | undefined, mealId: string): Promise<boolean> {
			return (await allowedMeal(user, mealId)) !== undefined;
		},

		/** A canteen's meals for its planning page: upcoming soonest first, past latest first. */
		async canteenMeals(
			user: SessionUser | undefined,
			canteenId: string
		): Promise<{ ok: true; canteen: CanteenRecord; upcoming: PlannedMeal[]; past: PlannedMeal[] } | NotFound> {
			const canteen = await allowedCanteen(user, canteenId);
			if (!canteen) return notFound;
			const meals = (await storage.meals.listMeals(canteenId)).map(plannedMeal);
			const { upcoming, past } = splitMeals({ meals, today: today() });
			return { ok: true, canteen, upcoming, past };
		},

		/** One meal and its canteen, for the plan's edit page. */
		async meal(
			user: SessionUser | undefined,
			mealId: string
		): Promise<{ ok: true; canteen: CanteenRecord; meal: PlannedMeal } | NotFound> {
			const record = await allowedMeal(user, mealId);
			const canteen = record && (await storage.meals.getCanteen(record.canteenId));
			if (!record || !canteen) return notFound;
			return { ok: true, canteen, meal: plannedMeal(record) };
		},

		/**
		 * A new meal in stage `planned` (its join code refuses phones until it is opened),
		 * with its plan on the board and the canteen's tasks. The kitchen screen's link is
		 * returned once: its key is derived from the meal's master key, which is not kept.
		 */
		async planMeal(user: SessionUser | undefined, canteenId: string, plan: PlanInput): Promise<PlanResult> {
			const canteen = await allowedCanteen(user, canteenId);
			if (!canteen || !user) return notFound;
			const issues = validatePlan({ plan, today: today() });
			if (issues.length > 0) return { ok: false, reason: 'issues', issues };
			const at = now();
			// createMeal gives the tasks their own ids; these only carry the board order.
			const tasks = tasksFromTemplates({ templates: await templatesFor(canteenId), newId: () => newId('t_'), now: at });
			const created = await createMeal(
				storage,
				{
					canteenId,
					title: plan.title,
					...(plan.titleEn ? { titleEn: plan.titleEn } : {}),
					date: plan.date,
					time: plan.time,
					status: 'planned',
					plan: planDetails(plan),
					tasks: tasks.map(({ kind, title, slots, icon }) => ({ kind, title, slots, ...(icon ? { icon } : {}) }))
				},
				at
			);
			log.info('meal planned', { mealId: created.meal.id, canteenId, by: user.id });
			// Kept so the plan page can show the link again (server/planning/screen-key.ts).
			const screenKey = deriveScreenKey(created.masterKey);
			await storage.meals.setScreenKey(created.meal.id, { key: screenKey, keyHash: hashSecret(screenKey), at });
			return { ok: true, mealId: created.meal.id, screenLink: screenPath(created.meal.id, screenKey) };
		},

		/** A new plan for a meal that is not closed, live on every connected board. */
		async updatePlan(user: SessionUser | undefined, mealId: string, plan: PlanInput): Promise<UpdateResult> {
			const meal = await allowedMeal(user, mealId);
			if (!meal || !user) return notFound;
			let outcome: ReviseOutcome = { ok: false, code: 'not_found' };
			// Decided in the meal's queue, against the board as it is: a check-in a moment
			// earlier counts towards the capacity.
			await sessions.apply(mealId, (state) => {
				outcome = revisePlan({ state, plan, today: today() });
				return outcome.ok ? accept(outcome.changes) : refuse('bad_request');
			});
			const decided = outcome as ReviseOutcome;
			if (decided.ok) {
				if (decided.changes.length > 0) log.info('meal plan changed', { mealId, by: user.id });
				return { ok: true, changed: decided.changes.length > 0 };
			}
			if (decided.code === 'issues') return { ok: false, reason: 'issues', issues: decided.issues };
			return decided.code === 'closed' ? { ok: false, reason: 'closed' } : notFound;
		},

		/**
		 * Deletes a planned meal nobody joined, board and all: it never happened. Decided in
		 * the meal's queue, so a join or a stage change cannot slip in between the check and
		 * the delete; the store checks again that no member record exists.
		 */
		async cancelMeal(user: SessionUser | undefined, mealId: string): Promise<CancelResult> {
			const meal = await allowedMeal(user, mealId);
			if (!meal || !user) return notFound;
			let refusal: CancelRefusal | undefined;
			// Discarding the session also lets go of every connection still open on the meal:
			// a console open on it is told by its next handshake that the meal is gone.
			const gone = await sessions.discard(mealId, async (state) => {
				refusal = cancelRefusal(state);
				if (refusal) return false;
				const deleted = await storage.meals.deleteMealIfUnjoined(mealId);
				if (!deleted) refusal = 'has_members';
				return deleted;
			});
			if (!gone) {
				const reason = refusal as CancelRefusal | undefined;
				return !reason || reason === 'not_found' ? notFound : { ok: false, reason };
			}
			log.info('planned meal cancelled', { mealId, canteenId: meal.canteenId, by: user.id });
			return { ok: true, canteenId: meal.canteenId };
		}
	};
}
