import { describe, expect, it } from 'vitest';
import type { AnyCommand } from '../protocol/schemas.ts';
import { MEAL_STATUSES } from './types.ts';
import { decide } from './board.ts';
import { board, member, meta } from '../../../tests/helpers/board-fixtures.ts';

const ctx = { now: 100, newId: () => 'x' };
const answer = { name: 'survey:answer', payload: { community: 'yes' } } as AnyCommand;
const get = { name: 'survey:get', payload: {} } as AnyCommand;

describe('survey commands on the board', () => {
	it('lets a member of the meal answer at the table and after the meal, changing nothing', () => {
		for (const status of MEAL_STATUSES) {
			const state = { ...board([], [member('a')]), meta: meta(status) };
			const open = status === 'eating' || status === 'closed';
			expect(decide(state, answer, { role: 'member', memberId: 'a' }, ctx), status).toEqual(
				open ? { ok: true, changes: [], result: {} } : { ok: false, code: 'survey_not_open' }
			);
			// Reading one's own answer back works at every stage (null before).
			expect(decide(state, get, { role: 'member', memberId: 'a' }, ctx), status).toMatchObject({ ok: true });
		}
	});

	it('refuses anyone but a member on the board', () => {
		const state = { ...board([], [member('a')]), meta: meta('eating') };
		for (const c of [answer, get]) {
			expect(decide(state, c, { role: 'member', memberId: 'gone' }, ctx)).toEqual({
				ok: false,
				code: 'member_not_found'
			});
			for (const role of ['master', 'screen'] as const)
				expect(decide(state, c, { role }, ctx), role).toMatchObject({ ok: false, code: 'forbidden' });
		}
	});
});
