import { describe, expect, it } from 'vitest';
import { board, member, task } from '../../../tests/helpers/board-fixtures.ts';
import { arrivalOf, departureOf } from './attendance.ts';
import { decide } from './board.ts';
import type { Actor, BoardState, Change, Invite } from './types.ts';

const ctx = (now = 500) => ({ now, newId: () => 'id' });
const master: Actor = { role: 'master' };

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

const pending: Invite = {
	id: 'i1',
	taskId: 't2',
	memberId: 'm_a',
	by: 'master',
	kind: 'invite',
	createdAt: 2,
	status: 'pending'
};

describe('arrival and departure', () => {
	it('marks a phone member gone: places given back, invitations closed, departure recorded', () => {
		const state = board(
			[task('t1', { claims: [{ memberId: 'm_a', at: 3 }] }), task('t2')],
			[member('m_a', { joinedAt: 10, checkedInAt: 10 })],
			'eating',
			[pending]
		);
		const d = decide(state, { name: 'member:gone', payload: { memberId: 'm_a' } }, master, ctx());
		if (!d.ok) throw new Error(d.code);
		const after = apply(state, d.changes);
		const gone = after.members.get('m_a')!;
		expect(gone).toMatchObject({ checkedIn: false, checkedOutAt: 500, leftAt: 500 });
		expect(arrivalOf(gone)).toBe(10);
		expect(departureOf(gone)).toBe(500);
		expect(after.tasks.get('t1')?.claims).toEqual([]);
		expect(after.invites?.get('i1')?.status).toBe('cancelled');
		// Twice is once.
		expect(decide(after, { name: 'member:gone', payload: { memberId: 'm_a' } }, master, ctx(600))).toMatchObject({
			ok: true,
			changes: []
		});
	});

	it('refuses walk-ins, unknown members, members and closed meals', () => {
		const state = board([], [member('w', { walkIn: true }), member('m_a')]);
		const gone = (memberId: string, actor: Actor = master, s = state) => {
			const d = decide(s, { name: 'member:gone', payload: { memberId } }, actor, ctx());
			return d.ok ? 'ok' : d.code;
		};
		expect(gone('w')).toBe('walk_in');
		expect(gone('nobody')).toBe('member_not_found');
		expect(gone('m_a', { role: 'member', memberId: 'm_a' })).toBe('forbidden');
		expect(gone('m_a', { role: 'screen' })).toBe('forbidden');
		expect(gone('m_a', master, { ...state, meta: { ...state.meta!, status: 'closed' } })).toBe('meal_not_open');
	});

	it('records the departure of everyone still here when the meal closes, and a check-out as a departure', () => {
		const state = board(
			[],
			[member('here', { joinedAt: 1 }), member('left', { checkedIn: false, checkedOutAt: 40 })],
			'eating'
		);
		const d = decide(state, { name: 'meal:status', payload: { status: 'closed' } }, master, ctx(900));
		if (!d.ok) throw new Error(d.code);
		const after = apply(state, d.changes);
		expect(departureOf(after.members.get('here')!)).toBe(900);
		// Still counted as checked in: closing is not a check-out.
		expect(after.members.get('here')?.checkedIn).toBe(true);
		expect(departureOf(after.members.get('left')!)).toBe(40);
		expect(after.members.get('left')).not.toHaveProperty('leftAt');
	});

	it('forgets a departure when the member checks in again', () => {
		const state = board([], [member('m_a', { checkedIn: false, checkedOutAt: 40, leftAt: 40 })], 'eating');
		const d = decide(state, { name: 'member:checkin', payload: {} }, { role: 'member', memberId: 'm_a' }, ctx(50));
		if (!d.ok) throw new Error(d.code);
		const back = apply(state, d.changes).members.get('m_a')!;
		expect(departureOf(back)).toBeUndefined();
		expect(back).not.toHaveProperty('leftAt');
	});
});
