/**
 * Who the Canteen Master might introduce to whom, right now. Pure and deterministic: the
 * caller passes the clock, the profiles, who is in the room and the past introductions,
 * so the same inputs always give the same list, whatever their order.
 *
 * Only members who are present and consented are read. The score is a sum of plain terms,
 * so every suggestion says why it was chosen:
 *
 *   score = COMPLEMENT + COMPLEMENT_EXTRA × (more complements, ≤ 2)
 *             one offers ('skill', 'past-trade', or speaks the language) what the other
 *             looks for ('learning', 'need-help') on the same topic
 *         + SHARED + SHARED_EXTRA × (more shared topics, ≤ 2)    topics both mention
 *         + NEW_FACE        one of them came for the first time recently
 *         − NO_LANGUAGE     both said which languages they speak and none is common…
 *         − BRIDGED         …unless someone present speaks with each: a smaller cost
 *
 * COMPLEMENT alone outweighs everything a merely shared interest can add up to, because
 * "she can help you with that" starts a conversation that lasts. A pair with nothing to
 * talk about (no complement, no shared topic) is never suggested.
 *
 * A spreading pass then walks the ranking and skips a pair once either person is already
 * in MAX_PER_MEMBER suggestions (ties going to those suggested least), so one
 * well-described member does not take all the Canteen Master's attention.
 */
import type { Locale, LocalizedText } from '../domain/types.ts';
import {
	FACT_FRAMES,
	matchTopics,
	OFFER_KINDS,
	SEEK_KINDS,
	TOPICS_BY_KEY,
	usableProfile,
	type Fact,
	type MemberProfile
} from './facts.ts';

export const WEIGHTS = {
	COMPLEMENT: 5,
	COMPLEMENT_EXTRA: 1,
	SHARED: 2,
	SHARED_EXTRA: 0.5,
	NEW_FACE: 1,
	NO_LANGUAGE: 6,
	BRIDGED: 1
} as const;

const WEEK = 7 * 24 * 60 * 60 * 1000;
/** Introduced within this, a pair has met: suggesting them again would feel like a script. */
export const INTRODUCTION_MEMORY_MS = 8 * WEEK;
/** First meal within this: still finding their way, an introduction helps most. */
export const NEW_FACE_MS = 4 * WEEK;
/** Spread attention: nobody appears in more suggestions than this. */
export const MAX_PER_MEMBER = 2;

export type IntroductionReason =
	`complement:${string}` | `shared:${string}` | `common-language:${string}` | `bridge:${string}` | 'new-face';

export interface Introduction {
	/** The pair, smaller id first. */
	a: string;
	b: string;
	score: number;
	reasons: IntroductionReason[];
	/** What the Canteen Master can say, from the members' own words. */
	line: LocalizedText;
}

export interface PastIntroduction {
	a: string;
	b: string;
	at: number;
}

export interface IntroductionsInput {
	/** One profile per member. Those without consent are ignored entirely. */
	profiles: readonly MemberProfile[];
	/** Member ids in the room now. */
	present: readonly string[];
	/** Display names; a member without one is not suggested (there would be no line to say). */
	names: Readonly<Record<string, string>>;
	history?: readonly PastIntroduction[];
	now: number;
	limit?: number;
}

const LANGUAGE_PREFIX = 'language:';

/** What a member can bring or is looking for, per topic. Spoken languages are offers too. */
interface Side {
	id: string;
	name: string;
	profile: MemberProfile;
	offers: Set<string>;
	seeks: Set<string>;
	topics: Set<string>;
	languages: Set<string>;
}

