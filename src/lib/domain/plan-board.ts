/**
 * A meal's plan on its board: what a new meal's meta holds, whether a plan may change now
 * and into what, whether a meal may still be cancelled, and how a canteen's meals are
 * listed. `planning.ts` has the plan's own rules; this is where they meet the board.
 */
import { canEditPlan, validatePlan, type MealPlan, type PlanIssue } from './planning.ts';
import type { BoardState, Change, MealMeta, MealPlanDetails, MealStatus } from './types.ts';

/** What the Canteen Master decides; id, canteen and stage are the server's. */
export type PlanInput = Pick<
	MealPlan,
	'title' | 'titleEn' | 'date' | 'time' | 'durationMinutes' | 'menu' | 'pricePerPlateCents' | 'capacity'
>;

export function planDetails(plan: PlanInput): MealPlanDetails {
	return {
		durationMinutes: plan.durationMinutes,
		menu: plan.menu,
		pricePerPlateCents: plan.pricePerPlateCents,
		capacity: plan.capacity
	};
}

export function planMeta({
	id,
	canteenId,
	status,
	plan
}: {
	id: string;
	/** Always known on the server, which holds the whole board. */
	canteenId: string | undefined;
	status: MealStatus;
	plan: PlanInput;
}): MealMeta {
	return {
		id,
		...(canteenId !== undefined ? { canteenId } : {}),
		title: plan.title,
		...(plan.titleEn ? { titleEn: plan.titleEn } : {}),
		date: plan.date,
		time: plan.time,
		status,
		plan: planDetails(plan)
	};
}

/** People the room must hold now: everyone checked in (walk-ins included, they are members). */
export function checkedInCount(state: BoardState): number {
	let n = 0;
	for (const m of state.members.values()) if (m.checkedIn) n++;
	return n;
}

export type ReviseOutcome =
	| { ok: true; changes: Change[] }
	| { ok: false; code: 'not_found' | 'closed' }
	| { ok: false; code: 'issues'; issues: PlanIssue[] };

/**
 * The board change that gives a meal a new plan, or why not. A closed meal is the record
 * of what happened and stays as it was. A date in the past is refused only when the date
 * changes: fixing the menu of a meal running late in the evening, or of yesterday's meal
 * nobody closed, must not be blocked by its own date.
 */
export function revisePlan({
	state,
	plan,
	today
}: {
	state: BoardState;
	plan: PlanInput;
	/** The canteen's local date (YYYY-MM-DD). */
	today: string;
}): ReviseOutcome {
	const meta = state.meta;
	if (!meta) return { ok: false, code: 'not_found' };
	if (!canEditPlan(meta.status)) return { ok: false, code: 'closed' };
	const issues = validatePlan({
		plan,
		expectedPeople: checkedInCount(state),
		...(plan.date !== meta.date ? { today } : {})
	});
	if (issues.length > 0) return { ok: false, code: 'issues', issues };
	const planned = planMeta({ id: meta.id, canteenId: meta.canteenId, status: meta.status, plan });
	// The screen's remote settings are not part of the plan: a new plan keeps them.
	const next = meta.screen ? { ...planned, screen: meta.screen } : planned;
	// Saving an unchanged form stores nothing and wakes no phone.
	if (JSON.stringify(next) === JSON.stringify(meta)) return { ok: true, changes: [] };
	return { ok: true, changes: [{ type: 'meta:set', meta: next }] };
}

export type CancelRefusal = 'not_found' | 'not_planned' | 'has_members';

/**
 * A meal can be cancelled (deleted) only while it is planned and nobody is on its board:
 * once someone joined, even if the meal was stepped back to planned, it is part of
 * someone's record, and a walk-in has no phone to be told.
 */
export function cancelRefusal(state: BoardState): CancelRefusal | undefined {
	if (!state.meta) return 'not_found';
	if (state.meta.status !== 'planned') return 'not_planned';
	if (state.members.size > 0) return 'has_members';
	return undefined;
}

/**
 * What lists of meals show and count, kept beside each meal record (storage's meals
 * repository) so that listing a canteen's meals never loads a board. It follows the board:
 * the server writes it again whenever a change touches the meal's meta or its members.
 */
export interface MealSummary {
	title: string;
	/** The English title, when the Canteen Master gave one. */
	titleEn?: string;
	date: string;
	time: string;
	status: MealStatus;
	/** Absent on meals made before planning existed. */
	plan?: MealPlanDetails;
	/** Members on the board (phones and walk-ins), and of them those checked in now. */
	joined: number;
	checkedIn: number;
}

/** The board's summary; a board without meta (never written) reads as an empty planned meal. */
export function mealSummary(state: BoardState): MealSummary {
	const meta = state.meta;
	return {
		title: meta?.title ?? '',
		...(meta?.titleEn ? { titleEn: meta.titleEn } : {}),
		date: meta?.date ?? '',
		time: meta?.time ?? '',
		status: meta?.status ?? 'planned',
		...(meta?.plan ? { plan: meta.plan } : {}),
		joined: state.members.size,
		checkedIn: checkedInCount(state)
	};
}

/** Whether these board changes can change the meal's summary (its meta or its members). */
export function changesSummary(changes: readonly Change[]): boolean {
	return changes.some((c) => c.type === 'meta:set' || c.type === 'member:set' || c.type === 'member:delete');
}

/** As `cancelRefusal` decides it, from the summary: planned and nobody on the board. */
export function summaryCancellable(summary: Pick<MealSummary, 'status' | 'joined'>): boolean {
	return summary.status === 'planned' && summary.joined === 0;
}

export interface ListedMeal {
	date: string;
	time: string;
	status: MealStatus;
}

/**
 * A canteen's meals as its planning page shows them: upcoming first (soonest first), then
 * past ones (latest first). Past means closed, or dated before today: a meal nobody
 * closed stays in the past once its day is over.
 */
export function splitMeals<M extends ListedMeal>({
	meals,
	today
}: {
	meals: readonly M[];
	today: string;
}): {
	upcoming: M[];
	past: M[];
} {
	const key = (m: M) => `${m.date} ${m.time}`;
	const isPast = (m: M) => m.status === 'closed' || m.date < today;
	const upcoming = meals.filter((m) => !isPast(m)).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
	const past = meals.filter(isPast).sort((a, b) => (key(a) > key(b) ? -1 : key(a) < key(b) ? 1 : 0));
	return { upcoming, past };
}
