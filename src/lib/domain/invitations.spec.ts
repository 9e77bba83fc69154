import { describe, expect, it } from 'vitest';
import type { AnyCommand } from '../protocol/schemas.ts';
import { attendance, decide } from './board.ts';
import { moveTask, pendingInvites } from './invitations.ts';
import type { Actor, BoardState, Change } from './types.ts';
import { board, member, task } from '../../../tests/helpers/board-fixtures.ts';

let ids = 0;
const ctx = () => ({ now: 100, newId: () => `id${++ids}` });
const master: Actor = { role: 'master' };
const as = (memberId: string): Actor => ({ role: 'member', memberId });

function apply(state: BoardState, changes: readonly Change[]): BoardState {
	const tasks = new Map(state.tasks);
	const members = new Map(state.members);
	const invites = new Map(state.invites);
	for (const c of changes) {
		if (c.type === 'task:set') tasks.set(c.task.id, c.task);
		if (c.type === 'member:set') members.set(c.member.id, c.member);
		if (c.type === 'invite:set') invites.set(c.invite.id, c.invite);
	}
	return { ...state, tasks, members, invites };
}

/** Runs a command and returns the next state, failing the test on a refusal. */
function run(
	state: BoardState,
	command: AnyCommand,
	actor: Actor
): { state: BoardState; result: Record<string, unknown> } {
	const d = decide(state, command, actor, ctx());
	if (!d.ok) throw new Error(`refused ${command.name}: ${d.code}`);
	return { state: apply(state, d.changes), result: d.result };
}
const code = (state: BoardState, command: AnyCommand, actor: Actor) => {
	const d = decide(state, command, actor, ctx());
	return d.ok ? 'ok' : d.code;
};

describe('walk-ins', () => {
	it('adds a checked-in member without a phone, counted in attendance', () => {
		const { state, result } = run(
			board([task('t1')], []),
			{ name: 'member:walkin', payload: { name: 'Josette' } },
			master
		);
		const added = state.members.get(result.memberId as string)!;
		expect(added).toMatchObject({ name: 'Josette', walkIn: true, checkedIn: true });
		expect(attendance(state, new Set()).checkedIn).toBe(1);
	});

	it("refuses a walk-in's name with a refused word, like a member's own", () => {
		const s = board([task('t1')], []);
		const walkIn = (name: string): AnyCommand => ({ name: 'member:walkin', payload: { name } });
		expect(decide(s, walkIn('Gros Mot'), master, { ...ctx(), refusedWords: ['gros mot'] })).toMatchObject({
			ok: false,
			code: 'name_refused'
		});
		expect(code(s, walkIn('Connard'), master)).toBe('name_refused');
		expect(code(s, walkIn('Josette'), master)).toBe('ok');
	});

	it('lets the Canteen Master assign a walk-in, never a member with a phone', () => {
		const s = board([task('t1', { slots: 1 })], [member('w', { walkIn: true }), member('p')]);
		expect(code(s, { name: 'task:assign', payload: { taskId: 't1', memberId: 'p' } }, master)).toBe('not_walk_in');
		const { state } = run(s, { name: 'task:assign', payload: { taskId: 't1', memberId: 'w' } }, master);
		expect(state.tasks.get('t1')!.claims.map((c) => c.memberId)).toEqual(['w']);
		expect(code(state, { name: 'task:assign', payload: { taskId: 't1', memberId: 'w' } }, master)).toBe(
			'already_claimed'
		);
		const full = apply(state, [{ type: 'member:set', member: member('w2', { walkIn: true }) }]);
		expect(code(full, { name: 'task:assign', payload: { taskId: 't1', memberId: 'w2' } }, master)).toBe('task_full');
		expect(code(s, { name: 'task:assign', payload: { taskId: 't1', memberId: 'w' } }, as('p'))).toBe('forbidden');
	});

	it('checks a walk-in out, giving back open places', () => {
		const s = board([task('t1', { claims: [{ memberId: 'w', at: 1 }] })], [member('w', { walkIn: true })]);
		const { state } = run(s, { name: 'member:checkout-by-master', payload: { memberId: 'w' } }, master);
		expect(state.members.get('w')!.checkedIn).toBe(false);
		expect(state.tasks.get('t1')!.claims).toEqual([]);
		expect(code(s, { name: 'member:checkout-by-master', payload: { memberId: 'zz' } }, master)).toBe(
			'member_not_found'
		);
	});

	it('waits for the meal to run', () => {
		expect(code(board([], [], 'planned'), { name: 'member:walkin', payload: { name: 'A' } }, master)).toBe(
			'meal_not_open'
		);
	});
});