function side(profile: MemberProfile, name: string): Side {
	const offers = new Set<string>();
	const seeks = new Set<string>();
	const topics = new Set<string>();
	for (const fact of profile.facts) {
		for (const tag of fact.tags) {
			topics.add(tag);
			if (OFFER_KINDS.includes(fact.kind)) offers.add(tag);
			if (SEEK_KINDS.includes(fact.kind)) seeks.add(tag);
		}
	}
	const languages = new Set(profile.languages);
	for (const code of languages) offers.add(LANGUAGE_PREFIX + code);
	return { id: profile.memberId, name, profile, offers, seeks, topics, languages };
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const sorted = (xs: Iterable<string>) => [...xs].sort(cmp);
const pairKey = (x: string, y: string) => (x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`);
const intersects = (x: ReadonlySet<string>, y: ReadonlySet<string>) => [...x].some((v) => y.has(v));

export function suggestIntroductions(input: IntroductionsInput): Introduction[] {
	const { now } = input;
	const limit = Math.max(0, Math.floor(input.limit ?? 5));
	if (limit === 0) return [];

	const present = new Set(input.present);
	const sides: Side[] = [];
	for (const p of input.profiles) {
		const profile = usableProfile(p, now);
		const given = Object.hasOwn(input.names, p.memberId) ? input.names[p.memberId] : undefined;
		const name = typeof given === 'string' ? given.trim() : '';
		if (!profile || !present.has(profile.memberId) || name === '') continue;
		if (sides.some((s) => s.id === profile.memberId)) continue;
		sides.push(side(profile, name));
	}
	sides.sort((x, y) => cmp(x.id, y.id));

	const recent = new Set<string>();
	for (const h of input.history ?? []) {
		if (now - h.at < INTRODUCTION_MEMORY_MS) recent.add(pairKey(h.a, h.b));
	}

	const candidates: Introduction[] = [];
	for (let i = 0; i < sides.length; i++) {
		for (let j = i + 1; j < sides.length; j++) {
			const a = sides[i]!;
			const b = sides[j]!;
			if (recent.has(pairKey(a.id, b.id))) continue;
			const intro = score(a, b, sides, now);
			if (intro) candidates.push(intro);
		}
	}

	candidates.sort((x, y) => y.score - x.score || cmp(x.a, y.a) || cmp(x.b, y.b));
	return spread(candidates, limit);
}

function score(a: Side, b: Side, everyone: readonly Side[], now: number): Introduction | undefined {
	const complements = sorted(
		new Set([...a.offers].filter((t) => b.seeks.has(t)).concat([...b.offers].filter((t) => a.seeks.has(t))))
	);
	const shared = sorted([...a.topics].filter((t) => b.topics.has(t) && !complements.includes(t)));
	if (complements.length === 0 && shared.length === 0) return undefined;

	let total = 0;
	const reasons: IntroductionReason[] = [];
	if (complements.length > 0) {
		total += WEIGHTS.COMPLEMENT + WEIGHTS.COMPLEMENT_EXTRA * Math.min(2, complements.length - 1);
		reasons.push(...complements.map((t) => `complement:${t}` as const));
	}
	if (shared.length > 0) {
		total += WEIGHTS.SHARED + WEIGHTS.SHARED_EXTRA * Math.min(2, shared.length - 1);
		reasons.push(...shared.map((t) => `shared:${t}` as const));
	}

	const common = sorted([...a.languages].filter((l) => b.languages.has(l)));
	reasons.push(...common.map((l) => `common-language:${l}` as const));
	// Languages not given are unknown, not missing: only two known lists can fail to meet.
	if (common.length === 0 && a.languages.size > 0 && b.languages.size > 0) {
		const bridge = everyone.find(
			(c) =>
				c.id !== a.id && c.id !== b.id && intersects(c.languages, a.languages) && intersects(c.languages, b.languages)
		);
		if (bridge) {
			total -= WEIGHTS.BRIDGED;
			reasons.push(`bridge:${bridge.id}`);
		} else {
			total -= WEIGHTS.NO_LANGUAGE;
		}
	}

	if (isNewFace(a.profile, now) || isNewFace(b.profile, now)) {
		total += WEIGHTS.NEW_FACE;
		reasons.push('new-face');
	}

	return {
		a: a.id,
		b: b.id,
		score: Math.round(total * 1000) / 1000,
		reasons,
		line: line(a, b, complements[0], shared[0])
	};
}

function isNewFace(profile: MemberProfile, now: number): boolean {
	const first = profile.firstVisitAt;
	return first !== undefined && first <= now && now - first < NEW_FACE_MS;
}

/**
 * Greedy pick down the ranking: a pair is skipped once either person is already in
 * MAX_PER_MEMBER suggestions, and among pairs of equal score the one whose people have
 * been suggested least goes first, so a room of gardeners is not all about the same two.
 */
function spread(ranked: readonly Introduction[], limit: number): Introduction[] {
	const picked: Introduction[] = [];
	const count = new Map<string, number>();
	const seen = (id: string) => count.get(id) ?? 0;
	const remaining = [...ranked];
	while (picked.length < limit) {
		let best = -1;
		for (let i = 0; i < remaining.length; i++) {
			const intro = remaining[i]!;
			if (seen(intro.a) >= MAX_PER_MEMBER || seen(intro.b) >= MAX_PER_MEMBER) continue;
			if (best >= 0 && remaining[best]!.score > intro.score) break;
			// `remaining` is in score-then-id order: the first of the least-seen wins ties.
			if (best < 0 || seen(intro.a) + seen(intro.b) < seen(remaining[best]!.a) + seen(remaining[best]!.b)) best = i;
		}
		if (best < 0) break;
		const [choice] = remaining.splice(best, 1);
		picked.push(choice!);
		count.set(choice!.a, seen(choice!.a) + 1);
		count.set(choice!.b, seen(choice!.b) + 1);
	}
	return picked;
}

/** A fact, or a spoken language standing in for one ("Karim speaks Arabic"). */
type Said = { fact: Fact } | { speaks: string };

const LOCALES: readonly Locale[] = ['fr', 'en'];

/**
 * "Annie used to be a seamstress — Karim would like a hand with mending a jacket": the one
 * who can help first, each in their own words. On a shared topic, both in id order.
 */
function line(a: Side, b: Side, complement: string | undefined, shared: string | undefined): LocalizedText {
	let first: [Side, Said];
	let second: [Side, Said];
	let tag: string;
	if (complement !== undefined) {
		tag = complement;
		const [giver, taker] = a.offers.has(tag) && b.seeks.has(tag) ? [a, b] : [b, a];
		first = [giver, offerOf(giver, tag)];
		second = [taker, { fact: factWith(taker, tag, SEEK_KINDS)! }];
	} else {
		tag = shared!;
		first = [a, { fact: factWith(a, tag)! }];
		second = [b, { fact: factWith(b, tag)! }];
	}
	const text = {} as LocalizedText;
	for (const locale of LOCALES) text[locale] = `${tell(first, tag, locale)} — ${tell(second, tag, locale)}`;
	return text;
}

function factWith(s: Side, tag: string, kinds?: readonly Fact['kind'][]): Fact | undefined {
	return s.profile.facts.find((f) => f.tags.includes(tag) && (!kinds || kinds.includes(f.kind)));
}

function offerOf(s: Side, tag: string): Said {
	const fact = factWith(s, tag, OFFER_KINDS);
	if (fact) return { fact };
	return { speaks: tag.slice(LANGUAGE_PREFIX.length) };
}

const SPEAKS: Record<Locale, string> = { fr: '{name} parle {text}', en: '{name} speaks {text}' };

function tell([s, said]: [Side, Said], tag: string, locale: Locale): string {
	if ('speaks' in said) {
		const label = TOPICS_BY_KEY.get(LANGUAGE_PREFIX + said.speaks)?.label[locale] ?? said.speaks;
		return fill(SPEAKS[locale], s.name, label);
	}
	const { fact } = said;
	let text = fact.text;
	// Written in the other language: add the topic's name in this one, so the line still
	// says what it is about ("Annie used to be couturière (sewing)").
	const written = matchTopics(fact.text).find((m) => m.key === tag)?.locales ?? [];
	const label = TOPICS_BY_KEY.get(tag)?.label[locale];
	if (label && written.length > 0 && !written.includes(locale)) text += ` (${label})`;
	return fill(FACT_FRAMES[fact.kind].tell[locale], s.name, text);
}

function fill(template: string, name: string, text: string): string {
	// One pass, so a name or a text containing "{text}" is never read as a placeholder.
	return template.replace(/\{(name|text)\}/g, (_, key: string) => (key === 'name' ? name : text));
}
