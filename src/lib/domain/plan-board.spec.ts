import { describe, expect, it } from 'vitest';
import { board, member, task } from '../../../tests/helpers/board-fixtures.ts';
import type { Dish } from './menu.ts';
import {
	cancelRefusal,
	changesSummary,
	mealSummary,
	planMeta,
	revisePlan,
	splitMeals,
	summaryCancellable,
	type PlanInput
} from './plan-board.ts';
import type { BoardState, MealStatus } from './types.ts';

const soup: Dish = {
	id: 'd1',
	name: { fr: 'Soupe de potiron', en: 'Pumpkin soup' },
	course: 'starter',
	allergens: ['celery'],
	diets: ['vegan'],
	ingredients: ['potiron']
};

const plan = (over: Partial<PlanInput> = {}): PlanInput => ({
	title: 'Déjeuner',
	date: '2026-11-25',
	time: '12:30',
	durationMinutes: 120,
	menu: { dishes: [soup] },
	pricePerPlateCents: 350,
	capacity: 40,
	...over
});

const withPlan = (state: BoardState): BoardState => ({
	...state,
	meta: planMeta({ id: 'meal', canteenId: 'c', status: state.meta!.status, plan: plan() })
});

describe('planMeta', () => {
	it('puts title, date and time on the meta and the rest under plan', () => {
		expect(planMeta({ id: 'm', canteenId: 'c', status: 'planned', plan: plan() })).toEqual({
			id: 'm',
			canteenId: 'c',
			title: 'Déjeuner',
			date: '2026-11-25',
			time: '12:30',
			status: 'planned',
			plan: { durationMinutes: 120, menu: { dishes: [soup] }, pricePerPlateCents: 350, capacity: 40 }
		});
	});
});

describe('revisePlan', () => {
	it('replaces the meta with the new plan, keeping id, canteen and stage', () => {
		const state = withPlan(board([], [], 'cooking'));
		const outcome = revisePlan({ state, plan: plan({ title: 'Soupe party', capacity: 30 }), today: '2026-11-20' });
		expect(outcome).toEqual({
			ok: true,
			changes: [
				{
					type: 'meta:set',
					meta: { ...state.meta, title: 'Soupe party', plan: { ...state.meta!.plan, capacity: 30 } }
				}
			]
		});
	});

	it('gives a plan to a meal created before planning existed', () => {
		const outcome = revisePlan({ state: board([], [], 'planned'), plan: plan(), today: '2026-11-20' });
		expect(outcome.ok && outcome.changes[0]).toMatchObject({ type: 'meta:set', meta: { plan: { capacity: 40 } } });
	});

	it('stores nothing when nothing changed', () => {
		expect(revisePlan({ state: withPlan(board([], [])), plan: plan(), today: '2026-11-20' })).toEqual({
			ok: true,
			changes: []
		});
	});

	it('never edits a closed meal, and needs a meal', () => {
		expect(revisePlan({ state: withPlan(board([], [], 'closed')), plan: plan(), today: '2026-11-20' })).toEqual({
			ok: false,
			code: 'closed'
		});
		expect(revisePlan({ state: { ...board([], []), meta: undefined }, plan: plan(), today: '2026-11-20' })).toEqual({
			ok: false,
			code: 'not_found'
		});
	});

	it('refuses a room smaller than the people checked in, walk-ins included; those who left do not count', () => {
		const people = [member('a'), member('b', { walkIn: true }), member('c', { checkedIn: false })];
		const state = withPlan(board([], people));
		expect(revisePlan({ state, plan: plan({ capacity: 1 }), today: '2026-11-20' })).toEqual({
			ok: false,
			code: 'issues',
			issues: [{ field: 'capacity', code: 'capacity_below_expected' }]
		});
		expect(revisePlan({ state, plan: plan({ capacity: 2 }), today: '2026-11-20' }).ok).toBe(true);
	});

	it('refuses moving a meal into the past, but not editing a meal whose own date has passed', () => {
		const state = withPlan(board([], []));
		expect(revisePlan({ state, plan: plan({ date: '2026-11-24' }), today: '2026-11-25' })).toMatchObject({
			code: 'issues',
			issues: [{ field: 'date', code: 'date_in_past' }]
		});
		expect(revisePlan({ state, plan: plan({ capacity: 12 }), today: '2026-11-30' }).ok).toBe(true);
		expect(revisePlan({ state, plan: plan({ date: '2026-11-25' }), today: '2026-11-25' }).ok).toBe(true);
	});

	it('reports every issue at once', () => {
		const state = withPlan(board([], [member('a'), member('b')]));
		const outcome = revisePlan({
			state,
			plan: plan({ date: '2026-01-01', time: '23:00', durationMinutes: 120, capacity: 1 }),
			today: '2026-11-25'
		});
		expect(outcome.ok === false && outcome.code === 'issues' && outcome.issues.map((i) => i.field)).toEqual([
			'date',
			'durationMinutes',
			'capacity'
		]);
	});
});

