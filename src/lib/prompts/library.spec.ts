import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { libraryPrompt, PROMPT_LIBRARY } from './library.ts';
import { foldText } from '../text/fold.ts';
import { canteenPromptInput, PROMPT_CATEGORIES, PROMPT_PHASES, PROMPT_TEXT_MAX } from './types.ts';

const LOCALES = ['fr', 'en'] as const;
const ID_PREFIX = { 'food-memories': 'fm', neighbourhood: 'nb', skills: 'sk', menu: 'mn', 'light-fun': 'lf' } as const;

const countBy = (key: (p: (typeof PROMPT_LIBRARY)[number]) => string[]) => {
	const counts = new Map<string, number>();
	for (const p of PROMPT_LIBRARY) for (const k of key(p)) counts.set(k, (counts.get(k) ?? 0) + 1);
	return counts;
};

describe('prompt library', () => {
	it('holds at least 160 prompts', () => {
		expect(PROMPT_LIBRARY.length).toBeGreaterThanOrEqual(160);
	});

	it('has at least 25 prompts in every category', () => {
		const counts = countBy((p) => [p.category]);
		for (const c of PROMPT_CATEGORIES) expect(counts.get(c) ?? 0, c).toBeGreaterThanOrEqual(25);
	});

	it('has at least 30 prompts for every phase', () => {
		const counts = countBy((p) => p.phases);
		for (const ph of PROMPT_PHASES) expect(counts.get(ph) ?? 0, ph).toBeGreaterThanOrEqual(30);
	});

	it('has unique, stable-looking ids whose prefix names the category', () => {
		const ids = PROMPT_LIBRARY.map((p) => p.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const p of PROMPT_LIBRARY) expect(p.id).toMatch(new RegExp(`^${ID_PREFIX[p.category]}-\\d{3}$`));
	});

	it('finds a prompt by id', () => {
		expect(libraryPrompt('fm-001')?.text.en).toBe('Which dish brings back a good memory?');
		expect(libraryPrompt('nope')).toBeUndefined();
	});

	it('marks every prompt as the library’s, with at least one phase and no repeats', () => {
		for (const p of PROMPT_LIBRARY) {
			expect(p.source, p.id).toBe('library');
			expect(p.canteenId, p.id).toBeUndefined();
			expect(p.phases.length, p.id).toBeGreaterThan(0);
			expect(new Set(p.phases).size, p.id).toBe(p.phases.length);
		}
	});

	it('has both French and English for every prompt, within the length limit', () => {
		for (const p of PROMPT_LIBRARY) {
			for (const l of LOCALES) {
				expect(p.text[l].trim(), `${p.id} ${l}`).not.toBe('');
				expect(p.text[l].length, `${p.id} ${l}`).toBeLessThanOrEqual(PROMPT_TEXT_MAX);
				expect(p.text[l], `${p.id} ${l}`).toBe(p.text[l].trim());
				expect(p.text[l], `${p.id} ${l}`).not.toMatch(/\s{2}/);
			}
			expect(p.text.fr, `${p.id} is not translated`).not.toBe(p.text.en);
		}
	});

	it('never repeats a text, even with different accents, case or punctuation', () => {
		for (const l of LOCALES) {
			const seen = new Map<string, string>();
			for (const p of PROMPT_LIBRARY) {
				const key = foldText(p.text[l])
					.replace(/[^\p{L}\p{N}]+/gu, ' ')
					.trim();
				expect(seen.get(key), `${p.id} repeats ${seen.get(key)} in ${l}`).toBeUndefined();
				seen.set(key, p.id);
			}
		}
	});

	it('ends every text with a question mark, an exclamation mark, a full stop or an ellipsis', () => {
		for (const p of PROMPT_LIBRARY) for (const l of LOCALES) expect(p.text[l], `${p.id} ${l}`).toMatch(/[?!.…]$/u);
	});

	it('spaces punctuation the French way in French and the English way in English', () => {
		for (const p of PROMPT_LIBRARY) {
			// A plain space would let "?" wrap onto a line of its own.
			expect(p.text.fr, p.id).not.toMatch(/ [?!:;»]|« /);
			expect(p.text.fr, p.id).not.toMatch(/[^\s\u202f][?!:;»]/u);
			expect(p.text.en, p.id).not.toMatch(/[\s\u202f][?!:;]/u);
			expect(p.text.en, p.id).not.toMatch(/[«»]/);
		}
	});

	it('uses typographic apostrophes throughout', () => {
		for (const p of PROMPT_LIBRARY) for (const l of LOCALES) expect(p.text[l], `${p.id} ${l}`).not.toContain("'");
	});

	it('stays off topics that are nobody’s business at a shared meal', () => {
		// Money, work, health, family, faith, politics, origins, age, home, travel, cars.
		const off = [
			'money|cash|price|job|jobs|work|working|salary|unemployed|health|ill|doctor|mum|mom|mother|dad|father|parents|children|kids|childhood|grandmother|grandma|granny|husband|wife|religion|church|mosque|temple|god|politics|country|countries|home|homeland|car|age|old|young|holiday|holidays|trip|travel|abroad',
			'argent|prix|payer|travail|boulot|metier|salaire|chomage|sante|malade|medecin|maman|mere|papa|pere|parents|enfants|enfance|grand mere|mamie|mari|femme|religion|eglise|mosquee|dieu|politique|pays|maison|domicile|voiture|age|vieux|vieille|jeune|vacances|voyage|etranger'
		].join('|');
		const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${off})(?![\\p{L}\\p{N}])`, 'u');
		const hits = PROMPT_LIBRARY.flatMap((p) =>
			LOCALES.flatMap((l) => {
				const hit = foldText(p.text[l]).replace(/[-’']/g, ' ').match(pattern)?.[0];
				return hit ? [`${p.id} ${l} «${hit}»: ${p.text[l]}`] : [];
			})
		);
		expect(hits).toEqual([]);
	});

	it('gives menu prompts lower-case keywords covering the everyday ingredients in both languages', () => {
		const menuPrompts = PROMPT_LIBRARY.filter((p) => p.category === 'menu');
		const keyworded = menuPrompts.filter((p) => (p.keywords ?? []).length > 0);
		expect(keyworded.length).toBeGreaterThanOrEqual(25);
		for (const p of PROMPT_LIBRARY) for (const k of p.keywords ?? []) expect(k, p.id).toBe(k.toLowerCase().trim());

		const all = new Set(keyworded.flatMap((p) => p.keywords ?? []));
		const everyday = [
			['carotte', 'carrot'],
			['pomme de terre', 'potato'],
			['soupe', 'soup'],
			['lentille', 'lentil'],
			['riz', 'rice'],
			['couscous', 'couscous'],
			['pain', 'bread'],
			['pomme', 'apple'],
			['potiron', 'pumpkin'],
			['tomate', 'tomato'],
			['oignon', 'onion'],
			['fromage', 'cheese'],
			['œuf', 'egg'],
			['pâtes', 'pasta'],
			['épice', 'spice'],
			['herbe', 'herb'],
			['pois chiche', 'chickpea'],
			['gâteau', 'cake']
		];
		for (const pair of everyday) for (const word of pair) expect(all.has(word), word).toBe(true);
	});
});

describe('canteen prompt schema', () => {
	const ok = { category: 'skills', phases: ['table'], text: { fr: 'Qui sait chanter ?', en: '' } };

	it('accepts a prompt in one language and tidies its spaces and keywords', () => {
		const out = v.parse(canteenPromptInput, {
			...ok,
			text: { fr: '  Qui   sait chanter ? ' },
			keywords: [' Carotte ']
		});
		expect(out).toEqual({
			category: 'skills',
			phases: ['table'],
			text: { fr: 'Qui sait chanter ?', en: '' },
			keywords: ['carotte']
		});
	});

	it('refuses a prompt with no text, too long a text, or control characters', () => {
		expect(v.safeParse(canteenPromptInput, { ...ok, text: { fr: '', en: '   ' } }).success).toBe(false);
		expect(v.safeParse(canteenPromptInput, { ...ok, text: { en: 'x'.repeat(201) } }).success).toBe(false);
		expect(v.safeParse(canteenPromptInput, { ...ok, text: { en: 'x'.repeat(200) } }).success).toBe(true);
		expect(v.safeParse(canteenPromptInput, { ...ok, text: { en: 'a\u0007b' } }).success).toBe(false);
	});

	it('refuses unknown categories, missing or repeated phases and extra fields', () => {
		expect(v.safeParse(canteenPromptInput, { ...ok, category: 'politics' }).success).toBe(false);
		expect(v.safeParse(canteenPromptInput, { ...ok, phases: [] }).success).toBe(false);
		expect(v.safeParse(canteenPromptInput, { ...ok, phases: ['table', 'table'] }).success).toBe(false);
		expect(v.safeParse(canteenPromptInput, { ...ok, phases: ['dessert'] }).success).toBe(false);
		expect(v.safeParse(canteenPromptInput, { ...ok, source: 'library' }).success).toBe(false);
		expect(v.safeParse(canteenPromptInput, { ...ok, id: 'fm-001' }).success).toBe(false);
	});
});
