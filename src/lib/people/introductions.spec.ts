import { describe, expect, it } from 'vitest';
import type { Fact, FactKind, MemberProfile } from './facts.ts';
import { tagFact } from './facts.ts';
import {
	INTRODUCTION_MEMORY_MS,
	MAX_PER_MEMBER,
	NEW_FACE_MS,
	suggestIntroductions,
	type IntroductionsInput
} from './introductions.ts';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 25, 12);

let factCount = 0;
const fact = (kind: FactKind, text: string, tags = tagFact(text)): Fact => ({
	id: `f${++factCount}`,
	kind,
	text,
	tags
});
const profile = (memberId: string, facts: Fact[], over: Partial<MemberProfile> = {}): MemberProfile => ({
	memberId,
	consentAt: NOW - 30 * DAY,
	facts,
	languages: ['fr'],
	...over
});

const annie = profile('annie', [fact('past-trade', 'couturière')]);
const karim = profile('karim', [fact('need-help', 'raccommoder une veste')]);
const names = { annie: 'Annie', karim: 'Karim', lea: 'Léa', omar: 'Omar', zoe: 'Zoé', yan: 'Yan', max: 'Max' };

const input = (over: Partial<IntroductionsInput> = {}): IntroductionsInput => ({
	profiles: [annie, karim],
	present: ['annie', 'karim'],
	names,
	history: [],
	now: NOW,
	limit: 5,
	...over
});
const pairs = (over: Partial<IntroductionsInput> = {}) => suggestIntroductions(input(over)).map((i) => `${i.a}+${i.b}`);

describe('suggestIntroductions: complements and shared topics', () => {
	it('introduces someone who can help to someone looking for it, with a line in both languages', () => {
		const [intro, ...rest] = suggestIntroductions(input());
		expect(rest).toEqual([]);
		expect(intro).toMatchObject({ a: 'annie', b: 'karim' });
		expect(intro?.reasons).toEqual(['complement:sewing', 'common-language:fr']);
		expect(intro?.line).toEqual({
			fr: 'Annie a été couturière — Karim cherche un coup de main pour raccommoder une veste',
			en: 'Annie used to be couturière (sewing) — Karim would like a hand with raccommoder une veste (sewing)'
		});
	});

	it('reads naturally when written in the line’s language', () => {
		const en = [
			profile('annie', [fact('past-trade', 'a seamstress')], { languages: ['en'] }),
			profile('karim', [fact('need-help', 'mending a jacket')], { languages: ['en'] })
		];
		expect(suggestIntroductions(input({ profiles: en }))[0]?.line.en).toBe(
			'Annie used to be a seamstress — Karim would like a hand with mending a jacket'
		);
		const fr = [profile('lea', [fact('interest', 'le jardinage')]), profile('omar', [fact('interest', 'mon potager')])];
		const line = suggestIntroductions(input({ profiles: fr, present: ['lea', 'omar'] }))[0]?.line;
		expect(line?.fr).toBe('Léa aime le jardinage — Omar aime mon potager');
		expect(line?.en).toBe('Léa enjoys le jardinage (gardening) — Omar enjoys mon potager (gardening)');
	});

	it('puts the one who can help first in the line, whatever the ids', () => {
		const zoe = profile('zoe', [fact('skill', 'vélo')]);
		const max = profile('max', [fact('need-help', 'ma crevaison')]);
		const [intro] = suggestIntroductions(input({ profiles: [zoe, max], present: ['zoe', 'max'] }));
		expect([intro?.a, intro?.b]).toEqual(['max', 'zoe']);
		expect(intro?.line.fr).toBe('Zoé s’y connaît en vélo — Max cherche un coup de main pour ma crevaison');
	});

	it('scores a complement above any merely shared interests', () => {
		const shared = [
			profile('lea', [fact('interest', 'jardin, couture, vélo'), fact('interest', 'tricot')], { firstVisitAt: NOW }),
			profile('omar', [fact('interest', 'jardin, couture, vélo'), fact('interest', 'tricot')])
		];
		const list = suggestIntroductions(input({ profiles: [...shared, annie, karim], present: Object.keys(names) }));
		expect(list[0]).toMatchObject({ a: 'annie', b: 'karim' });
		const sharedOnly = list.find((i) => i.a === 'lea' && i.b === 'omar');
		expect(sharedOnly?.reasons).toEqual(expect.arrayContaining(['shared:sewing', 'shared:gardening', 'new-face']));
		expect(list[0]!.score).toBeGreaterThan(sharedOnly!.score);
	});

	it('treats a spoken language as something to offer to someone learning it', () => {
		const learner = profile('lea', [fact('learning', 'l’arabe')], { languages: ['fr'] });
		const speaker = profile('omar', [fact('interest', 'le football')], { languages: ['fr', 'ar'] });
		const [intro] = suggestIntroductions(input({ profiles: [learner, speaker], present: ['lea', 'omar'] }));
		expect(intro?.reasons).toEqual(['complement:language:ar', 'common-language:fr']);
		expect(intro?.line).toEqual({
			fr: 'Omar parle arabe — Léa apprend l’arabe',
			en: 'Omar speaks Arabic — Léa is learning l’arabe (Arabic)'
		});
	});

	it('counts topics picked by hand as well as those read from the text', () => {
		const lea = profile('lea', [fact('skill', 'les réparations de mon grand-père', ['bikes'])]);
		const omar = profile('omar', [fact('need-help', 'a puncture')]);
		const [intro] = suggestIntroductions(input({ profiles: [lea, omar], present: ['lea', 'omar'] }));
		expect(intro?.reasons[0]).toBe('complement:bikes');
		expect(intro?.line.en).toBe(
			'Léa knows about les réparations de mon grand-père — Omar would like a hand with a puncture'
		);
	});

	it('suggests nobody with nothing to talk about', () => {
		const lea = profile('lea', [fact('interest', 'le jardinage')]);
		const omar = profile('omar', [fact('interest', 'les échecs')]);
		expect(suggestIntroductions(input({ profiles: [lea, omar], present: ['lea', 'omar'] }))).toEqual([]);
		// A common language alone is no topic.
		expect(
			suggestIntroductions(input({ profiles: [profile('lea', []), profile('omar', [])], present: ['lea', 'omar'] }))
		).toEqual([]);
	});
});

