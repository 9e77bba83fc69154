import { describe, expect, it } from 'vitest';
import { board, member, task } from '../../../tests/helpers/board-fixtures.ts';
import { decide } from './board.ts';
import { eraseBoardChanges, erasedMember } from './erasure.ts';
import { MEAL_STATUSES, type Invite } from './types.ts';

const ctx = { now: 100, newId: () => 'new' };
const erase = { name: 'member:erase', payload: {} } as const;
const invite = (id: string, memberId: string, by: string, status: Invite['status'] = 'pending'): Invite => ({
	id,
	taskId: 't1',
	memberId,
	by,
	kind: 'invite',
	createdAt: 1,
	status
});

describe('member:erase', () => {
	const claimed = task('t1', { claims: [{ memberId: 'a', at: 1 }] });
	const state = board(
		[claimed],
		[member('a', { name: 'Awa', emoji: '🌻', locale: 'fr', checkedOutAt: 5 }), member('b')],
		'open',
		[
			invite('i1', 'a', 'master'),
			invite('i2', 'b', 'a'),
			invite('i3', 'a', 'master', 'accepted'),
			invite('i4', 'b', 'master')
		]
	);

	it('keeps the member as a nameless neighbour, their claim, and withdraws invitations still open', () => {
		const decision = decide(state, erase, { role: 'member', memberId: 'a' }, ctx);
		expect(decision).toEqual({
			ok: true,
			result: {},
			changes: [
				{
					type: 'member:set',
					member: {
						id: 'a',
						name: '',
						emoji: '',
						joinedAt: 1,
						checkedIn: true,
						checkedInAt: 1,
						checkedOutAt: 5,
						erased: true
					}
				},
				{ type: 'invite:set', invite: invite('i1', 'a', 'master', 'cancelled') },
				{ type: 'invite:set', invite: invite('i2', 'b', 'a', 'cancelled') }
			],
			effects: [{ type: 'member:erase', memberId: 'a' }]
		});
	});

	it('works at every stage, only on oneself, and only for members', () => {
		for (const status of MEAL_STATUSES) {
			const d = decide(board([], [member('a')], status), erase, { role: 'member', memberId: 'a' }, ctx);
			expect(d.ok, status).toBe(true);
		}
		for (const role of ['master', 'screen', 'partner'] as const)
			expect(decide(state, erase, { role }, ctx)).toEqual({ ok: false, code: 'forbidden' });
	});

	it('is idempotent: an erased member, or one no longer on the board, changes nothing but still asks the records erased', () => {
		const erased = board([], [erasedMember(member('a'))]);
		for (const s of [erased, board([], [])])
			expect(decide(s, erase, { role: 'member', memberId: 'a' }, ctx)).toEqual({
				ok: true,
				result: {},
				changes: [],
				effects: [{ type: 'member:erase', memberId: 'a' }]
			});
	});

	it('erases a whole board for the retention job, once', () => {
		const changes = eraseBoardChanges(state);
		expect(changes.filter((c) => c.type === 'member:set')).toHaveLength(2);
		const after = board([claimed], [erasedMember(member('a')), erasedMember(member('b'))]);
		expect(eraseBoardChanges(after)).toEqual([]);
	});
});
