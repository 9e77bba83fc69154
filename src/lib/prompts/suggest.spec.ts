import { describe, expect, it } from 'vitest';
import type { MealStatus } from '../domain/types.ts';
import { menuKeywords, type Menu as DomainMenu } from '../domain/menu.ts';
import { PROMPT_LIBRARY } from './library.ts';
import { foldText } from '../text/fold.ts';
import { mealPhase, MEMORY_MS, suggestPrompts, type PromptUse, type SuggestInput } from './suggest.ts';
import type { Prompt, PromptCategory, PromptPhase } from './types.ts';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 25, 12);

const prompt = (id: string, over: Partial<Prompt> = {}): Prompt => ({
	id,
	category: 'light-fun',
	phases: ['table'],
	text: { fr: `Question ${id} ?`, en: `Question ${id}?` },
	source: 'library',
	...over
});

const input = (over: Partial<SuggestInput> = {}): SuggestInput => ({
	prompts: PROMPT_LIBRARY,
	phase: 'table',
	menu: { dishes: [], ingredients: [] },
	languages: ['fr', 'en'],
	history: [],
	present: [],
	now: NOW,
	limit: 5,
	...over
});

const ids = (over: Partial<SuggestInput>) => suggestPrompts(input(over)).map((s) => s.prompt.id);
const scoreOf = (over: Partial<SuggestInput>, id: string) =>
	suggestPrompts(input({ limit: 1000, ...over })).find((s) => s.prompt.id === id);
const GROUP = ['ana', 'bilal', 'chloe', 'dede', 'emma'];

describe('mealPhase', () => {
	it('maps every meal status to the phase its prompts suit', () => {
		const expected: Record<MealStatus, PromptPhase> = {
			planned: 'cooking',
			open: 'cooking',
			cooking: 'cooking',
			eating: 'table',
			closed: 'washing-up'
		};
		for (const [status, phase] of Object.entries(expected)) expect(mealPhase(status as MealStatus)).toBe(phase);
	});
});

describe('foldText', () => {
	it('folds case, accents and ligatures', () => {
		expect(foldText('Œufs BRÛLÉS à l’Été')).toBe('oeufs brules a l’ete');
	});
});

describe('suggestPrompts: phase', () => {
	it('puts a prompt that suits the phase ahead of one that does not', () => {
		const prompts = [prompt('a', { phases: ['cooking'] }), prompt('b', { phases: ['table'] })];
		expect(ids({ prompts, phase: 'table' })).toEqual(['b', 'a']);
		expect(ids({ prompts, phase: 'cooking' })).toEqual(['a', 'b']);
		expect(suggestPrompts(input({ prompts, phase: 'table' }))[0]?.reasons).toContain('phase');
	});

	it('fills the whole list with phase-fitting prompts from the library, whatever the phase', () => {
		for (const phase of ['cooking', 'table', 'washing-up'] as const) {
			const list = suggestPrompts(input({ phase, limit: 10 }));
			expect(list).toHaveLength(10);
			for (const s of list) expect(s.prompt.phases, `${phase} ${s.prompt.id}`).toContain(phase);
		}
	});

	it('lets phase outweigh a menu match', () => {
		const prompts = [
			prompt('a', { category: 'menu', phases: ['cooking'], keywords: ['carotte', 'carrot'] }),
			prompt('b', { category: 'skills', phases: ['table'] })
		];
		expect(ids({ prompts, phase: 'table', menu: { dishes: ['Carottes'], ingredients: [] } })[0]).toBe('b');
	});
});

