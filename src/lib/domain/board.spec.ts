import { describe, expect, it } from 'vitest';
import type { AnyCommand } from '../protocol/schemas.ts';
import { attendance, decide, freePlaces, joinMember, sortTasks } from './board.ts';
import type { BoardState, Change, MealStatus, Task } from './types.ts';
import { board, member, task as taskWith } from '../../../tests/helpers/board-fixtures.ts';

const task = (over: Partial<Task> = {}): Task => taskWith(over.id ?? 't1', over);

const ctx = { now: 100, newId: () => 'new' };
const asMember = (id: string) => ({ role: 'member' as const, memberId: id });
const master = { role: 'master' as const };
const cmd = <C extends AnyCommand>(c: C) => c;

/** Applies changes the way the document does, to chain decisions in a test. */
function apply(state: BoardState, changes: Change[]): BoardState {
	const tasks = new Map(state.tasks);
	const members = new Map(state.members);
	let m = state.meta;
	for (const c of changes) {
		if (c.type === 'task:set') tasks.set(c.task.id, c.task);
		if (c.type === 'task:delete') tasks.delete(c.taskId);
		if (c.type === 'member:set') members.set(c.member.id, c.member);
		if (c.type === 'meta:set') m = c.meta;
	}
	return { meta: m, tasks, members };
}

function ok(decision: ReturnType<typeof decide>) {
	if (!decision.ok) throw new Error(`refused: ${decision.code}`);
	return decision;
}

describe('claiming places', () => {
	it('gives a checked-in member a free place', () => {
		const d = ok(
			decide(board([task()], [member('a')]), cmd({ name: 'task:claim', payload: { taskId: 't1' } }), asMember('a'), ctx)
		);
		expect(d.changes).toEqual([{ type: 'task:set', task: task({ claims: [{ memberId: 'a', at: 100 }] }) }]);
	});

	it('never gives more places than the task has, whatever the order of arrivals', () => {
		let state = board([task({ slots: 1 })], [member('a'), member('b'), member('c')]);
		const answers = ['a', 'b', 'c'].map((id) => {
			const d = decide(state, { name: 'task:claim', payload: { taskId: 't1' } }, asMember(id), ctx);
			if (d.ok) state = apply(state, d.changes);
			return d.ok ? 'ok' : d.code;
		});
		expect(answers).toEqual(['ok', 'task_full', 'task_full']);
		expect(state.tasks.get('t1')!.claims).toHaveLength(1);
	});

	it('refuses the same task twice', () => {
		const state = board([task({ claims: [{ memberId: 'a', at: 1 }] })], [member('a')]);
		expect(decide(state, { name: 'task:claim', payload: { taskId: 't1' } }, asMember('a'), ctx)).toEqual({
			ok: false,
			code: 'already_claimed'
		});
	});

	it('refuses unknown tasks, done tasks and members who are not checked in', () => {
		const state = board(
			[task({ id: 'done', status: 'done' }), task()],
			[member('a'), member('out', { checkedIn: false })]
		);
		const claim = (taskId: string, who: string) =>
			decide(state, { name: 'task:claim', payload: { taskId } }, asMember(who), ctx);
		expect(claim('nope', 'a')).toMatchObject({ code: 'task_not_found' });
		expect(claim('done', 'a')).toMatchObject({ code: 'task_done' });
		expect(claim('t1', 'out')).toMatchObject({ code: 'not_checked_in' });
		expect(claim('t1', 'ghost')).toMatchObject({ code: 'member_not_found' });
	});

	it('lets a member give back only their own place, while the task is open', () => {
		const state = board([task({ claims: [{ memberId: 'a', at: 1 }] })], [member('a'), member('b')]);
		const release = (who: string, s = state) =>
			decide(s, { name: 'task:release', payload: { taskId: 't1' } }, asMember(who), ctx);
		expect(release('b')).toMatchObject({ code: 'not_claimed' });
		expect(ok(release('a')).changes).toEqual([{ type: 'task:set', task: task() }]);
		const done = board([task({ status: 'done', claims: [{ memberId: 'a', at: 1 }] })], [member('a')]);
		expect(release('a', done)).toMatchObject({ code: 'task_done' });
	});

	it('counts free places', () => {
		expect(freePlaces(task({ slots: 3, claims: [{ memberId: 'a', at: 1 }] }))).toBe(2);
		expect(
			freePlaces(
				task({
					slots: 1,
					claims: [
						{ memberId: 'a', at: 1 },
						{ memberId: 'b', at: 1 }
					]
				})
			)
		).toBe(0);
	});
});

