import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { board, member, task } from '../../../tests/helpers/board-fixtures.ts';
import { commandSchemas, type AnyCommand, type CommandPayload } from '../protocol/schemas.ts';
import { decide } from './board.ts';
import { formatCountdown, timerRunKey, timerView } from './timers.ts';
import { MEAL_STATUSES, ROLES, type BoardState, type Task } from './types.ts';

const MIN = 60_000;
const master = { role: 'master' as const };
const timer = (payload: CommandPayload<'task:timer'>): AnyCommand => ({ name: 'task:timer', payload });

/** The task as the decision leaves it, at server time `now`. */
function after(state: BoardState, payload: CommandPayload<'task:timer'>, now: number): Task | undefined {
	const decision = decide(state, timer(payload), master, { now, newId: () => 'x' });
	if (!decision.ok) throw new Error(decision.code);
	const set = decision.changes.find((c) => c.type === 'task:set');
	return set?.type === 'task:set' ? set.task : undefined;
}
const withTask = (t: Task) => board([t], [member('a')]);

describe('task timers', () => {
	it('start: ends at now plus the minutes, on the server clock, replacing any other', () => {
		const started = after(withTask(task('soup')), { taskId: 'soup', action: 'start', minutes: 25 }, 1_000);
		expect(started?.timer).toEqual({ durationMs: 25 * MIN, endsAt: 1_000 + 25 * MIN });
		const again = after(withTask(started!), { taskId: 'soup', action: 'start', minutes: 5 }, 2_000);
		expect(again?.timer).toEqual({ durationMs: 5 * MIN, endsAt: 2_000 + 5 * MIN });
		// The rest of the task is untouched.
		expect(again).toMatchObject({ id: 'soup', title: task('soup').title, claims: [] });
	});

	it('pause keeps what is left; resume counts down from there', () => {
		const running = task('soup', { timer: { durationMs: 25 * MIN, endsAt: 25 * MIN } });
		const paused = after(withTask(running), { taskId: 'soup', action: 'pause' }, 10 * MIN);
		expect(paused?.timer).toEqual({ durationMs: 25 * MIN, remainingMs: 15 * MIN });
		expect(timerView(paused!.timer!, 99 * MIN)).toEqual({ phase: 'paused', remainingMs: 15 * MIN });
		const resumed = after(withTask(paused!), { taskId: 'soup', action: 'resume' }, 50 * MIN);
		expect(resumed?.timer).toEqual({ durationMs: 25 * MIN, endsAt: 65 * MIN });
	});

	it('reset: back to the full length, paused stays paused, running or ended runs again', () => {
		const paused = task('soup', { timer: { durationMs: 25 * MIN, remainingMs: 3 * MIN } });
		expect(after(withTask(paused), { taskId: 'soup', action: 'reset' }, 7)?.timer).toEqual({
			durationMs: 25 * MIN,
			remainingMs: 25 * MIN
		});
		const ended = task('soup', { timer: { durationMs: 25 * MIN, endsAt: 100 } });
		expect(after(withTask(ended), { taskId: 'soup', action: 'reset' }, 40 * MIN)?.timer).toEqual({
			durationMs: 25 * MIN,
			endsAt: 65 * MIN
		});
	});

	it('stop takes the timer off; stopping nothing changes nothing', () => {
		const running = task('soup', { timer: { durationMs: MIN, endsAt: MIN } });
		const stopped = after(withTask(running), { taskId: 'soup', action: 'stop' }, 0);
		expect(stopped).toBeDefined();
		expect(stopped).not.toHaveProperty('timer');
		expect(
			decide(withTask(task('soup')), timer({ taskId: 'soup', action: 'stop' }), master, { now: 0, newId: () => 'x' })
		).toEqual({
			ok: true,
			changes: [],
			result: {}
		});
	});

	it('refuses what does not apply, with a code the console can say', () => {
		const ctx = { now: 10 * MIN, newId: () => 'x' };
		const cases: [Task | undefined, CommandPayload<'task:timer'>, string][] = [
			[undefined, { taskId: 'soup', action: 'start', minutes: 5 }, 'task_not_found'],
			[task('soup'), { taskId: 'soup', action: 'pause' }, 'timer_not_running'],
			[
				task('soup', { timer: { durationMs: MIN, remainingMs: 5 } }),
				{ taskId: 'soup', action: 'pause' },
				'timer_not_running'
			],
			// Ended: nothing left to pause.
			[
				task('soup', { timer: { durationMs: MIN, endsAt: MIN } }),
				{ taskId: 'soup', action: 'pause' },
				'timer_not_running'
			],
			[
				task('soup', { timer: { durationMs: MIN, endsAt: 99 * MIN } }),
				{ taskId: 'soup', action: 'resume' },
				'timer_not_paused'
			],
			[task('soup'), { taskId: 'soup', action: 'reset' }, 'no_timer'],
			[task('soup', { status: 'done' }), { taskId: 'soup', action: 'start', minutes: 5 }, 'task_done']
		];
		for (const [t, payload, code] of cases) {
			const state = board(t ? [t] : [], [member('a')]);
			expect(decide(state, timer(payload), master, ctx), `${payload.action} → ${code}`).toEqual({ ok: false, code });
		}
		// A closed meal takes no timer.
		expect(
			decide(board([task('soup')], [], 'closed'), timer({ taskId: 'soup', action: 'start', minutes: 5 }), master, ctx)
		).toEqual({ ok: false, code: 'meal_not_open' });
	});

	it('works at every live stage and before the doors open (the soup starts early)', () => {
		for (const status of MEAL_STATUSES.filter((s) => s !== 'closed')) {
			const state = board([task('soup')], [], status);
			expect(
				decide(state, timer({ taskId: 'soup', action: 'start', minutes: 5 }), master, { now: 0, newId: () => 'x' }).ok
			).toBe(true);
		}
	});

	it('is the Canteen Master’s alone', () => {
		const state = withTask(task('soup'));
		for (const role of ROLES.filter((r) => r !== 'master')) {
			const actor = role === 'member' ? { role, memberId: 'a' } : { role };
			expect(
				decide(state, timer({ taskId: 'soup', action: 'start', minutes: 5 }), actor, { now: 0, newId: () => 'x' })
			).toEqual({
				ok: false,
				code: 'forbidden'
			});
		}
	});

	it('reads as running, paused or ended at a given server time', () => {
		const t = { durationMs: 25 * MIN, endsAt: 25 * MIN };
		expect(timerView(t, 0)).toEqual({ phase: 'running', remainingMs: 25 * MIN });
		// A clock read a little before the start still shows no more than was set.
		expect(timerView(t, -800)).toEqual({ phase: 'running', remainingMs: 25 * MIN });
		expect(timerView(t, 25 * MIN)).toEqual({ phase: 'ended', remainingMs: 0 });
		expect(timerView(t, 99 * MIN)).toEqual({ phase: 'ended', remainingMs: 0 });
	});

	it('formats whole seconds rounded up, with hours when needed', () => {
		expect(formatCountdown(25 * MIN)).toBe('25:00');
		expect(formatCountdown(25 * MIN - 1)).toBe('25:00');
		expect(formatCountdown(59_001)).toBe('1:00');
		expect(formatCountdown(1)).toBe('0:01');
		expect(formatCountdown(0)).toBe('0:00');
		expect(formatCountdown(-5)).toBe('0:00');
		expect(formatCountdown(90 * MIN + 5_000)).toBe('1:30:05');
	});

	it('gives one announcement key per countdown run', () => {
		expect(timerRunKey(task('soup'))).toBeUndefined();
		expect(timerRunKey(task('soup', { timer: { durationMs: MIN, remainingMs: 5 } }))).toBeUndefined();
		expect(timerRunKey(task('soup', { timer: { durationMs: MIN, endsAt: 42 } }))).toBe('soup:42');
	});

	it('schema: start needs whole minutes from 1 to 600; other actions take none', () => {
		const schema = commandSchemas['task:timer'];
		const ok = (input: unknown) => v.safeParse(schema, input).success;
		expect(ok({ taskId: 't1', action: 'start', minutes: 25 })).toBe(true);
		expect(ok({ taskId: 't1', action: 'pause' })).toBe(true);
		expect(ok({ taskId: 't1', action: 'stop', cid: 'c1' })).toBe(true);
		for (const bad of [
			{ taskId: 't1', action: 'start' },
			{ taskId: 't1', action: 'start', minutes: 0 },
			{ taskId: 't1', action: 'start', minutes: 601 },
			{ taskId: 't1', action: 'start', minutes: 2.5 },
			{ taskId: 't1', action: 'start', minutes: '25' },
			{ taskId: 't1', action: 'pause', minutes: 5 },
			{ taskId: 't1', action: 'explode' },
			{ taskId: 'bad id!', action: 'stop' },
			{ action: 'stop' },
			{ taskId: 't1', action: 'stop', endsAt: 5 }
		]) {
			expect(ok(bad), JSON.stringify(bad)).toBe(false);
		}
	});
});
