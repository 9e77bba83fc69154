import { describe, expect, it } from 'vitest';
import { decide } from './board.ts';
import {
	checkedInIds,
	decideMemberLocale,
	decidePromptClear,
	decidePromptPush,
	languagesPresent,
	promptLines
} from './prompts-live.ts';
import type { BoardState, LivePrompt, MealMeta, Member } from './types.ts';

const meta: MealMeta = {
	id: 'meal1',
	canteenId: 'c1',
	title: 'Déjeuner',
	date: '2026-11-25',
	time: '12:00',
	status: 'eating'
};
const member = (id: string, over: Partial<Member> = {}): Member => ({
	id,
	name: id,
	emoji: '',
	joinedAt: 1,
	checkedIn: true,
	...over
});
const state = (members: Member[], prompt?: LivePrompt): BoardState => ({
	meta,
	tasks: new Map(),
	members: new Map(members.map((m) => [m.id, m])),
	...(prompt ? { prompt } : {})
});
const library: Record<string, { fr: string; en: string }> = { 'fm-001': { fr: 'Quel plat ?', en: 'Which dish?' } };
const ctx = { now: 500, newId: () => 'lp1', lookupPrompt: (id: string) => library[id] };
const people = [member('b'), member('a'), member('gone', { checkedIn: false })];

describe('decidePromptPush', () => {
	it('pushes the canteen’s own prompt the server loaded, and refuses it archived', () => {
		const own = { id: 'cp_1', text: { fr: 'Un tajine ?', en: '' }, archived: false };
		const d = decidePromptPush(state(people), { promptId: 'cp_1' }, { ...ctx, ownPrompt: own });
		expect(d).toMatchObject({
			ok: true,
			changes: [{ type: 'prompt:set', prompt: { promptId: 'cp_1', text: { fr: 'Un tajine ?', en: '' } } }]
		});
		expect(
			decidePromptPush(state(people), { promptId: 'cp_1' }, { ...ctx, ownPrompt: { ...own, archived: true } })
		).toEqual({ ok: false, code: 'prompt_archived' });
		// Loaded for another id (never the case from the server), it is not used.
		expect(decidePromptPush(state(people), { promptId: 'cp_2' }, { ...ctx, ownPrompt: own })).toEqual({
			ok: false,
			code: 'prompt_not_found'
		});
	});

	it('puts a library prompt into the board for everyone, heard by those checked in', () => {
		const d = decidePromptPush(state(people), { promptId: 'fm-001' }, ctx);
		const prompt = { id: 'lp1', promptId: 'fm-001', text: { fr: 'Quel plat ?', en: 'Which dish?' }, pushedAt: 500 };
		expect(d).toEqual({
			ok: true,
			changes: [{ type: 'prompt:set', prompt }],
			result: { id: 'lp1' },
			effects: [{ type: 'prompt:record', canteenId: 'c1', promptId: 'fm-001', usedAt: 500, audience: ['a', 'b'] }]
		});
	});

	it('keeps a prompt for one member out of the board', () => {
		const d = decidePromptPush(state(people), { text: { fr: 'Et vous ?', en: '' }, to: 'a' }, ctx);
		expect(d.ok && d.changes).toEqual([]);
		// A one-off text is delivered, and not kept in the history (it is not in the library).
		expect(d.ok && d.effects).toEqual([
			{ type: 'prompt:deliver', to: 'a', prompt: { id: 'lp1', text: { fr: 'Et vous ?', en: '' }, pushedAt: 500 } }
		]);
	});

	it('refuses an unknown library id, an unknown member and someone not checked in', () => {
		expect(decidePromptPush(state(people), { promptId: 'nope' }, ctx)).toEqual({ ok: false, code: 'prompt_not_found' });
		expect(decidePromptPush(state(people), { promptId: 'fm-001' }, { now: 1, newId: () => 'x' })).toEqual({
			ok: false,
			code: 'prompt_not_found'
		});
		expect(decidePromptPush(state(people), { promptId: 'fm-001', to: 'zed' }, ctx)).toEqual({
			ok: false,
			code: 'member_not_found'
		});
		expect(decidePromptPush(state(people), { promptId: 'fm-001', to: 'gone' }, ctx)).toEqual({
			ok: false,
			code: 'recipient_not_here'
		});
	});
});