describe('suggestPrompts: menu', () => {
	const carrot = prompt('m-carrot', { category: 'menu', keywords: ['carotte', 'carrot'] });
	const generic = prompt('a-generic', { category: 'menu' });
	const fun = prompt('a-fun', { category: 'light-fun' });

	it('lifts a menu prompt whose keywords are on the menu, whatever the accents or case', () => {
		for (const dishes of [
			['Carottes râpées'],
			['CAROTTES RÂPÉES'],
			['grated carrots'],
			[{ fr: 'Salade', en: 'Carrot salad' }]
		]) {
			const list = suggestPrompts(input({ prompts: [fun, generic, carrot], menu: { dishes, ingredients: [] } }));
			expect(list[0]?.prompt.id, JSON.stringify(dishes)).toBe('m-carrot');
			expect(list[0]?.reasons.some((r) => r.startsWith('menu:'))).toBe(true);
		}
		const fromIngredients = suggestPrompts(
			input({ prompts: [fun, carrot], menu: { dishes: [], ingredients: ['oignons', 'Carottes'] } })
		);
		expect(fromIngredients[0]?.prompt.id).toBe('m-carrot');
		expect(fromIngredients[0]?.reasons).toContain('menu:carotte');
	});

	it('matches ligatures and accents in the keywords too', () => {
		const egg = prompt('m-egg', { category: 'menu', keywords: ['œuf', 'egg'] });
		const menu = { dishes: [{ fr: 'Oeufs brouillés', en: '' }], ingredients: [] };
		expect(suggestPrompts(input({ prompts: [fun, egg], menu }))[0]?.reasons).toContain('menu:œuf');
		const cake = prompt('m-cake', { category: 'menu', keywords: ['gâteau'] });
		expect(ids({ prompts: [fun, cake], menu: { dishes: ['Gateaux au yaourt'], ingredients: [] } })[0]).toBe('m-cake');
	});

	it('reads "pommes de terre" as potatoes, not apples', () => {
		const apple = prompt('m-apple', { category: 'menu', keywords: ['pomme', 'apple'] });
		const potato = prompt('m-potato', { category: 'menu', keywords: ['pomme de terre', 'potato'] });
		const menu = { dishes: ['Pommes de terre sautées'], ingredients: [] };
		const list = suggestPrompts(input({ prompts: [apple, potato], menu }));
		expect(list.map((s) => s.prompt.id)).toEqual(['m-potato', 'm-apple']);
		expect(list[1]?.reasons).toContain('off-menu');
		expect(ids({ prompts: [apple, potato], menu: { dishes: ['Tarte aux pommes'], ingredients: [] } })[0]).toBe(
			'm-apple'
		);
	});

	it('lifts only lightly a prompt of another category that mentions a food on the menu', () => {
		const skill = prompt('s-carrot', { category: 'skills', keywords: ['carotte'] });
		const menu = { dishes: ['carottes'], ingredients: [] };
		const skillScore = scoreOf({ prompts: [skill, carrot, fun], menu }, 's-carrot')!.score;
		const menuScore = scoreOf({ prompts: [skill, carrot, fun], menu }, 'm-carrot')!.score;
		const funScore = scoreOf({ prompts: [skill, carrot, fun], menu }, 'a-fun')!.score;
		expect(skillScore).toBeGreaterThan(funScore);
		expect(menuScore).toBeGreaterThan(skillScore);
	});

	it('keeps a prompt about a food that is not on the menu below the general ones', () => {
		expect(ids({ prompts: [carrot, generic], menu: { dishes: ['Soupe de lentilles'], ingredients: [] } })).toEqual([
			'a-generic',
			'm-carrot'
		]);
	});

	it('brings the matching library prompts to the top for a real menu', () => {
		const menu = {
			dishes: [
				{ fr: 'Soupe de lentilles corail', en: 'Red lentil soup' },
				{ fr: 'Gâteau aux pommes', en: 'Apple cake' }
			],
			ingredients: ['lentilles', 'oignons', 'cumin']
		};
		const list = suggestPrompts(input({ phase: 'cooking', menu, limit: 5 }));
		const top = list[0]!;
		expect(top.prompt.category).toBe('menu');
		expect(top.reasons.some((r) => r.startsWith('menu:'))).toBe(true);
		expect(list.filter((s) => s.reasons.some((r) => r.startsWith('menu:'))).length).toBeGreaterThanOrEqual(2);
	});

	it('finds a library menu prompt for each everyday ingredient, in French and in English', () => {
		const words = [
			['carottes', 'carrots'],
			['pommes de terre', 'potatoes'],
			['soupe', 'soup'],
			['lentilles', 'lentils'],
			['riz', 'rice'],
			['couscous', 'couscous'],
			['pain', 'bread'],
			['pommes', 'apples'],
			['potiron', 'pumpkin'],
			['tomates', 'tomatoes'],
			['oignons', 'onions'],
			['fromage', 'cheese'],
			['œufs', 'eggs'],
			['pâtes', 'pasta'],
			['épices', 'spices'],
			['herbes', 'herbs'],
			['pois chiches', 'chickpeas'],
			['gâteau', 'cake']
		];
		for (const word of words.flat()) {
			for (const phase of ['cooking', 'table', 'washing-up'] as const) {
				const top = suggestPrompts(input({ phase, menu: { dishes: [], ingredients: [word] }, limit: 1 }))[0];
				expect(top?.prompt.category, `${word} ${phase}`).toBe('menu');
				expect(
					top?.reasons.some((r) => r.startsWith('menu:')),
					word
				).toBe(true);
			}
		}
	});
});