describe('done and reopen', () => {
	it('lets a member with a place mark the task done, and undo it', () => {
		let state = board([task({ claims: [{ memberId: 'a', at: 1 }] })], [member('a'), member('b')]);
		expect(decide(state, { name: 'task:done', payload: { taskId: 't1' } }, asMember('b'), ctx)).toMatchObject({
			code: 'not_claimed'
		});
		state = apply(
			state,
			ok(decide(state, { name: 'task:done', payload: { taskId: 't1' } }, asMember('a'), ctx)).changes
		);
		expect(state.tasks.get('t1')).toMatchObject({ status: 'done', doneBy: 'a', doneAt: 100 });
		expect(decide(state, { name: 'task:done', payload: { taskId: 't1' } }, asMember('a'), ctx)).toMatchObject({
			code: 'task_done'
		});
		state = apply(
			state,
			ok(decide(state, { name: 'task:reopen', payload: { taskId: 't1' } }, asMember('a'), ctx)).changes
		);
		expect(state.tasks.get('t1')).toEqual(task({ claims: [{ memberId: 'a', at: 1 }] }));
	});

	it('lets the Canteen Master mark any task done and reopen it', () => {
		let state = board([task()], []);
		state = apply(state, ok(decide(state, { name: 'task:done', payload: { taskId: 't1' } }, master, ctx)).changes);
		expect(state.tasks.get('t1')!.status).toBe('done');
		expect(decide(state, { name: 'task:reopen', payload: { taskId: 't2' } }, master, ctx)).toMatchObject({
			code: 'task_not_found'
		});
		state = apply(state, ok(decide(state, { name: 'task:reopen', payload: { taskId: 't1' } }, master, ctx)).changes);
		expect(decide(state, { name: 'task:reopen', payload: { taskId: 't1' } }, master, ctx)).toMatchObject({
			code: 'task_not_done'
		});
	});
});

describe('the Canteen Master edits tasks', () => {
	it('adds a task at the end with a fresh id', () => {
		const d = ok(
			decide(
				board([task({ order: 4 })], []),
				{ name: 'task:add', payload: { kind: 'table', title: { fr: 'Mettre la table', en: '' }, slots: 3 } },
				master,
				ctx
			)
		);
		expect(d.result).toEqual({ taskId: 'new' });
		expect(d.changes[0]).toMatchObject({
			type: 'task:set',
			task: { id: 'new', order: 5, slots: 3, claims: [], status: 'open' }
		});
	});

	it('edits fields without touching claims, and never below the people on it', () => {
		const state = board(
			[
				task({
					slots: 3,
					claims: [
						{ memberId: 'a', at: 1 },
						{ memberId: 'b', at: 1 }
					]
				})
			],
			[]
		);
		const edit = (payload: { slots?: number; kind?: 'dishes' }) =>
			decide(state, { name: 'task:edit', payload: { taskId: 't1', ...payload } }, master, ctx);
		expect(edit({ slots: 1 })).toMatchObject({ code: 'slots_below_claims' });
		const d = ok(edit({ slots: 2, kind: 'dishes' }));
		expect(d.changes[0]).toMatchObject({ task: { slots: 2, kind: 'dishes', claims: state.tasks.get('t1')!.claims } });
	});

	it('removes tasks and refuses unknown ones', () => {
		const state = board([task()], []);
		expect(ok(decide(state, { name: 'task:remove', payload: { taskId: 't1' } }, master, ctx)).changes).toEqual([
			{ type: 'task:delete', taskId: 't1' }
		]);
		expect(decide(state, { name: 'task:remove', payload: { taskId: 'x' } }, master, ctx)).toMatchObject({
			code: 'task_not_found'
		});
	});

	it('caps the number of tasks', () => {
		const many = Array.from({ length: 120 }, (_, i) => task({ id: `t${i}`, order: i }));
		expect(
			decide(
				board(many, []),
				{ name: 'task:add', payload: { kind: 'other', title: { fr: 'x', en: '' }, slots: 1 } },
				master,
				ctx
			)
		).toMatchObject({ code: 'too_many_tasks' });
	});
});

