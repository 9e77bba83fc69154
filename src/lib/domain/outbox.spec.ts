import { describe, expect, it } from 'vitest';
import { member, meta, task } from '../../../tests/helpers/board-fixtures.ts';
import {
	applyQueued,
	cancels,
	isExpired,
	isQueueable,
	MAX_WAIT_MS,
	mealEnd,
	replayOutcome,
	type QueuedCommand
} from './outbox.ts';

const entry = (over: Partial<QueuedCommand>): QueuedCommand => ({
	cid: `c-${Math.random()}`,
	mealId: 'meal',
	command: 'task:claim',
	taskId: 't1',
	queuedAt: 1_000,
	...over
});
const at = (iso: string) => new Date(iso).getTime();

describe('which taps wait on the phone', () => {
	it('keeps a member’s own task taps and check-in, nothing else', () => {
		for (const name of ['task:claim', 'task:release', 'task:done', 'task:reopen', 'member:checkin'])
			expect(isQueueable(name), name).toBe(true);
		for (const name of ['member:checkout', 'member:rename', 'invite:answer', 'task:add', 'meal:status', 'profile:set'])
			expect(isQueueable(name), name).toBe(false);
	});
});

describe('how long a tap waits', () => {
	const lunch = { ...meta('open'), date: '2026-11-25', time: '12:30' };

	it('ends with the meal: its planned duration, two hours when none was planned', () => {
		expect(mealEnd(lunch)).toBe(at('2026-11-25T14:30'));
		const planned = {
			...lunch,
			plan: { durationMinutes: 90, menu: { dishes: [] }, pricePerPlateCents: 0, capacity: 1 }
		};
		expect(mealEnd(planned as typeof lunch)).toBe(at('2026-11-25T14:00'));
		expect(mealEnd({ ...lunch, date: 'soon' })).toBeUndefined();
	});

	it('drops a tap once the meal is over, but never one made in the last half hour', () => {
		const duringLunch = entry({ queuedAt: at('2026-11-25T13:00') });
		expect(isExpired(duringLunch, lunch, at('2026-11-25T14:00'))).toBe(false);
		expect(isExpired(duringLunch, lunch, at('2026-11-25T14:31'))).toBe(true);
		const lastMinute = entry({ queuedAt: at('2026-11-25T14:25') });
		expect(isExpired(lastMinute, lunch, at('2026-11-25T14:40'))).toBe(false);
		expect(isExpired(lastMinute, lunch, at('2026-11-25T14:56'))).toBe(true);
	});

	it('drops every tap of a closed meal, and any tap older than the longest wait', () => {
		const now = at('2026-11-25T13:00');
		expect(isExpired(entry({ queuedAt: now - 1 }), { ...lunch, status: 'closed' }, now)).toBe(true);
		expect(isExpired(entry({ queuedAt: now - MAX_WAIT_MS - 1 }), undefined, now)).toBe(true);
		expect(isExpired(entry({ queuedAt: now - 60_000 }), undefined, now)).toBe(false);
	});
});

describe('the board while taps wait', () => {
	const tasks = [
		task('t1'),
		task('t2', { slots: 1, claims: [{ memberId: 'b', at: 1 }] }),
		task('t3', { claims: [{ memberId: 'me', at: 1 }] })
	];
	const members = new Map([['me', member('me', { checkedIn: false })]]);

	it('shows my waiting claim, release, done and check-in as if sent', () => {
		const view = applyQueued(
			tasks,
			members,
			[
				entry({ command: 'member:checkin', taskId: undefined }),
				entry({ command: 'task:claim', taskId: 't1' }),
				entry({ command: 'task:done', taskId: 't3' })
			],
			'me'
		);
		expect(view.tasks[0]!.claims).toEqual([{ memberId: 'me', at: 1_000 }]);
		expect(view.tasks[2]).toMatchObject({ status: 'done', doneBy: 'me' });
		expect(view.members.get('me')?.checkedIn).toBe(true);
		expect(tasks[0]!.claims).toEqual([]);
		expect(members.get('me')?.checkedIn).toBe(false);
		const released = applyQueued(tasks, members, [entry({ command: 'task:release', taskId: 't3' })], 'me');
		expect(released.tasks[2]!.claims).toEqual([]);
	});

	it('never shows what could not happen: a claim on a full task, a tap on a task gone', () => {
		const view = applyQueued(
			tasks,
			members,
			[entry({ command: 'task:claim', taskId: 't2' }), entry({ command: 'task:claim', taskId: 'gone' })],
			'me'
		);
		expect(view.tasks).toEqual(tasks);
		expect(applyQueued(tasks, members, [], 'me').tasks).toEqual(tasks);
	});
});

describe('undoing a waiting tap', () => {
	it('lets giving back cancel a claim still on the phone, but not one that may have left', () => {
		const claim = entry({ command: 'task:claim', taskId: 't1' });
		expect(cancels([claim], { command: 'task:release', taskId: 't1' })).toBe(claim);
		expect(cancels([claim], { command: 'task:release', taskId: 't2' })).toBeUndefined();
		expect(cancels([{ ...claim, sent: true }], { command: 'task:release', taskId: 't1' })).toBeUndefined();
		const done = entry({ command: 'task:done', taskId: 't1' });
		expect(cancels([claim, done], { command: 'task:reopen', taskId: 't1' })).toBe(done);
		expect(cancels([claim, done], { command: 'task:release', taskId: 't1' })).toBeUndefined();
	});
});

describe('the answer to a replayed tap', () => {
	it('removes what was applied, keeps what met a closed door, rolls back what was refused', () => {
		expect(replayOutcome('task:claim', { ok: true })).toBe('sent');
		expect(replayOutcome('task:claim', { ok: false, code: 'already_claimed' })).toBe('sent');
		expect(replayOutcome('task:release', { ok: false, code: 'not_claimed' })).toBe('sent');
		for (const code of ['unavailable', 'rate_limited', 'saving_paused', 'internal'])
			expect(replayOutcome('task:claim', { ok: false, code }), code).toBe('retry');
		expect(replayOutcome('task:claim', { ok: false, code: 'task_full' })).toBe('refused');
		expect(replayOutcome('task:release', { ok: false, code: 'task_done' })).toBe('refused');
	});
});
