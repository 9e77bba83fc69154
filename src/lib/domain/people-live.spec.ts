import { describe, expect, it } from 'vitest';
import type { AnyCommand } from '../protocol/schemas.ts';
import { decide } from './board.ts';
import { board, member, meta } from '../../../tests/helpers/board-fixtures.ts';

const ctx = { now: 100, newId: () => 'x' };
const cmd = (name: string, payload: Record<string, unknown>) => ({ name, payload }) as AnyCommand;
const profile = { consent: true, facts: [], languages: ['fr'] };

describe('people commands on the board', () => {
	const state = board([], [member('a'), member('b')]);

	it('lets a member on the board read and write their own profile, changing nothing', () => {
		for (const c of [cmd('profile:get', {}), cmd('profile:set', { profile })]) {
			expect(decide(state, c, { role: 'member', memberId: 'a' }, ctx)).toEqual({ ok: true, changes: [], result: {} });
			expect(decide(state, c, { role: 'member', memberId: 'gone' }, ctx)).toEqual({
				ok: false,
				code: 'member_not_found'
			});
			expect(decide(state, c, { role: 'master' }, ctx)).toMatchObject({ ok: false, code: 'forbidden' });
			expect(decide(state, c, { role: 'screen' }, ctx)).toMatchObject({ ok: false, code: 'forbidden' });
		}
	});

	it('works at any stage: what was shared can be taken back after the meal', () => {
		const closed = { ...board([], [member('a')]), meta: meta('closed') };
		const planned = { ...board([], [member('a')]), meta: meta('planned') };
		for (const s of [closed, planned]) {
			expect(decide(s, cmd('profile:set', { profile }), { role: 'member', memberId: 'a' }, ctx)).toMatchObject({
				ok: true
			});
			expect(decide(s, cmd('people:get', {}), { role: 'master' }, ctx)).toMatchObject({ ok: true });
		}
	});

	it('lets the Canteen Master read people and mark an introduction between two members here', () => {
		expect(decide(state, cmd('people:get', {}), { role: 'master' }, ctx)).toEqual({
			ok: true,
			changes: [],
			result: {}
		});
		expect(decide(state, cmd('intro:done', { a: 'a', b: 'b' }), { role: 'master' }, ctx)).toMatchObject({ ok: true });
		expect(decide(state, cmd('intro:done', { a: 'a', b: 'z' }), { role: 'master' }, ctx)).toEqual({
			ok: false,
			code: 'member_not_found'
		});
		for (const role of ['member', 'screen', 'partner'] as const) {
			expect(decide(state, cmd('people:get', {}), { role, memberId: 'a' }, ctx)).toMatchObject({ code: 'forbidden' });
			expect(decide(state, cmd('intro:done', { a: 'a', b: 'b' }), { role, memberId: 'a' }, ctx)).toMatchObject({
				code: 'forbidden'
			});
		}
	});
});