describe('roles', () => {
	const state = board([task()], [member('a')]);
	it('refuses master commands from members and everything from the kitchen screen', () => {
		expect(decide(state, { name: 'task:remove', payload: { taskId: 't1' } }, asMember('a'), ctx)).toMatchObject({
			code: 'forbidden'
		});
		expect(decide(state, { name: 'meal:status', payload: { status: 'closed' } }, asMember('a'), ctx)).toMatchObject({
			code: 'forbidden'
		});
		for (const c of [
			{ name: 'task:claim', payload: { taskId: 't1' } },
			{ name: 'task:done', payload: { taskId: 't1' } },
			{ name: 'task:add', payload: { kind: 'other', title: { fr: 'x', en: '' }, slots: 1 } }
		] as AnyCommand[]) {
			expect(decide(state, c, { role: 'screen' }, ctx)).toMatchObject({ code: 'forbidden' });
			expect(decide(state, c, { role: 'partner' }, ctx)).toMatchObject({ code: 'forbidden' });
		}
	});

	it('does not let the Canteen Master claim in a member’s name', () => {
		expect(decide(state, { name: 'task:claim', payload: { taskId: 't1' } }, master, ctx)).toMatchObject({
			code: 'forbidden'
		});
	});
});

describe('meal lifecycle', () => {
	it('follows the stages, and refuses members outside a running meal', () => {
		let state = board([task()], [member('a')], 'planned');
		const claim = () => decide(state, { name: 'task:claim', payload: { taskId: 't1' } }, asMember('a'), ctx);
		const status = (s: MealStatus) => decide(state, { name: 'meal:status', payload: { status: s } }, master, ctx);
		expect(claim()).toMatchObject({ code: 'meal_not_open' });
		for (const next of ['open', 'cooking', 'eating', 'closed'] as const) {
			state = apply(state, ok(status(next)).changes);
		}
		expect(state.meta!.status).toBe('closed');
		expect(status('eating')).toMatchObject({ code: 'invalid_transition' });
		expect(claim()).toMatchObject({ code: 'meal_not_open' });
		expect(
			decide(state, { name: 'task:add', payload: { kind: 'other', title: { fr: 'x', en: '' }, slots: 1 } }, master, ctx)
		).toMatchObject({
			code: 'meal_not_open'
		});
	});
});

describe('arrival and departure', () => {
	it('checks a new member in on joining, while the meal runs', () => {
		const d = joinMember(board([], []), { memberId: 'm', name: 'Annie', emoji: '🌻', now: 5 });
		expect(d).toMatchObject({
			ok: true,
			changes: [{ type: 'member:set', member: { id: 'm', checkedIn: true, checkedInAt: 5 } }]
		});
		expect(joinMember(board([], [], 'closed'), { memberId: 'm', name: 'A', emoji: '', now: 5 })).toMatchObject({
			code: 'meal_not_open'
		});
	});

	it('gives back open places on check-out but keeps finished work', () => {
		const state = board(
			[
				task({
					id: 'open',
					claims: [
						{ memberId: 'a', at: 1 },
						{ memberId: 'b', at: 1 }
					]
				}),
				task({ id: 'done', status: 'done', claims: [{ memberId: 'a', at: 1 }] })
			],
			[member('a'), member('b')]
		);
		const after = apply(state, ok(decide(state, { name: 'member:checkout', payload: {} }, asMember('a'), ctx)).changes);
		expect(after.tasks.get('open')!.claims.map((c) => c.memberId)).toEqual(['b']);
		expect(after.tasks.get('done')!.claims.map((c) => c.memberId)).toEqual(['a']);
		expect(after.members.get('a')).toMatchObject({ checkedIn: false, checkedOutAt: 100 });
		const again = ok(decide(after, { name: 'member:checkin', payload: {} }, asMember('a'), ctx));
		expect(again.changes).toEqual([
			{ type: 'member:set', member: { ...after.members.get('a'), checkedIn: true, checkedInAt: 100 } }
		]);
		expect(ok(decide(state, { name: 'member:checkin', payload: {} }, asMember('a'), ctx)).changes).toEqual([]);
	});

	it('counts attendance from check-ins, not from sockets', () => {
		const state = board([], [member('a'), member('b', { checkedIn: false }), member('c')]);
		expect(attendance(state, new Set(['b', 'c', 'zzz']))).toEqual({ checkedIn: 2, joined: 3, online: 2 });
	});
});

it('sorts tasks by order, then age, then id, so ties never flicker', () => {
	const sorted = sortTasks([
		task({ id: 'b', order: 1 }),
		task({ id: 'a', order: 1 }),
		task({ id: 'c', order: 0, createdAt: 9 })
	]);
	expect(sorted.map((t) => t.id)).toEqual(['c', 'a', 'b']);
});