describe('suggestPrompts: freshness for the people here', () => {
	const a = prompt('a');
	const b = prompt('b');
	const heard = (audience: string[], ago: number): PromptUse[] => [{ promptId: 'a', usedAt: NOW - ago, audience }];

	it('drops a prompt most of the group heard last week below a fresh one', () => {
		const list = suggestPrompts(input({ prompts: [a, b], present: GROUP, history: heard(GROUP.slice(0, 4), 7 * DAY) }));
		expect(list.map((s) => s.prompt.id)).toEqual(['b', 'a']);
		expect(list[1]?.reasons).toContain('heard-recently');
		expect(list[0]?.reasons).toContain('fresh');
	});

	it('does not hold it against a prompt that only people not here heard', () => {
		const list = suggestPrompts(
			input({ prompts: [a, b], present: GROUP, history: heard(['zoe', 'yann', 'xavier'], DAY) })
		);
		expect(list.map((s) => s.prompt.id)).toEqual(['a', 'b']);
		expect(list[0]?.score).toBe(list[1]?.score);
		expect(list[0]?.reasons).toContain('fresh');
	});

	it('penalises in proportion to the share of the group who heard it', () => {
		const one = scoreOf({ prompts: [a], present: GROUP, history: heard(['ana'], 7 * DAY) }, 'a')!.score;
		const four = scoreOf({ prompts: [a], present: GROUP, history: heard(GROUP.slice(0, 4), 7 * DAY) }, 'a')!.score;
		const none = scoreOf({ prompts: [a], present: GROUP }, 'a')!.score;
		expect(none).toBeGreaterThan(one);
		expect(one).toBeGreaterThan(four);
	});

	it('forgets over about eight weeks', () => {
		const at = (ago: number) => scoreOf({ prompts: [a], present: GROUP, history: heard(GROUP, ago) }, 'a')!.score;
		const fresh = scoreOf({ prompts: [a], present: GROUP }, 'a')!.score;
		expect(at(DAY)).toBeLessThan(at(14 * DAY));
		expect(at(14 * DAY)).toBeLessThan(at(35 * DAY));
		expect(fresh - at(7 * 7 * DAY)).toBeLessThan(0.1);
		expect(at(MEMORY_MS)).toBe(fresh);
		expect(at(10 * 7 * DAY)).toBe(fresh);
		const old = suggestPrompts(input({ prompts: [a, b], present: GROUP, history: heard(GROUP, 9 * 7 * DAY) }));
		expect(old.map((s) => s.prompt.id)).toEqual(['a', 'b']);
	});

	it('counts each member once, at their latest hearing', () => {
		const twice = [...heard(GROUP, 30 * DAY), ...heard(GROUP, 7 * DAY)];
		const once = heard(GROUP, 7 * DAY);
		expect(scoreOf({ prompts: [a], present: GROUP, history: twice }, 'a')!.score).toBe(
			scoreOf({ prompts: [a], present: GROUP, history: once }, 'a')!.score
		);
	});

	it('falls back on the canteen’s own recency, more lightly, before anyone has checked in', () => {
		const list = suggestPrompts(input({ prompts: [a, b], present: [], history: heard(['zoe'], 3 * DAY) }));
		expect(list.map((s) => s.prompt.id)).toEqual(['b', 'a']);
		const gap = list[0]!.score - list[1]!.score;
		const withGroup = suggestPrompts(input({ prompts: [a, b], present: ['zoe'], history: heard(['zoe'], 3 * DAY) }));
		expect(gap).toBeLessThan(withGroup[0]!.score - withGroup[1]!.score);
	});

	it('ignores a future timestamp rather than rewarding it', () => {
		const list = suggestPrompts(input({ prompts: [a, b], present: GROUP, history: heard(GROUP, -DAY) }));
		expect(list.map((s) => s.prompt.id)).toEqual(['b', 'a']);
	});
});

