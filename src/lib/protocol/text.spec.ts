import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { controlChars, localizedText, loneSurrogate, singleLine } from './text.ts';

describe('text helpers', () => {
	it('fold whitespace, trim, then count', () => {
		const s = singleLine({ what: 'title', max: 5 });
		expect(v.parse(s, '  a \n\t b  ')).toBe('a b');
		expect(v.parse(s, '  12345  ')).toBe('12345');
		expect(v.safeParse(s, '123456').success).toBe(false);
		expect(v.safeParse(s, '   ').success).toBe(false);
	});

	it('allow empty text only when asked', () => {
		expect(v.parse(singleLine({ what: 'note', max: 5, min: 0 }), ' ')).toBe('');
	});

	it('refuse control characters and lone surrogates with a message naming the field', () => {
		const s = singleLine({ what: 'ingredient', max: 40 });
		expect(v.safeParse(s, 'sel\u0000').issues?.[0]?.message).toBe('ingredient has control characters');
		expect(v.safeParse(s, 'sel\u0085').issues?.[0]?.message).toBe('ingredient has control characters');
		expect(v.safeParse(s, 'sel\ud800').issues?.[0]?.message).toBe('ingredient is not valid text');
		expect(v.safeParse(s, 'sel\udfff x').issues?.[0]?.message).toBe('ingredient is not valid text');
		expect(v.parse(s, 'sel 🧂')).toBe('sel 🧂');
		expect(controlChars.test('\u2028')).toBe(true);
		expect(loneSurrogate.test('🧂')).toBe(false);
	});

	it('need one language of a localized text, and no other key', () => {
		const t = localizedText({ what: 'name', max: 10 });
		expect(v.parse(t, { en: ' Soup ' })).toEqual({ fr: '', en: 'Soup' });
		expect(v.safeParse(t, { fr: ' ', en: '' }).issues?.[0]?.message).toBe('name needs French or English text');
		expect(v.safeParse(t, { fr: 'Soupe', es: 'Sopa' }).success).toBe(false);
	});
});
