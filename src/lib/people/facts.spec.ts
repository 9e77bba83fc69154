import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
	FACT_FRAMES,
	FACT_KINDS,
	isTopicKey,
	matchTopics,
	profileFromInput,
	profileInput,
	tagFact,
	TOPICS,
	usableProfile,
	type MemberProfile,
	type ProfileInput
} from './facts.ts';
import { foldText } from '../text/fold.ts';

const parse = (input: unknown) => v.safeParse(profileInput, input);
const valid: ProfileInput = {
	consent: true,
	facts: [{ kind: 'past-trade', text: 'couturière' }],
	languages: ['fr', 'ar']
};
const messages = (input: unknown) => {
	const r = parse(input);
	return r.success ? [] : r.issues.map((i) => i.message);
};

describe('TOPICS', () => {
	it('has about sixty topics with unique, folded keys and both labels', () => {
		expect(TOPICS.length).toBeGreaterThanOrEqual(55);
		expect(TOPICS.length).toBeLessThanOrEqual(80);
		expect(new Set(TOPICS.map((t) => t.key)).size).toBe(TOPICS.length);
		for (const t of TOPICS) {
			expect(t.key, t.key).toBe(foldText(t.key));
			expect(t.key, t.key).toMatch(/^[a-z]+(?:[-:][a-z]+)*$/);
			expect(t.label.fr, t.key).not.toBe('');
			expect(t.label.en, t.key).not.toBe('');
			expect(t.synonyms.fr.length, t.key).toBeGreaterThan(0);
			expect(t.synonyms.en.length, t.key).toBeGreaterThan(0);
			expect(isTopicKey(t.key)).toBe(true);
		}
	});

	it('finds each topic from its own labels, in French and in English', () => {
		for (const t of TOPICS) {
			for (const synonym of [...t.synonyms.fr, ...t.synonyms.en]) {
				expect(tagFact(synonym), `${t.key}: ${synonym}`).toEqual([t.key]);
			}
		}
	});

	it('uses none of the words it avoids on purpose', () => {
		const words = TOPICS.flatMap((t) => [...t.synonyms.fr, ...t.synonyms.en]).map(foldText);
		for (const banned of ['pain', 'chat', 'car', 'foot', 'marche', 'bois']) expect(words).not.toContain(banned);
	});

	it('has a frame for every kind, asked in the first person and told in the third', () => {
		for (const kind of FACT_KINDS) {
			for (const locale of ['fr', 'en'] as const) {
				expect(FACT_FRAMES[kind].ask[locale]).toMatch(/…$/);
				expect(FACT_FRAMES[kind].tell[locale]).toMatch(/^\{name\} .*\{text\}$/);
			}
		}
	});
});

describe('tagFact', () => {
	it('reads the brief’s examples', () => {
		expect(tagFact('J’ai été couturière')).toEqual(['sewing']);
		expect(tagFact('Je raccommode une veste')).toEqual(['sewing']);
		expect(tagFact('I’m mending a jacket')).toEqual(['sewing']);
		expect(tagFact('looking for someone who knows bikes')).toEqual(['bikes']);
		expect(tagFact('la cuisine marocaine de ma mère')).toEqual(['cooking:moroccan']);
	});

	it('ignores case and accents', () => {
		expect(tagFact('COUTURIÈRE')).toEqual(['sewing']);
		expect(tagFact('couturiere')).toEqual(['sewing']);
		expect(tagFact('Électricien')).toEqual(['electrics']);
		expect(tagFact('PÂTISSIÈRE')).toEqual(['baking']);
	});

	it('accepts simple plurals in both languages', () => {
		expect(tagFact('réparer des vélos')).toEqual(['bikes', 'diy']);
		expect(tagFact('des gâteaux')).toEqual(['baking']);
		expect(tagFact('cakes and pastries')).toEqual(['baking']);
		expect(tagFact('two bikes')).toEqual(['bikes']);
	});

	it('matches whole words only', () => {
		expect(tagFact('mon cousin')).toEqual([]);
		expect(tagFact('recoudre')).toEqual([]);
		expect(tagFact('bikers')).toEqual([]);
		expect(tagFact('cookie')).toEqual([]);
	});

	it('reads a phrase before its words', () => {
		expect(tagFact('la cuisine italienne')).toEqual(['cooking:italian']);
		expect(tagFact('j’apprends l’italien')).toEqual(['language:it']);
		expect(tagFact('Italian food')).toEqual(['cooking:italian']);
		expect(tagFact('I speak Italian')).toEqual(['language:it']);
		expect(tagFact('les jeux de société')).toEqual(['board-games']);
		expect(tagFact('aide-soignante')).toEqual(['health-care']);
		expect(tagFact('la garde d’enfants')).toEqual(['children']);
	});

	it('does not tag false friends', () => {
		expect(tagFact('Ça marche, je bois un café')).toEqual([]);
		expect(tagFact('back pain')).toEqual([]);
		expect(tagFact('on papote, on chat')).toEqual([]);
	});

	it('returns several topics sorted, each once', () => {
		expect(tagFact('jardinage, couture et encore du jardin')).toEqual(['gardening', 'sewing']);
		expect(tagFact('')).toEqual([]);
		expect(tagFact('   ---  ')).toEqual([]);
	});

	it('tells in which language a topic was named', () => {
		expect(matchTopics('couturière')).toEqual([{ key: 'sewing', locales: ['fr'] }]);
		expect(matchTopics('seamstress')).toEqual([{ key: 'sewing', locales: ['en'] }]);
		expect(matchTopics('piano')).toEqual([{ key: 'piano', locales: ['en', 'fr'] }]);
		expect(matchTopics('couture and sewing')).toEqual([{ key: 'sewing', locales: ['en', 'fr'] }]);
	});
});