describe('suggestIntroductions: who is read', () => {
	it('never uses a profile without consent, or with consent given later than now', () => {
		expect(pairs({ profiles: [annie, { ...karim, consentAt: null }] })).toEqual([]);
		expect(pairs({ profiles: [{ ...annie, consentAt: null }, karim] })).toEqual([]);
		expect(pairs({ profiles: [annie, { ...karim, consentAt: NOW + 1 }] })).toEqual([]);
	});

	it('never uses a consent-less member’s languages as a bridge', () => {
		const lea = profile('lea', [fact('skill', 'couture')], { languages: ['ar'] });
		const omar = profile('omar', [fact('learning', 'la couture')], { languages: ['en'] });
		const bridge = profile('zoe', [], { languages: ['ar', 'en'] });
		const present = ['lea', 'omar', 'zoe'];
		expect(suggestIntroductions(input({ profiles: [lea, omar, bridge], present }))[0]?.reasons).toContain('bridge:zoe');
		const without = suggestIntroductions(input({ profiles: [lea, omar, { ...bridge, consentAt: null }], present }));
		expect(without[0]?.reasons.some((r) => r.startsWith('bridge:'))).toBe(false);
	});

	it('never suggests a member who is not present', () => {
		expect(pairs({ present: ['annie'] })).toEqual([]);
		expect(pairs({ present: [] })).toEqual([]);
		const lea = profile('lea', [fact('interest', 'la couture')]);
		const list = suggestIntroductions(input({ profiles: [annie, karim, lea], present: ['annie', 'lea'] }));
		expect(list.map((i) => [i.a, i.b])).toEqual([['annie', 'lea']]);
		for (const i of list) expect([i.a, i.b]).not.toContain('karim');
	});

	it('skips a member without a name to say, and reads names from own keys only', () => {
		expect(pairs({ names: { annie: 'Annie', karim: '  ' } })).toEqual([]);
		expect(pairs({ names: { annie: 'Annie' } })).toEqual([]);
		const proto = profile('constructor', [fact('need-help', 'ourlet')]);
		expect(pairs({ profiles: [annie, proto], present: ['annie', 'constructor'] })).toEqual([]);
	});

	it('keeps placeholders in names and texts as plain text', () => {
		const odd = profile('karim', [fact('need-help', 'coudre {name}')]);
		const [intro] = suggestIntroductions(input({ profiles: [annie, odd], names: { annie: '{text}', karim: 'K' } }));
		expect(intro?.line.fr).toBe('{text} a été couturière — K cherche un coup de main pour coudre {name}');
	});
});

