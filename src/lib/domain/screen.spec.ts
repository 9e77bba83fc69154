import { describe, expect, it } from 'vitest';
import { board, member } from '../../../tests/helpers/board-fixtures.ts';
import type { AnyCommand } from '../protocol/schemas.ts';
import { decide } from './board.ts';
import { revisePlan } from './plan-board.ts';
import { sceneShowsJoin, screenScene, type ScreenScene } from './screen.ts';
import { MEAL_STATUSES, ROLES, type BoardState, type Change, type MealStatus, type ScreenView } from './types.ts';

const ctx = { now: 100, newId: () => 'new' };
const master = { role: 'master' as const };
const show = (view: ScreenView): AnyCommand => ({ name: 'screen:show', payload: { view } });
const coverage = (percent: number | null): AnyCommand => ({ name: 'screen:coverage', payload: { percent } });

function metaAfter(state: BoardState, command: AnyCommand) {
	const decision = decide(state, command, master, ctx);
	if (!decision.ok) throw new Error(decision.code);
	const set = decision.changes.find((c): c is Extract<Change, { type: 'meta:set' }> => c.type === 'meta:set');
	return set?.meta;
}

describe('the screen remote', () => {
	it('switches the view, at every stage, closed included', () => {
		for (const status of MEAL_STATUSES) {
			expect(metaAfter(board([], [], status), show('blank'))?.screen).toEqual({ view: 'blank' });
		}
	});

	it('keeps the view when the figure changes, and hides the figure with null', () => {
		const state = board([], []);
		const shown = metaAfter({ ...state, meta: { ...state.meta!, screen: { view: 'menu' } } }, coverage(80));
		expect(shown?.screen).toEqual({ view: 'menu', coveragePercent: 80 });
		expect(metaAfter({ ...state, meta: shown }, coverage(null))?.screen).toEqual({ view: 'menu' });
		// The rest of the meta is left as it was.
		expect(shown).toMatchObject({ title: state.meta!.title, status: 'open' });
	});

	it('writes nothing when nothing changes', () => {
		const state = board([], []);
		expect(decide(state, show('board'), master, ctx)).toEqual({ ok: true, changes: [], result: {} });
		expect(decide(state, coverage(null), master, ctx)).toEqual({ ok: true, changes: [], result: {} });
	});

	it('is the Canteen Master’s alone', () => {
		const state = board([], [member('a')]);
		for (const role of ROLES.filter((r) => r !== 'master')) {
			const actor = role === 'member' ? { role, memberId: 'a' } : { role };
			expect(decide(state, show('blank'), actor, ctx)).toEqual({ ok: false, code: 'forbidden' });
			expect(decide(state, coverage(50), actor, ctx)).toEqual({ ok: false, code: 'forbidden' });
		}
	});

	it('survives a change of plan', () => {
		const state = board([], [], 'open');
		const meta = { ...state.meta!, screen: { view: 'prompt' as const, coveragePercent: 40 } };
		const outcome = revisePlan({
			state: { ...state, meta },
			plan: {
				title: 'Soupe',
				date: meta.date,
				time: meta.time,
				durationMinutes: 90,
				capacity: 30,
				pricePerPlateCents: 300,
				menu: { dishes: [] }
			},
			today: meta.date
		});
		expect(outcome.ok && outcome.changes[0]).toMatchObject({ meta: { title: 'Soupe', screen: meta.screen } });
	});
});

describe('screenScene', () => {
	const scene = (status: MealStatus, view: ScreenView, hasPrompt = true, hasMenu = true) =>
		screenScene({ status, view, hasPrompt, hasMenu });

	it('lets the stage drive the board view', () => {
		const byStage = Object.fromEntries(MEAL_STATUSES.map((s) => [s, scene(s, 'board')]));
		expect(byStage).toEqual({
			planned: 'planned',
			open: 'board',
			cooking: 'board',
			eating: 'eating',
			closed: 'closed'
		} satisfies Record<MealStatus, ScreenScene>);
	});

	it('follows the remote, except that a closed meal only thanks or goes dark', () => {
		expect(scene('cooking', 'menu')).toBe('menu');
		expect(scene('planned', 'menu')).toBe('menu');
		expect(scene('cooking', 'prompt')).toBe('prompt');
		expect(scene('planned', 'prompt')).toBe('planned');
		for (const status of MEAL_STATUSES) expect(scene(status, 'blank')).toBe('blank');
		expect(scene('closed', 'menu')).toBe('closed');
		expect(scene('closed', 'prompt')).toBe('closed');
	});

	it('falls back to the stage when the chosen view has nothing to show', () => {
		expect(scene('cooking', 'prompt', false)).toBe('board');
		expect(scene('eating', 'menu', true, false)).toBe('eating');
	});

	it('shows the way to join only while people can join', () => {
		expect(sceneShowsJoin({ scene: 'board', status: 'open' })).toBe(true);
		expect(sceneShowsJoin({ scene: 'eating', status: 'eating' })).toBe(true);
		expect(sceneShowsJoin({ scene: 'menu', status: 'planned' })).toBe(false);
		expect(sceneShowsJoin({ scene: 'prompt', status: 'cooking' })).toBe(false);
		expect(sceneShowsJoin({ scene: 'closed', status: 'closed' })).toBe(false);
	});
});
