import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ClientToServerEvents, CommandAck, ServerToClientEvents } from './events.ts';
import { commandSchemas, displayName, emoji, handshakeSchema, joinCode, type CommandPayload } from './schemas.ts';

describe('schemas', () => {
	it('cleans display names and refuses empty, long or control-character names', () => {
		expect(v.parse(displayName, '  Annie   Dupont ')).toBe('Annie Dupont');
		// Whitespace of any kind folds into one space; other control characters are refused.
		expect(v.parse(displayName, 'line\nbreak')).toBe('line break');
		// Right-to-left names and their plain direction marks are welcome.
		expect(v.parse(displayName, 'سلمى\u200f')).toBe('سلمى\u200f');
		expect(v.parse(displayName, 'Zoë 👩🏽‍🍳')).toBe('Zoë 👩🏽‍🍳');
		// Direction overrides and invisible-only names would garble the kitchen screen.
		for (const bad of [
			'',
			'   ',
			'x'.repeat(41),
			'a\u0000b',
			'bell\u0007',
			'Ann\u202eie',
			'\u200b',
			'\u2066x',
			42,
			null
		]) {
			expect(v.safeParse(displayName, bad).success).toBe(false);
		}
	});

	it('accepts single emoji, including joined sequences and flags, and nothing else', () => {
		for (const good of ['', '🌻', '👩🏽‍🍳', '🇫🇷', '❤️']) expect(v.safeParse(emoji, good).success).toBe(true);
		for (const bad of ['a', '🌻 x', '<b>', '🌻'.repeat(9)]) expect(v.safeParse(emoji, bad).success).toBe(false);
	});

	it('forgives case, spaces and dashes in join codes', () => {
		expect(v.parse(joinCode, ' abc-234 ')).toBe('ABC234');
		expect(v.safeParse(joinCode, 'ab').success).toBe(false);
		expect(v.safeParse(joinCode, '../../etc').success).toBe(false);
	});

	it('rejects unknown fields, so no payload can name another member', () => {
		expect(v.safeParse(commandSchemas['task:claim'], { taskId: 't1', memberId: 'someone' }).success).toBe(false);
		expect(v.safeParse(commandSchemas['task:claim'], { taskId: 't1' }).success).toBe(true);
	});

	it('needs a title in at least one language and whole places in range', () => {
		const add = commandSchemas['task:add'];
		expect(v.safeParse(add, { kind: 'table', title: { fr: ' ', en: '' }, slots: 1 }).success).toBe(false);
		expect(v.safeParse(add, { kind: 'table', title: { en: 'Set the table' }, slots: 1.5 }).success).toBe(false);
		expect(v.safeParse(add, { kind: 'table', title: { en: 'Set the table' }, slots: 31 }).success).toBe(false);
		expect(v.parse(add, { kind: 'table', title: { en: 'Set the table' }, slots: 3 })).toEqual({
			kind: 'table',
			title: { fr: '', en: 'Set the table' },
			slots: 3
		});
	});

	it('refuses an edit that changes nothing', () => {
		expect(v.safeParse(commandSchemas['task:edit'], { taskId: 't1' }).success).toBe(false);
	});

	it('takes the role as a claim with the matching credential field only', () => {
		const key = 'k'.repeat(43);
		expect(v.safeParse(handshakeSchema, { v: 1, role: 'master', mealId: 'm1', key }).success).toBe(true);
		expect(v.safeParse(handshakeSchema, { v: 1, role: 'master', mealId: 'm1', token: key }).success).toBe(false);
		expect(v.safeParse(handshakeSchema, { v: 1, role: 'partner', mealId: 'm1', key }).success).toBe(false);
	});

	it('types each event with its own payload and ack', () => {
		expectTypeOf<Parameters<ClientToServerEvents['task:claim']>[0]>().toEqualTypeOf<{ cid?: string; taskId: string }>();
		expectTypeOf<CommandAck<'task:add'>>().toExtend<{ ok: true; taskId: string } | { ok: false; code: string }>();
		expectTypeOf<Parameters<ServerToClientEvents['y']>[0]>().toEqualTypeOf<string | ArrayBuffer | Uint8Array>();
		expectTypeOf<CommandPayload<'member:rename'>>().toEqualTypeOf<{ cid?: string; name: string; emoji?: string }>();
		expect(Object.keys(commandSchemas)).toContain('task:claim');
	});
});