describe('suggestPrompts: languages', () => {
	const both = prompt('b-both');
	const frOnly = prompt('a-fr', { text: { fr: 'Qui sait chanter ?', en: '' }, source: 'canteen' });
	const enOnly = prompt('a-en', { text: { fr: '', en: 'Who can sing?' }, source: 'canteen' });
	const none = prompt('a-none', { text: { fr: '', en: ' ' }, source: 'canteen' });

	it('leaves out prompts nobody at a one-language table can read', () => {
		expect(ids({ prompts: [both, frOnly, enOnly, none], languages: ['fr'] }).sort()).toEqual(['a-fr', 'b-both']);
		expect(ids({ prompts: [both, frOnly, enOnly, none], languages: ['en', 'en'] }).sort()).toEqual(['a-en', 'b-both']);
	});

	it('keeps a one-language prompt at a mixed table, below the bilingual ones', () => {
		const list = suggestPrompts(input({ prompts: [frOnly, both], languages: ['fr', 'en'] }));
		expect(list.map((s) => s.prompt.id)).toEqual(['b-both', 'a-fr']);
		expect(list[1]?.reasons).toContain('missing-language:en');
	});

	it('filters nothing when the languages are unknown, except prompts with no text at all', () => {
		expect(ids({ prompts: [both, frOnly, enOnly, none], languages: [] }).sort()).toEqual(['a-en', 'a-fr', 'b-both']);
	});
});

describe('suggestPrompts: canteen prompts', () => {
	it('prefers the canteen’s own prompt a little, but not over the phase', () => {
		const lib = prompt('a-lib');
		const own = prompt('b-own', { source: 'canteen', canteenId: 'c1' });
		const offPhase = prompt('c-own', { source: 'canteen', canteenId: 'c1', phases: ['cooking'] });
		const list = suggestPrompts(input({ prompts: [lib, own, offPhase] }));
		expect(list.map((s) => s.prompt.id)).toEqual(['b-own', 'a-lib', 'c-own']);
		expect(list[0]?.reasons).toContain('canteen-own');
	});
});

describe('suggestPrompts: extra prompts (the canteen’s own)', () => {
	const tajine = prompt('cp_tajine', {
		category: 'menu',
		phases: ['cooking', 'table'],
		text: { fr: 'Qui a déjà mangé un tajine fait maison ?', en: '' },
		keywords: ['tajine'],
		source: 'canteen',
		canteenId: 'c1'
	});
	const market = prompt('cp_market', {
		category: 'neighbourhood',
		text: { fr: 'Votre marché préféré ?', en: 'Your favourite market?' },
		source: 'canteen',
		canteenId: 'c1'
	});

	it('ranks extra prompts with the library, by the same rules, marked as the canteen’s own', () => {
		const list = suggestPrompts(input({ extra: [market], limit: 1000 }));
		const own = list.find((s) => s.prompt.id === 'cp_market')!;
		expect(own.reasons).toEqual(['phase', 'canteen-own']);
		expect(list).toHaveLength(PROMPT_LIBRARY.length + 1);
		// Same score as a library prompt of the same kind, plus the small "own" bonus.
		const twin = suggestPrompts(input({ prompts: [{ ...market, source: 'library' }], extra: [market] }));
		expect(twin).toHaveLength(1);
		expect(twin[0]!.prompt.source).toBe('library');
		expect(own.score - twin[0]!.score).toBe(0.5);
	});

	it('gives extra prompts no place they do not earn: off phase, they stay below', () => {
		const offPhase = { ...market, id: 'cp_off', phases: ['washing-up' as const] };
		const list = suggestPrompts(input({ prompts: [prompt('a-lib')], extra: [offPhase] }));
		expect(list.map((s) => s.prompt.id)).toEqual(['a-lib', 'cp_off']);
	});

	it('leaves out an own prompt in a language nobody at the table reads', () => {
		expect(ids({ prompts: [], extra: [tajine], languages: ['en'] })).toEqual([]);
		expect(ids({ prompts: [], extra: [tajine], languages: ['fr'] })).toEqual(['cp_tajine']);
	});

	it('lifts today’s menu prompts, library and own, for a planned menu (tajine, carottes)', () => {
		const menu: DomainMenu = {
			dishes: [
				{
					id: 'd1',
					name: { fr: 'Tajine de carottes', en: 'Carrot tagine' },
					course: 'main',
					allergens: [],
					diets: ['vegan'],
					ingredients: ['carottes', 'oignons', 'cumin']
				}
			]
		};
		const without = ids({ phase: 'cooking', extra: [tajine, market], languages: ['fr'] });
		const withMenu = suggestPrompts(
			input({ phase: 'cooking', extra: [tajine, market], languages: ['fr'], menu: menuKeywords(menu) })
		);
		expect(withMenu.map((s) => s.prompt.id)).not.toEqual(without);
		expect(without).not.toContain('cp_tajine');
		expect(withMenu[0]!.prompt.id).toBe('cp_tajine');
		expect(withMenu[0]!.reasons).toEqual(expect.arrayContaining(['menu:tajine', 'canteen-own']));
		// A library prompt about carrots is lifted into the first five too.
		const carrots = withMenu.find((s) => s.prompt.source === 'library' && s.reasons.includes('menu:carotte'));
		expect(carrots).toBeDefined();
	});
});

