/**
 * A member's phone carries only the French its pages show (src/lib/i18n/fr-member.ts);
 * the rest of French comes with the staff pages, the console and the kitchen screen. This
 * reads the member pages' code (tests/helpers/member-keys.ts: every module they reach, the
 * keys and key prefixes written in them) so a string added to the wrong file fails here,
 * not on a phone showing a key instead of words.
 */
import { describe, expect, it } from 'vitest';
import { fr } from '../src/lib/i18n/fr.ts';
import { frMember } from '../src/lib/i18n/fr-member.ts';
import { memberFiles, memberKeys } from './helpers/member-keys.ts';

describe('the French built into a member’s phone', () => {
	const used = memberKeys(fr);

	it('reads the member pages and what they open, and no staff page', () => {
		const files = memberFiles().map((f) => f.replace(/.*\/src\//, 'src/'));
		for (const file of [
			'src/lib/components/MemberBoard.svelte',
			'src/lib/components/TaskCard.svelte',
			'src/lib/components/AboutMeSheet.svelte',
			'src/lib/components/MenuCard.svelte',
			'src/routes/j/[code]/+page.svelte'
		])
			expect(files).toContain(file);
		expect(files.filter((f) => /MasterBoard|KitchenScreen|\(staff\)|PromptPanel/.test(f))).toEqual([]);
	});

	it('holds every string the member pages can show', () => {
		expect([...used].filter((key) => !(key in frMember)).sort()).toEqual([]);
	});

	it('holds nothing else, so staff strings stay off the phone', () => {
		expect(
			Object.keys(frMember)
				.filter((key) => !used.has(key))
				.sort()
		).toEqual([]);
	});

	it('is part of the whole French catalogue, unchanged', () => {
		for (const [key, text] of Object.entries(frMember)) expect(fr[key as keyof typeof fr]).toBe(text);
		expect(Object.keys(fr).length).toBeGreaterThan(Object.keys(frMember).length * 2);
	});
});
