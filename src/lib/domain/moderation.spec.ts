import { describe, expect, it } from 'vitest';
import type { AnyCommand } from '../protocol/schemas.ts';
import { decide } from './board.ts';
import { cleanWordList, DEFAULT_REFUSED_WORDS, nameRefused } from './moderation.ts';
import { board, member, task } from '../../../tests/helpers/board-fixtures.ts';

const ctx = { now: 100, newId: () => 'x' };
const cmd = (name: string, payload: Record<string, unknown>) => ({ name, payload }) as AnyCommand;

describe('refused words in names', () => {
	it('matches whole words, ignoring case, accents and simple plurals', () => {
		expect(nameRefused('Clément', ['clem'])).toBe(false);
		expect(nameRefused('CLÉM la cuisinière', ['clem'])).toBe(true);
		expect(nameRefused('Bob l’Éponges', ['eponge'])).toBe(true);
		expect(nameRefused('Un gros-mot', ['gros mot'])).toBe(true);
		expect(nameRefused('Un gros chat', ['gros mot'])).toBe(false);
		expect(nameRefused('Annie', [])).toBe(false);
	});

	it('refuses the built-in insults in both languages, not names that contain them', () => {
		expect(nameRefused('Connard', DEFAULT_REFUSED_WORDS)).toBe(true);
		expect(nameRefused('big FUCKER', DEFAULT_REFUSED_WORDS)).toBe(true);
		expect(nameRefused('Scunthorpe', DEFAULT_REFUSED_WORDS)).toBe(false);
		expect(nameRefused('Pédro', DEFAULT_REFUSED_WORDS)).toBe(false);
		expect(nameRefused('Jean en retard', DEFAULT_REFUSED_WORDS)).toBe(false);
	});

	it('cleans a canteen’s list: trimmed, blanks and folded duplicates dropped', () => {
		expect(cleanWordList([' Chou  fleur ', '', '  ', 'chou fleur', 'Éponge', 'eponge'])).toEqual([
			'Chou fleur',
			'Éponge'
		]);
	});
});

describe('moderation commands', () => {
	it('removes a member: open places given back, done work kept, invitations closed', () => {
		const state = board(
			[
				task('open', { claims: [{ memberId: 'a', at: 1 }] }),
				task('done', { status: 'done', claims: [{ memberId: 'a', at: 1 }] })
			],
			[member('a'), member('b')],
			'open',
			[{ id: 'i1', taskId: 'open', memberId: 'a', by: 'master', kind: 'invite', createdAt: 1, status: 'pending' }]
		);
		const d = decide(state, cmd('member:remove', { memberId: 'a' }), { role: 'master' }, ctx);
		expect(d.ok && d.changes).toEqual([
			{ type: 'task:set', task: task('open') },
			{ type: 'invite:set', invite: expect.objectContaining({ id: 'i1', status: 'cancelled' }) },
			{ type: 'member:delete', memberId: 'a' }
		]);
		expect(d.ok && d.effects).toEqual([{ type: 'member:disconnect', memberId: 'a' }]);
		const banned = decide(state, cmd('member:ban', { memberId: 'a' }), { role: 'master' }, ctx);
		expect(banned.ok && banned.effects).toEqual([
			{ type: 'ban:record', memberId: 'a', name: 'a' },
			{ type: 'member:disconnect', memberId: 'a' }
		]);
	});

	it('is for the Canteen Master only', () => {
		const state = board([], [member('a')]);
		for (const role of ['member', 'screen', 'partner'] as const) {
			expect(decide(state, cmd('member:remove', { memberId: 'a' }), { role, memberId: 'a' }, ctx)).toEqual({
				ok: false,
				code: 'forbidden'
			});
		}
	});

	it('refuses renames to a refused word, and blocking a walk-in', () => {
		const state = board([], [member('a'), member('w', { walkIn: true })]);
		const rename = (name: string) =>
			decide(
				state,
				cmd('member:rename-by-master', { memberId: 'a', name }),
				{ role: 'master' },
				{ ...ctx, refusedWords: ['chou'] }
			);
		expect(rename('Chou')).toEqual({ ok: false, code: 'name_refused' });
		expect(rename('Choupette').ok).toBe(true);
		expect(
			decide(
				state,
				cmd('member:rename', { name: 'CHOUX' }),
				{ role: 'member', memberId: 'a' },
				{ ...ctx, refusedWords: ['chou'] }
			)
		).toEqual({
			ok: false,
			code: 'name_refused'
		});
		expect(decide(state, cmd('member:ban', { memberId: 'w' }), { role: 'master' }, ctx)).toEqual({
			ok: false,
			code: 'walk_in'
		});
	});

	it('lists and words work on a closed meal; removing does not', () => {
		const state = board([], [member('a')], 'closed');
		expect(decide(state, cmd('ban:list', {}), { role: 'master' }, ctx).ok).toBe(true);
		expect(decide(state, cmd('words:set', { words: [] }), { role: 'master' }, ctx).ok).toBe(true);
		expect(decide(state, cmd('member:remove', { memberId: 'a' }), { role: 'master' }, ctx)).toEqual({
			ok: false,
			code: 'meal_not_open'
		});
	});
});