describe('suggestPrompts: order, variety and limits', () => {
	it('returns the same list for the same input, whatever the order of the prompts', () => {
		const history: PromptUse[] = [{ promptId: 'lf-001', usedAt: NOW - 3 * DAY, audience: ['ana'] }];
		const menu = { dishes: ['Soupe de potiron'], ingredients: ['pain'] };
		const first = suggestPrompts(input({ history, menu, present: GROUP, limit: 12 }));
		const again = suggestPrompts(input({ history, menu, present: GROUP, limit: 12 }));
		const reversed = suggestPrompts(
			input({ prompts: [...PROMPT_LIBRARY].reverse(), history, menu, present: GROUP, limit: 12 })
		);
		expect(again).toEqual(first);
		expect(reversed).toEqual(first);
	});

	it('breaks ties by id', () => {
		const cats: PromptCategory[] = ['skills', 'menu', 'neighbourhood'];
		const prompts = ['c', 'a', 'b'].map((id, i) => prompt(id, { category: cats[i]! }));
		expect(ids({ prompts })).toEqual(['a', 'b', 'c']);
	});

	it('spans at least three categories in the top five from the library', () => {
		for (const phase of ['cooking', 'table', 'washing-up'] as const) {
			for (const menu of [
				undefined,
				{ dishes: ['Soupe de carottes', 'Couscous aux pois chiches'], ingredients: ['riz'] }
			]) {
				const list = suggestPrompts(input({ phase, menu, limit: 5 }));
				expect(new Set(list.map((s) => s.prompt.category)).size, phase).toBeGreaterThanOrEqual(3);
			}
		}
	});

	it('gives a close runner-up from another category a turn, but not a distant one', () => {
		const same = ['a1', 'a2', 'a3', 'a4', 'a5'].map((id) => prompt(id, { category: 'skills' }));
		const close = prompt('z-close', { category: 'neighbourhood', source: 'library' });
		const far = prompt('z-far', { category: 'menu', phases: ['cooking'] });
		const list = ids({ prompts: [...same, close, far], limit: 5 });
		expect(list).toContain('z-close');
		expect(list).not.toContain('z-far');
		expect(list[0]).toBe('a1');
	});

	it('reports the relevance score of every suggestion', () => {
		const list = suggestPrompts(input({ limit: 20 }));
		for (const s of list) expect(Number.isFinite(s.score)).toBe(true);
	});

	it('respects the limit, five by default', () => {
		expect(suggestPrompts(input({ limit: 3 }))).toHaveLength(3);
		expect(suggestPrompts(input({ limit: 0 }))).toEqual([]);
		expect(suggestPrompts(input({ limit: -2 }))).toEqual([]);
		expect(suggestPrompts(input({ limit: 2.7 }))).toHaveLength(2);
		const { limit: _limit, ...noLimit } = input();
		expect(suggestPrompts(noLimit)).toHaveLength(5);
		expect(suggestPrompts(input({ prompts: [prompt('a'), prompt('b')], limit: 10 }))).toHaveLength(2);
	});

	it('copes with empty inputs', () => {
		expect(suggestPrompts(input({ prompts: [] }))).toEqual([]);
		expect(suggestPrompts({ prompts: PROMPT_LIBRARY, phase: 'table', languages: [], now: 0 })).toHaveLength(5);
		const empty = suggestPrompts(
			input({
				menu: { dishes: ['', '  ', { fr: '', en: '' }], ingredients: ['', '—'] },
				history: [],
				present: [],
				languages: []
			})
		);
		expect(empty).toHaveLength(5);
		const unknown = suggestPrompts(
			input({ history: [{ promptId: 'nope', usedAt: NOW, audience: [] }], present: ['ghost'], limit: 3 })
		);
		expect(unknown).toHaveLength(3);
	});
});