describe('invitations from the Canteen Master', () => {
	const base = () => board([task('t1', { slots: 1 })], [member('ann'), member('bob'), member('w', { walkIn: true })]);
	const invite = (memberId: string) => ({ name: 'task:invite' as const, payload: { taskId: 't1', memberId } });

	it('creates one pending invitation per member and task, shown on that phone only', () => {
		const { state, result } = run(base(), invite('ann'), master);
		expect(state.invites!.get(result.inviteId as string)).toMatchObject({
			taskId: 't1',
			memberId: 'ann',
			by: 'master',
			kind: 'invite',
			status: 'pending'
		});
		expect(pendingInvites(state).filter((i) => i.memberId === 'ann')).toHaveLength(1);
		expect(pendingInvites(state).filter((i) => i.memberId === 'bob')).toHaveLength(0);
		expect(code(state, invite('ann'), master)).toBe('already_invited');
		expect(code(state, invite('w'), master)).toBe('walk_in');
		expect(code(state, invite('ann'), as('bob'))).toBe('forbidden');
	});

	it('claims the place on accept, only by the invited member', () => {
		const { state, result } = run(base(), invite('ann'), master);
		const answer = (accept: boolean) => ({
			name: 'invite:answer' as const,
			payload: { inviteId: result.inviteId as string, accept }
		});
		expect(code(state, answer(true), as('bob'))).toBe('invite_not_found');
		expect(code(state, answer(true), master)).toBe('forbidden');
		const after = run(state, answer(true), as('ann')).state;
		expect(after.tasks.get('t1')!.claims.map((c) => c.memberId)).toEqual(['ann']);
		expect(after.invites!.get(result.inviteId as string)!.status).toBe('accepted');
		expect(code(after, answer(false), as('ann'))).toBe('invite_closed');
	});

	it('answers task_full when the place went meanwhile, and closes the invitation', () => {
		const { state, result } = run(base(), invite('ann'), master);
		const taken = run(state, { name: 'task:claim', payload: { taskId: 't1' } }, as('bob')).state;
		const d = decide(
			taken,
			{ name: 'invite:answer', payload: { inviteId: result.inviteId as string, accept: true } },
			as('ann'),
			ctx()
		);
		expect(d).toMatchObject({ ok: false, code: 'task_full' });
		const closed = apply(taken, (d as { changes: Change[] }).changes);
		expect(closed.invites!.get(result.inviteId as string)!.status).toBe('cancelled');
		expect(closed.tasks.get('t1')!.claims.map((c) => c.memberId)).toEqual(['bob']);
	});

	it('declines kindly, leaving the task as it was; the Canteen Master can withdraw', () => {
		const first = run(base(), invite('ann'), master);
		const id = first.result.inviteId as string;
		const declined = run(first.state, { name: 'invite:answer', payload: { inviteId: id, accept: false } }, as('ann'));
		expect(declined.state.tasks).toEqual(first.state.tasks);
		expect(declined.state.invites!.get(id)!.status).toBe('declined');

		const second = run(first.state, { name: 'invite:cancel', payload: { inviteId: id } }, master).state;
		expect(second.invites!.get(id)!.status).toBe('cancelled');
		expect(code(first.state, { name: 'invite:cancel', payload: { inviteId: id } }, as('ann'))).toBe('invite_not_found');
	});
});

describe('removing a task', () => {
	it('cancels the invitations still waiting on it, and only those', () => {
		const s = board([task('t1'), task('t2')], [member('ann'), member('bob')]);
		const first = run(s, { name: 'task:invite', payload: { taskId: 't1', memberId: 'ann' } }, master);
		const second = run(first.state, { name: 'task:invite', payload: { taskId: 't2', memberId: 'bob' } }, master);
		const d = decide(second.state, { name: 'task:remove', payload: { taskId: 't1' } }, master, ctx());
		expect(d.ok).toBe(true);
		const changes = (d as { changes: Change[] }).changes;
		expect(changes).toContainEqual({ type: 'task:delete', taskId: 't1' });
		const cancelled = changes.flatMap((c) => (c.type === 'invite:set' ? [c.invite] : []));
		expect(cancelled).toEqual([expect.objectContaining({ id: first.result.inviteId, status: 'cancelled' })]);
	});
});