describe('decide with prompt commands', () => {
	const master = { role: 'master' as const };
	it('lets only the Canteen Master push, clear and read the history', () => {
		const s = state(people);
		for (const role of ['member', 'screen', 'partner'] as const) {
			const actor = { role, memberId: 'a' };
			expect(decide(s, { name: 'prompt:push', payload: { promptId: 'fm-001' } }, actor, ctx)).toEqual({
				ok: false,
				code: 'forbidden'
			});
			expect(decide(s, { name: 'prompt:clear', payload: {} }, actor, ctx).ok).toBe(false);
			expect(decide(s, { name: 'prompt:history', payload: {} }, actor, ctx).ok).toBe(false);
		}
		expect(decide(s, { name: 'prompt:push', payload: { promptId: 'fm-001' } }, master, ctx).ok).toBe(true);
		expect(decide(s, { name: 'prompt:history', payload: {} }, master, ctx)).toEqual({
			ok: true,
			changes: [],
			result: {}
		});
	});

	it('lets a member set the language of their phone, and nobody else', () => {
		const s = state(people);
		expect(
			decide(s, { name: 'member:locale', payload: { locale: 'en' } }, { role: 'member', memberId: 'a' }, ctx)
		).toEqual({ ok: true, changes: [{ type: 'member:set', member: { ...member('a'), locale: 'en' } }], result: {} });
		expect(decide(s, { name: 'member:locale', payload: { locale: 'en' } }, master, ctx)).toEqual({
			ok: false,
			code: 'forbidden'
		});
	});

	it('refuses pushing on a closed meal', () => {
		const closed = { ...state(people), meta: { ...meta, status: 'closed' as const } };
		expect(decide(closed, { name: 'prompt:push', payload: { promptId: 'fm-001' } }, master, ctx)).toEqual({
			ok: false,
			code: 'meal_not_open'
		});
	});
});

describe('clear and locale', () => {
	it('clears the prompt, and clearing nothing changes nothing', () => {
		const live: LivePrompt = { id: 'p', text: { fr: 'x', en: '' }, pushedAt: 1 };
		expect(decidePromptClear(state(people, live))).toEqual({
			ok: true,
			changes: [{ type: 'prompt:clear' }],
			result: {}
		});
		expect(decidePromptClear(state(people))).toEqual({ ok: true, changes: [], result: {} });
	});

	it('writes a locale only when it changes', () => {
		expect(decideMemberLocale(member('a', { locale: 'fr' }), 'fr')).toEqual({ ok: true, changes: [], result: {} });
		expect(decideMemberLocale(member('a'), 'fr').ok && decideMemberLocale(member('a'), 'fr')).toMatchObject({
			changes: [{ type: 'member:set', member: { id: 'a', locale: 'fr' } }]
		});
	});
});

describe('languages and lines', () => {
	it('lists who is checked in, sorted', () => {
		expect(checkedInIds(new Map(people.map((m) => [m.id, m])))).toEqual(['a', 'b']);
	});

	it('takes the languages of phones checked in, and both when none is known', () => {
		expect(languagesPresent([])).toEqual(['fr', 'en']);
		expect(languagesPresent([member('a')])).toEqual(['fr', 'en']);
		expect(languagesPresent([member('a', { locale: 'en' }), member('b', { locale: 'en', checkedIn: false })])).toEqual([
			'en'
		]);
		expect(languagesPresent([member('a', { locale: 'en' }), member('b', { locale: 'fr' })])).toEqual(['fr', 'en']);
	});

	it('shows the wanted languages that have text, else whatever text there is', () => {
		const both = { fr: 'Bonjour ?', en: 'Hello?' };
		expect(promptLines(both, ['fr', 'en'])).toEqual([
			{ locale: 'fr', text: 'Bonjour ?' },
			{ locale: 'en', text: 'Hello?' }
		]);
		expect(promptLines(both, ['en'])).toEqual([{ locale: 'en', text: 'Hello?' }]);
		expect(promptLines({ fr: 'Seulement ?', en: '' }, ['en'])).toEqual([{ locale: 'fr', text: 'Seulement ?' }]);
	});
});
