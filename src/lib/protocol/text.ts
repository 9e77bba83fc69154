/**
 * Building blocks for free text typed by people and shown on phones and the kitchen
 * screen, for every schema that takes such text: whitespace folded to single spaces,
 * control characters, direction overrides and lone surrogates refused, and something
 * visible required.
 */
import * as v from 'valibot';

// Control characters and line separators never belong in text shown on a kitchen screen.
// eslint-disable-next-line no-control-regex
export const controlChars = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// A lone surrogate has no UTF-8 form: Yjs would store and send U+FFFD while the server's
// own document kept the original, so memory, store and phones would disagree.
export const loneSurrogate = /\p{Cs}/u;
// Embedding, override and isolate controls can make a name render backwards or swallow
// what follows it on the kitchen screen. Arabic and Hebrew names need none of them (the
// plain marks U+200E/U+200F stay allowed).
export const directionControls = /[\u202a-\u202e\u2066-\u2069]/;
// Format characters, spaces and combining marks alone (a zero-width space, say) show nothing.
const visible = /[^\p{Cf}\p{Z}\p{M}]/u;

/**
 * One line of text: runs of whitespace (newlines and tabs included) become one space and
 * the ends are trimmed before the length is counted, so "  Soupe  " is 5 characters.
 */
export function singleLine({ what, max, min = 1 }: { what: string; max: number; min?: number }) {
	return v.pipe(
		v.string(),
		v.transform((s) => s.replace(/\s+/g, ' ').trim()),
		v.minLength(min, `${what} is empty`),
		v.maxLength(max, `${what} is longer than ${max}`),
		v.check((s) => !controlChars.test(s), `${what} has control characters`),
		v.check((s) => !loneSurrogate.test(s), `${what} is not valid text`),
		v.check((s) => !directionControls.test(s), `${what} has direction controls`),
		v.check((s) => s === '' || visible.test(s), `${what} has nothing visible`)
	);
}

/** Text in French and English; either may be left empty, never both. */
export function localizedText({ what, max }: { what: string; max: number }) {
	const part = singleLine({ what, max, min: 0 });
	return v.pipe(
		v.strictObject({ fr: v.optional(part, ''), en: v.optional(part, '') }),
		v.check((t) => t.fr !== '' || t.en !== '', `${what} needs French or English text`)
	);
}