describe('hand-overs', () => {
	const held = () =>
		board(
			[task('t1', { slots: 1, claims: [{ memberId: 'ann', at: 1 }] })],
			[member('ann'), member('bob'), member('cid', { checkedIn: false }), member('w', { walkIn: true })]
		);
	const offer = (to: string) => ({ name: 'task:handover' as const, payload: { taskId: 't1', toMemberId: to } });

	it('moves the place in one change on accept', () => {
		const { state, result } = run(held(), offer('bob'), as('ann'));
		const d = decide(
			state,
			{ name: 'invite:answer', payload: { inviteId: result.inviteId as string, accept: true } },
			as('bob'),
			ctx()
		);
		expect(d.ok).toBe(true);
		const taskChanges = (d as { changes: Change[] }).changes.filter((c) => c.type === 'task:set');
		expect(taskChanges).toHaveLength(1);
		const after = apply(state, (d as { changes: Change[] }).changes);
		expect(after.tasks.get('t1')!.claims.map((c) => c.memberId)).toEqual(['bob']);
	});

	it('keeps the place with the giver on decline', () => {
		const { state, result } = run(held(), offer('bob'), as('ann'));
		const after = run(
			state,
			{ name: 'invite:answer', payload: { inviteId: result.inviteId as string, accept: false } },
			as('bob')
		).state;
		expect(after.tasks.get('t1')!.claims.map((c) => c.memberId)).toEqual(['ann']);
	});

	it('is refused without a place, to someone not checked in, already on it, or without a phone', () => {
		expect(code(held(), offer('ann'), as('bob'))).toBe('not_claimed');
		expect(code(held(), offer('cid'), as('ann'))).toBe('not_checked_in');
		expect(code(held(), offer('ann'), as('ann'))).toBe('already_claimed');
		expect(code(held(), offer('w'), as('ann'))).toBe('walk_in');
		expect(code(held(), offer('nobody'), as('ann'))).toBe('member_not_found');
	});

	it('closes what is pending when the giver leaves', () => {
		const { state, result } = run(held(), offer('bob'), as('ann'));
		const left = run(state, { name: 'member:checkout', payload: {} }, as('ann')).state;
		expect(left.invites!.get(result.inviteId as string)!.status).toBe('cancelled');
		expect(pendingInvites(left).filter((i) => i.memberId === 'bob')).toEqual([]);
	});
});

describe('moving a task', () => {
	const tasks = [
		task('a', { order: 0 }),
		task('x', { order: 1, kind: 'table' }),
		task('b', { order: 1 }),
		task('c', { order: 5 })
	];
	const order = (s: BoardState) =>
		[...s.tasks.values()]
			.filter((t) => t.kind === 'cooking')
			.sort((p, q) => p.order - q.order)
			.map((t) => t.id);

	it('swaps with the neighbour of the same kind, renumbering in one change set', () => {
		const s = board(tasks, []);
		const d = moveTask(s, 'c', 'up');
		if (!d.ok) throw new Error(d.code);
		expect(order(apply(s, d.changes))).toEqual(['a', 'c', 'b']);
		const up = moveTask(s, 'b', 'up');
		if (!up.ok) throw new Error(up.code);
		expect(order(apply(s, up.changes))).toEqual(['b', 'a', 'c']);
	});

	it('changes nothing at the edge, and knows no unknown task', () => {
		expect(moveTask(board(tasks, []), 'a', 'up')).toEqual({ ok: true, changes: [], result: {} });
		expect(moveTask(board(tasks, []), 'c', 'down')).toEqual({ ok: true, changes: [], result: {} });
		expect(moveTask(board(tasks, []), 'zz', 'up')).toEqual({ ok: false, code: 'task_not_found' });
	});

	it('is for the Canteen Master only', () => {
		const s = board(tasks, [member('ann')]);
		expect(code(s, { name: 'task:move', payload: { taskId: 'a', direction: 'down' } }, as('ann'))).toBe('forbidden');
		expect(code(s, { name: 'task:move', payload: { taskId: 'a', direction: 'down' } }, master)).toBe('ok');
	});
});
