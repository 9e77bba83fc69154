/**
 * A member's phone carries only the French its pages show (src/lib/i18n/fr-member.ts);
 * the rest of French comes with the staff pages, the console and the kitchen screen. This
 * reads the member pages' code (tests/helpers/member-keys.ts: every module they reach, the
 * keys and key prefixes written in them) so a string added to the wrong file fails here,
 * not on a phone showing a key instead of words.
 */
import { describe, expect, it } from 'vitest';
import { fr } from '../src/lib/i18n/fr.ts';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { frMemberLater } from '../src/lib/i18n/fr-member-later.ts';
import { frMember } from '../src/lib/i18n/fr-member.ts';
import { memberFiles, memberKeys } from './helpers/member-keys.ts';

describe('the French built into a member’s phone', () => {
	const used = memberKeys(fr);
	/** Keys the first load can show: code the member pages import statically. */
	const first = memberKeys(fr, memberFiles({ dynamic: false }));

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

	it('holds every string the member pages can show: built in for the first load, the rest with what loads later', () => {
		expect([...first].filter((key) => !(key in frMember)).sort()).toEqual([]);
		expect([...used].filter((key) => !first.has(key) && !(key in frMemberLater)).sort()).toEqual([]);
	});

	it('holds nothing else, so staff strings stay off the phone and later strings out of the first load', () => {
		expect(
			Object.keys(frMember)
				.filter((key) => !first.has(key))
				.sort()
		).toEqual([]);
		expect(
			Object.keys(frMemberLater)
				.filter((key) => !used.has(key) || first.has(key))
				.sort()
		).toEqual([]);
	});

	it('loads the later strings with every component a member page imports dynamically', () => {
		// withStrings(import(…)) resolves once fr-member-later.ts is there: a lazily loaded
		// component never paints before its strings (i18n/index.svelte.ts). A bare import()
		// is for code that shows none of them (the outbox's IndexedDB store).
		const later = new Set(Object.keys(frMemberLater));
		const bare = memberFiles({ dynamic: false }).flatMap((file) =>
			[...readFileSync(file, 'utf8').matchAll(/(withStrings\()?import\(\s*['"]([^'"]+)['"]\s*\)/g)]
				// A package (socket.io-client, for long-polling) shows no strings: own code only.
				.filter((m) => !m[1] && m[2]!.startsWith('.') && !/^\.\/(fr|en|ar)[^/]*\.ts$/.test(m[2]!))
				.map((m) => resolve(dirname(file), m[2]!))
				.filter((target) => [...memberKeys(fr, [target])].some((key) => later.has(key)))
		);
		expect(bare).toEqual([]);
		expect(memberFiles({ dynamic: false }).some((f) => readFileSync(f, 'utf8').includes('withStrings(import('))).toBe(
			true
		);
	});

	it('is part of the whole French catalogue, unchanged', () => {
		for (const [key, text] of Object.entries({ ...frMember, ...frMemberLater }))
			expect(fr[key as keyof typeof fr]).toBe(text);
		expect(Object.keys(fr).length).toBeGreaterThan(
			(Object.keys(frMember).length + Object.keys(frMemberLater).length) * 2
		);
	});
});