describe('cancelRefusal', () => {
	it('allows cancelling a planned meal with nobody on its board, only', () => {
		expect(cancelRefusal(board([], [], 'planned'))).toBeUndefined();
		for (const status of ['open', 'cooking', 'eating', 'closed'] as MealStatus[])
			expect(cancelRefusal(board([], [], status)), status).toBe('not_planned');
		// Stepped back to planned after someone joined (or a walk-in was added): kept.
		expect(cancelRefusal(board([], [member('a', { checkedIn: false })], 'planned'))).toBe('has_members');
		expect(cancelRefusal({ ...board([], []), meta: undefined })).toBe('not_found');
	});
});

describe('mealSummary', () => {
	it('reads title, date, time, stage, plan and the people on the board', () => {
		const state = withPlan(
			board([task('t1')], [member('a'), member('b', { checkedIn: false }), member('c')], 'cooking')
		);
		expect(mealSummary(state)).toEqual({
			title: 'Déjeuner',
			date: '2026-11-25',
			time: '12:30',
			status: 'cooking',
			plan: state.meta!.plan,
			joined: 3,
			checkedIn: 2
		});
		expect(mealSummary(board([], [], 'open'))).not.toHaveProperty('plan');
	});

	it('reads a board never written as an empty planned meal', () => {
		expect(mealSummary({ ...board([], []), meta: undefined })).toEqual({
			title: '',
			date: '',
			time: '',
			status: 'planned',
			joined: 0,
			checkedIn: 0
		});
	});

	it('is cancellable exactly when cancelRefusal allows it', () => {
		const states = [
			board([], [], 'planned'),
			board([], [], 'open'),
			board([], [member('a', { checkedIn: false })], 'planned'),
			board([], [member('a')], 'closed')
		];
		for (const state of states) expect(summaryCancellable(mealSummary(state))).toBe(cancelRefusal(state) === undefined);
	});

	it('changes with the meta and the members, not with tasks or prompts', () => {
		expect(changesSummary([{ type: 'meta:set', meta: board([], []).meta! }])).toBe(true);
		expect(
			changesSummary([
				{ type: 'task:delete', taskId: 't' },
				{ type: 'member:set', member: member('a') }
			])
		).toBe(true);
		expect(changesSummary([{ type: 'member:delete', memberId: 'a' }])).toBe(true);
		expect(changesSummary([{ type: 'task:set', task: task('t') }, { type: 'prompt:clear' }])).toBe(false);
		expect(changesSummary([])).toBe(false);
	});
});

describe('splitMeals', () => {
	const m = (date: string, time: string, status: MealStatus = 'planned') => ({
		date,
		time,
		status,
		id: `${date} ${time}`
	});

	it('lists upcoming meals soonest first and past ones latest first', () => {
		const meals = [
			m('2026-11-27', '12:00'),
			m('2026-11-20', '12:00', 'closed'),
			m('2026-11-25', '19:00', 'open'),
			m('2026-11-25', '12:00', 'closed'),
			m('2026-11-24', '12:00', 'eating'),
			m('2026-11-25', '09:30')
		];
		const { upcoming, past } = splitMeals({ meals, today: '2026-11-25' });
		expect(upcoming.map((x) => x.id)).toEqual(['2026-11-25 09:30', '2026-11-25 19:00', '2026-11-27 12:00']);
		// Closed today, and yesterday's meal nobody closed, are past.
		expect(past.map((x) => x.id)).toEqual(['2026-11-25 12:00', '2026-11-24 12:00', '2026-11-20 12:00']);
	});
});