describe('suggestIntroductions: languages', () => {
	const lea = profile('lea', [fact('skill', 'la couture')], { languages: ['ar'] });
	const omar = profile('omar', [fact('need-help', 'un ourlet')], { languages: ['uk'] });
	const shared = [
		profile('zoe', [fact('interest', 'jardin')], { languages: ['fr'] }),
		profile('yan', [fact('interest', 'jardin')], { languages: ['fr'] })
	];

	it('puts a pair who cannot talk to each other below a pair who can', () => {
		const list = suggestIntroductions(
			input({ profiles: [lea, omar, ...shared], present: ['lea', 'omar', 'zoe', 'yan'] })
		);
		expect(list.map((i) => `${i.a}+${i.b}`)).toEqual(['yan+zoe', 'lea+omar']);
		expect(list[1]!.score).toBeLessThan(0);
		expect(list[1]!.reasons.some((r) => r.startsWith('common-language:'))).toBe(false);
	});

	it('lifts them back when someone present speaks with each of them', () => {
		const bridge = profile('max', [], { languages: ['ar', 'uk'] });
		const list = suggestIntroductions(
			input({ profiles: [lea, omar, bridge, ...shared], present: ['lea', 'omar', 'zoe', 'yan', 'max'] })
		);
		expect(list[0]).toMatchObject({ a: 'lea', b: 'omar' });
		expect(list[0]?.reasons).toEqual(['complement:sewing', 'bridge:max']);
	});

	it('accepts a bridge of two people’s languages, but not someone who speaks with only one', () => {
		const halfway = profile('max', [], { languages: ['ar'] });
		const list = suggestIntroductions(input({ profiles: [lea, omar, halfway], present: ['lea', 'omar', 'max'] }));
		expect(list[0]?.reasons).toEqual(['complement:sewing']);
		expect(list[0]!.score).toBeLessThan(0);
	});

	it('picks the same bridge whatever the order, the smallest id', () => {
		const b1 = profile('yan', [], { languages: ['ar', 'uk'] });
		const b2 = profile('max', [], { languages: ['ar', 'uk'] });
		const present = ['lea', 'omar', 'yan', 'max'];
		const one = suggestIntroductions(input({ profiles: [lea, omar, b1, b2], present }));
		const two = suggestIntroductions(input({ profiles: [b2, b1, omar, lea], present: [...present].reverse() }));
		expect(one[0]?.reasons).toContain('bridge:max');
		expect(two).toEqual(one);
	});

	it('does not hold unknown languages against anyone', () => {
		const quiet = { ...omar, languages: [] };
		const [intro] = suggestIntroductions(input({ profiles: [lea, quiet], present: ['lea', 'omar'] }));
		expect(intro?.score).toBeGreaterThan(0);
		expect(intro?.reasons).toEqual(['complement:sewing']);
	});

	it('names every common language', () => {
		const a = { ...annie, languages: ['fr', 'ar', 'en'] };
		const k = { ...karim, languages: ['en', 'ar'] };
		expect(suggestIntroductions(input({ profiles: [a, k] }))[0]?.reasons).toEqual([
			'complement:sewing',
			'common-language:ar',
			'common-language:en'
		]);
	});
});

