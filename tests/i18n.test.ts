/**
 * The two catalogues stay complete and in step, and the words stay kind: the UI talks
 * about members, neighbours and the meal, never about people as a problem or a category.
 */
import { describe, expect, it } from 'vitest';
import { ar } from '../src/lib/i18n/ar.ts';
import { en } from '../src/lib/i18n/en.ts';
import { fr } from '../src/lib/i18n/fr.ts';
import { ErrorCode } from '../src/lib/protocol/errors.ts';

const catalogues = { fr, en } as Record<string, Record<string, string>>;

// Checked in both catalogues: a French word slipped into English text is caught too.
const banned = [
	/\blonel(y|iness)\b/i,
	/\bisolated\b/i,
	/\bbeneficiar(y|ies)\b/i,
	/\bvolunteers?\b/i,
	/\bneedy\b/i,
	/isolé/i,
	/bénéficiaire/i,
	/bénévole/i,
	/démuni/i,
	/nécessiteu/i,
	/solitaire/i
];

describe('i18n catalogues', () => {
	it('have the same keys in French and English', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
	});

	it('give Arabic only keys French has, with placeholders French has, and every member page key', () => {
		const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		for (const [key, text] of Object.entries(ar)) {
			expect(fr, key).toHaveProperty([key]);
			// A subset: Arabic's singular says "one" in words, without {n}.
			expect(names(fr[key as keyof typeof fr]), key).toEqual(expect.arrayContaining(names(text!)));
			expect(text!.trim(), key).not.toBe('');
		}
		// What a member's phone shows: home, join, board, tasks, prompts, invitations, "About me".
		const memberPrefixes = ['home.', 'join.', 'board.', 'task.', 'announce.', 'prompt.', 'invite.fromM', 'aboutMe.'];
		const missing = Object.keys(fr).filter(
			(key) => memberPrefixes.some((p) => key.startsWith(p)) && !(key in ar) && key !== 'aboutMe.placeholder'
		);
		expect(missing).toEqual([]);
	});

	it('have no empty strings', () => {
		for (const [locale, messages] of Object.entries(catalogues)) {
			for (const [key, text] of Object.entries(messages)) {
				expect(text.trim(), `${locale}:${key}`).not.toBe('');
			}
		}
	});

	it('use the same {placeholders} in both languages', () => {
		const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
			expect(names(en[key]), key).toEqual(names(fr[key]));
		}
	});

	it('translate every error code the server can send', () => {
		for (const code of Object.values(ErrorCode)) {
			expect(catalogues.fr, code).toHaveProperty([`error.${code}`]);
			expect(catalogues.en, code).toHaveProperty([`error.${code}`]);
		}
	});

	it('never use stigmatising words', () => {
		for (const [locale, messages] of Object.entries(catalogues)) {
			for (const [key, text] of Object.entries(messages)) {
				for (const word of banned) expect(text, `${locale}:${key}`).not.toMatch(word);
			}
		}
	});
});