describe('isTopicKey', () => {
	it('accepts curated keys and any ISO 639-1 language, nothing else', () => {
		expect(isTopicKey('sewing')).toBe(true);
		expect(isTopicKey('language:ar')).toBe(true);
		expect(isTopicKey('language:sw')).toBe(true);
		expect(isTopicKey('language:xx')).toBe(false);
		expect(isTopicKey('language:ara')).toBe(false);
		expect(isTopicKey('knife-fighting')).toBe(false);
		expect(isTopicKey('')).toBe(false);
	});
});

describe('profileInput', () => {
	it('accepts a profile and normalises it', () => {
		const r = parse({
			consent: true,
			facts: [{ kind: 'need-help', text: '  raccommoder   une veste \n', tags: [' Sewing '] }],
			languages: ['FR', ' ar '],
			ageBracket: '30-50'
		});
		expect(r.success).toBe(true);
		expect(r.output).toEqual({
			consent: true,
			facts: [{ kind: 'need-help', text: 'raccommoder une veste', tags: ['sewing'] }],
			languages: ['fr', 'ar'],
			ageBracket: '30-50'
		});
	});

	it('accepts an empty profile, with or without consent', () => {
		expect(parse({ consent: true, facts: [], languages: [] }).success).toBe(true);
		expect(parse({ consent: false, facts: [], languages: [] }).success).toBe(true);
	});

	it('needs consent to share anything at all', () => {
		expect(messages({ ...valid, consent: false })).toContain('consent is needed to share anything');
		expect(messages({ consent: false, facts: [], languages: ['fr'] })).toContain('consent is needed to share anything');
		expect(messages({ consent: false, facts: [], languages: [], ageBracket: '70+' })).toContain(
			'consent is needed to share anything'
		);
		expect(parse({ ...valid, consent: 'yes' }).success).toBe(false);
		expect(parse({ facts: [], languages: [] }).success).toBe(false);
	});

	it('is strict: ids, consent dates and unknown fields are refused', () => {
		expect(parse({ ...valid, memberId: 'm1' }).success).toBe(false);
		expect(parse({ ...valid, consentAt: 1 }).success).toBe(false);
		expect(parse({ ...valid, firstVisitAt: 1 }).success).toBe(false);
		expect(parse({ ...valid, facts: [{ kind: 'skill', text: 'vélo', secret: 1 }] }).success).toBe(false);
	});

	it('refuses control characters and lone surrogates inside a text', () => {
		for (const text of ['a\nb', 'a\tb', 'a\u0000b', 'a\u0085b', 'a\u2028b', 'a\ud800b', 'a\udc00']) {
			expect(parse({ ...valid, facts: [{ kind: 'skill', text }] }).success, JSON.stringify(text)).toBe(false);
		}
		expect(parse({ ...valid, facts: [{ kind: 'skill', text: 'vélo 🚲' }] }).success).toBe(true);
	});

	it('refuses empty and too long texts, counting after trimming', () => {
		expect(messages({ ...valid, facts: [{ kind: 'skill', text: '   ' }] })).toContain('text is empty');
		expect(parse({ ...valid, facts: [{ kind: 'skill', text: ` ${'a'.repeat(120)} ` }] }).success).toBe(true);
		expect(messages({ ...valid, facts: [{ kind: 'skill', text: 'a'.repeat(121) }] })).toContain(
			'text is longer than 120'
		);
	});

	it('limits facts, languages and topics', () => {
		const fact = { kind: 'interest', text: 'jardin' };
		expect(parse({ ...valid, facts: Array(5).fill(fact) }).success).toBe(true);
		expect(parse({ ...valid, facts: Array(6).fill(fact) }).success).toBe(false);
		expect(parse({ ...valid, languages: ['fr', 'en', 'ar', 'es', 'pt', 'it'] }).success).toBe(true);
		expect(parse({ ...valid, languages: ['fr', 'en', 'ar', 'es', 'pt', 'it', 'de'] }).success).toBe(false);
		const tags = ['sewing', 'bikes', 'diy', 'music', 'dance', 'chess', 'yoga', 'piano', 'guitar'];
		expect(parse({ ...valid, facts: [{ ...fact, tags: tags.slice(0, 8) }] }).success).toBe(true);
		expect(parse({ ...valid, facts: [{ ...fact, tags }] }).success).toBe(false);
	});

	it('refuses unknown languages, topics, kinds, brackets and repeats', () => {
		expect(parse({ ...valid, languages: ['xx'] }).success).toBe(false);
		expect(parse({ ...valid, languages: ['fra'] }).success).toBe(false);
		expect(parse({ ...valid, languages: ['fr', 'FR'] }).success).toBe(false);
		expect(parse({ ...valid, facts: [{ kind: 'skill', text: 'x', tags: ['unknown'] }] }).success).toBe(false);
		expect(parse({ ...valid, facts: [{ kind: 'skill', text: 'x', tags: ['bikes', 'Bikes'] }] }).success).toBe(false);
		expect(parse({ ...valid, facts: [{ kind: 'wish', text: 'x' }] }).success).toBe(false);
		expect(parse({ ...valid, ageBracket: '30-40' }).success).toBe(false);
		expect(
			parse({
				...valid,
				facts: [
					{ id: 'a', kind: 'skill', text: 'x' },
					{ id: 'a', kind: 'skill', text: 'y' }
				]
			}).success
		).toBe(false);
		expect(parse({ ...valid, facts: [{ id: 'no spaces', kind: 'skill', text: 'x' }] }).success).toBe(false);
	});
});