describe('suggestIntroductions: history and new faces', () => {
	it('drops a pair introduced within about eight weeks, in either order', () => {
		expect(pairs({ history: [{ a: 'annie', b: 'karim', at: NOW - 7 * DAY }] })).toEqual([]);
		expect(pairs({ history: [{ a: 'karim', b: 'annie', at: NOW - 55 * DAY }] })).toEqual([]);
		expect(pairs({ history: [{ a: 'karim', b: 'annie', at: NOW - INTRODUCTION_MEMORY_MS }] })).toEqual(['annie+karim']);
		expect(pairs({ history: [{ a: 'annie', b: 'lea', at: NOW }] })).toEqual(['annie+karim']);
	});

	it('lifts a pair with someone new to the canteen', () => {
		const base = suggestIntroductions(input())[0]!;
		const fresh = suggestIntroductions(input({ profiles: [annie, { ...karim, firstVisitAt: NOW - DAY }] }))[0]!;
		expect(fresh.reasons).toContain('new-face');
		expect(fresh.score).toBeGreaterThan(base.score);
		const old = suggestIntroductions(input({ profiles: [annie, { ...karim, firstVisitAt: NOW - NEW_FACE_MS }] }))[0]!;
		expect(old.reasons).not.toContain('new-face');
	});
});

describe('suggestIntroductions: spreading attention and order', () => {
	// Everyone loves the garden; Annie and Karim also complement each other.
	const garden = (id: string) => profile(id, [fact('interest', 'jardin')]);
	const crowd = [
		profile('annie', [fact('past-trade', 'couturière'), fact('interest', 'jardin')]),
		profile('karim', [fact('need-help', 'raccommoder une veste'), fact('interest', 'jardin')]),
		garden('lea'),
		garden('omar'),
		garden('zoe'),
		garden('yan'),
		garden('max')
	];
	const everyone = crowd.map((p) => p.memberId);

	it('shows each member in at most two suggestions', () => {
		const list = suggestIntroductions(input({ profiles: crowd, present: everyone, limit: 20 }));
		const count = new Map<string, number>();
		for (const i of list) for (const id of [i.a, i.b]) count.set(id, (count.get(id) ?? 0) + 1);
		expect(Math.max(...count.values())).toBe(MAX_PER_MEMBER);
		expect(list).toHaveLength(7);
		expect(list[0]).toMatchObject({ a: 'annie', b: 'karim' });
		expect(new Set(count.keys())).toEqual(new Set(everyone));
	});

	it('respects the limit', () => {
		expect(suggestIntroductions(input({ profiles: crowd, present: everyone, limit: 3 }))).toHaveLength(3);
		expect(suggestIntroductions(input({ profiles: crowd, present: everyone, limit: 0 }))).toEqual([]);
		expect(suggestIntroductions(input({ profiles: crowd, present: everyone, limit: undefined }))).toHaveLength(5);
	});

	it('orders ties by ids, people suggested least first', () => {
		const list = suggestIntroductions(input({ profiles: crowd.slice(2), present: everyone, limit: 20 }));
		expect(list.slice(0, 3).map((i) => `${i.a}+${i.b}`)).toEqual(['lea+max', 'omar+yan', 'lea+zoe']);
		for (const i of list) expect(i.a < i.b).toBe(true);
	});

	it('gives the same list whatever the order of its inputs', () => {
		const history = [
			{ a: 'lea', b: 'omar', at: NOW - DAY },
			{ a: 'zoe', b: 'annie', at: NOW - 100 * DAY }
		];
		const one = suggestIntroductions(input({ profiles: crowd, present: everyone, history, limit: 20 }));
		const two = suggestIntroductions(
			input({
				profiles: [...crowd].reverse(),
				present: [...everyone].reverse(),
				history: [...history].reverse(),
				names: Object.fromEntries(Object.entries(names).reverse()),
				limit: 20
			})
		);
		expect(two).toEqual(one);
		expect(one.map((i) => `${i.a}+${i.b}`)).not.toContain('lea+omar');
	});
});