describe('profileFromInput', () => {
	const payload = (input: ProfileInput) => v.parse(profileInput, input);

	it('tags facts from their text and the topics picked, and records consent', () => {
		const p = profileFromInput({
			memberId: 'annie',
			payload: payload({
				consent: true,
				facts: [
					{ kind: 'past-trade', text: 'couturière' },
					{ kind: 'interest', text: 'les chansons', tags: ['singing', 'music'] }
				],
				languages: ['fr'],
				ageBracket: '70+'
			}),
			now: 50
		});
		expect(p).toEqual({
			memberId: 'annie',
			consentAt: 50,
			facts: [
				{ id: 'f1', kind: 'past-trade', text: 'couturière', tags: ['sewing'] },
				{ id: 'f2', kind: 'interest', text: 'les chansons', tags: ['music', 'singing'] }
			],
			languages: ['fr'],
			ageBracket: '70+'
		});
	});

	it('keeps the first consent date and the first visit, and known fact ids', () => {
		const previous: MemberProfile = { memberId: 'm', consentAt: 10, facts: [], languages: [], firstVisitAt: 5 };
		const p = profileFromInput({
			memberId: 'm',
			payload: payload({
				consent: true,
				facts: [
					{ kind: 'skill', text: 'vélo' },
					{ id: 'f1', kind: 'skill', text: 'tricot' }
				],
				languages: []
			}),
			previous,
			now: 99
		});
		expect(p.consentAt).toBe(10);
		expect(p.firstVisitAt).toBe(5);
		expect(p.facts.map((f) => f.id)).toEqual(['f2', 'f1']);
	});

	it('clears everything shared when consent is withdrawn', () => {
		const previous: MemberProfile = {
			memberId: 'm',
			consentAt: 10,
			facts: [{ id: 'f1', kind: 'skill', text: 'vélo', tags: ['bikes'] }],
			languages: ['fr'],
			ageBracket: 'under-30',
			firstVisitAt: 5
		};
		const p = profileFromInput({
			memberId: 'm',
			payload: payload({ consent: false, facts: [], languages: [] }),
			previous,
			now: 99
		});
		expect(p).toEqual({ memberId: 'm', consentAt: null, facts: [], languages: [], firstVisitAt: 5 });
		expect(usableProfile(p, 100)).toBeUndefined();
	});
});

describe('usableProfile', () => {
	const p: MemberProfile = { memberId: 'm', consentAt: 10, facts: [], languages: [] };
	it('uses a profile only with consent given by now', () => {
		expect(usableProfile(p, 10)).toBe(p);
		expect(usableProfile(p, 9)).toBeUndefined();
		expect(usableProfile({ ...p, consentAt: null }, 100)).toBeUndefined();
		expect(usableProfile(undefined, 100)).toBeUndefined();
	});
});
