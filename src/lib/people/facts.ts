/**
 * What a member chose to share about themselves, so the Canteen Master can introduce
 * people who would never otherwise talk ("Annie used to be a seamstress — Karim is
 * mending a jacket"). Nothing here is inferred about anyone: every fact is written by the
 * member, and without consent nothing of their profile is used at all.
 *
 * Topics are curated keys (`sewing`, `cooking:moroccan`, `language:ar`) so a fact typed in
 * French and one typed in English meet on the same key. `tagFact` reads a fact's text for
 * them; the member may also pick topics themselves.
 */
import * as v from 'valibot';
import type { Locale } from '../domain/types.ts';
import { foldText, foldWords, sameWord } from '../text/fold.ts';

export const FACT_KINDS = ['skill', 'interest', 'past-trade', 'learning', 'need-help'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/** Kinds that bring something to someone else, and kinds that look for it. */
export const OFFER_KINDS: readonly FactKind[] = ['skill', 'past-trade'];
export const SEEK_KINDS: readonly FactKind[] = ['learning', 'need-help'];

/**
 * Split at 30 and 50 so partners' groups (under 30, 30–50, over 50: partners/figures.ts)
 * are unions of them. Until November 2026 the choices were 18-25, 26-40, 41-60, 61-75
 * and 76+ (`LEGACY_AGE_BRACKETS`); stored ones are read through `currentAgeBracket`.
 */
export const AGE_BRACKETS = ['under-30', '30-50', '51-69', '70+'] as const;
export type AgeBracket = (typeof AGE_BRACKETS)[number];

export const LEGACY_AGE_BRACKETS = ['18-25', '26-40', '41-60', '61-75', '76+'] as const;

/**
 * A stored bracket as today's choices: old ones only where they fall wholly inside one
 * (18-25 → under 30, 76+ → 70+); 26-40, 41-60 and 61-75 straddle a line and read as not given.
 */
export function currentAgeBracket(stored: string | undefined): AgeBracket | undefined {
	if ((AGE_BRACKETS as readonly string[]).includes(stored ?? '')) return stored as AgeBracket;
	if (stored === '18-25') return 'under-30';
	if (stored === '76+') return '70+';
	return undefined;
}

export const PROFILE_LIMITS = {
	facts: 5,
	factText: 120,
	languages: 6,
	/** Topics a member may pick by hand for one fact, on top of those read from its text. */
	tagsPerFact: 8
} as const;

export interface Fact {
	id: string;
	kind: FactKind;
	/** The member's own words, completing the kind's frame (see `FACT_FRAMES`). */
	text: string;
	/** Topic keys: lower-case, accent-folded (`sewing`, `cooking:moroccan`, `language:ar`). */
	tags: string[];
}

export interface MemberProfile {
	memberId: string;
	/** When the member agreed to share. `null`: nothing below is used, anywhere. */
	consentAt: number | null;
	facts: Fact[];
	/** ISO 639-1 codes of the languages they are happy to talk in. Empty: not said. */
	languages: string[];
	/** Only if they chose to give it; never guessed. */
	ageBracket?: AgeBracket;
	/** Their first meal at this canteen, as recorded by the canteen. */
	firstVisitAt?: number;
}

/**
 * The one gate every rule goes through: a profile counts only with consent given before
 * `now`. A profile saved without consent, or whose consent was withdrawn, is as if absent.
 */
export function usableProfile(profile: MemberProfile | undefined, now: number): MemberProfile | undefined {
	if (!profile || profile.consentAt === null || profile.consentAt > now) return undefined;
	return profile;
}

/**
 * How the UI asks for a fact, in the first person, and how an introduction line reads it
 * back, in the third. The member completes the sentence, so the line reads naturally:
 * "J'ai été… couturière" becomes "Annie a été couturière".
 */
export const FACT_FRAMES: Record<FactKind, { ask: Record<Locale, string>; tell: Record<Locale, string> }> = {
	skill: {
		ask: { fr: 'Je m’y connais en…', en: 'I know about…' },
		tell: { fr: '{name} s’y connaît en {text}', en: '{name} knows about {text}' }
	},
	interest: {
		ask: { fr: 'J’aime…', en: 'I enjoy…' },
		tell: { fr: '{name} aime {text}', en: '{name} enjoys {text}' }
	},
	'past-trade': {
		ask: { fr: 'J’ai été…', en: 'I used to be…' },
		tell: { fr: '{name} a été {text}', en: '{name} used to be {text}' }
	},
	learning: {
		ask: { fr: 'J’apprends…', en: 'I’m learning…' },
		tell: { fr: '{name} apprend {text}', en: '{name} is learning {text}' }
	},
	'need-help': {
		ask: { fr: 'Je cherche un coup de main pour…', en: 'I’d like a hand with…' },
		tell: { fr: '{name} cherche un coup de main pour {text}', en: '{name} would like a hand with {text}' }
	}
};

export interface Topic {
	key: string;
	label: Record<Locale, string>;
	/** Words and phrases that name the topic, in each language. Matched folded, whole words. */
	synonyms: Record<Locale, readonly string[]>;
}

const topic = (key: string, fr: string, en: string, frWords: string[], enWords: string[]): Topic => ({
	key,
	label: { fr, en },
	synonyms: { fr: frWords, en: enWords }
});

/**
 * The curated topics. A synonym that means something else in the other language is left
 * out on purpose: "pain" (bread, or pain), "chat" (cat, or a talk), "car" (because),
 * "bois" (wood, or "I drink"), "form" (its plural reads as "formes"), "foot" and "marche"
 * ("ça marche") would tag facts that are about something else.
 * A word may belong to one topic only; "cuisine italienne" and "italien" are told apart
 * because phrases are read before single words.
 */
export const TOPICS: readonly Topic[] = [
	// Hands and trades
	topic(
		'sewing',
		'couture',
		'sewing',
		[
			'couture',
			'coudre',
			'couds',
			'coud',
			'couturier',
			'couturière',
			'raccommoder',
			'raccommode',
			'raccommodage',
			'ourlet',
			'retouche',
			'machine à coudre'
		],
		['sewing', 'sew', 'seamstress', 'tailor', 'mending', 'mend', 'hem', 'alterations', 'sewing machine']
	),
	topic('knitting', 'tricot', 'knitting', ['tricot', 'tricoter', 'tricote', 'crochet'], ['knitting', 'knit']),
	topic(
		'bikes',
		'vélo',
		'bikes',
		['vélo', 'bicyclette', 'cycliste', 'crevaison'],
		['bike', 'bicycle', 'cycling', 'puncture']
	),
	topic(
		'diy',
		'bricolage',
		'DIY',
		['bricolage', 'bricoler', 'bricole', 'bricoleur', 'bricoleuse', 'réparer', 'réparation'],
		['diy', 'handyman', 'fixing', 'fix', 'repair', 'repairs']
	),
	topic(
		'woodwork',
		'menuiserie',
		'woodwork',
		['menuiserie', 'menuisier', 'menuisière', 'ébéniste', 'charpentier'],
		['woodwork', 'woodworking', 'carpentry', 'carpenter', 'joiner']
	),
	topic(
		'electrics',
		'électricité',
		'electrics',
		['électricité', 'électricien', 'électricienne'],
		['electrics', 'electrician', 'wiring']
	),
	topic('plumbing', 'plomberie', 'plumbing', ['plomberie', 'plombier', 'plombière'], ['plumbing', 'plumber']),
	topic(
		'mechanics',
		'mécanique',
		'mechanics',
		['mécanique', 'mécanicien', 'mécanicienne', 'garagiste', 'voiture'],
		['mechanic', 'mechanics', 'garage']
	),
	topic(
		'hairdressing',
		'coiffure',
		'hairdressing',
		['coiffure', 'coiffeur', 'coiffeuse'],
		['hairdresser', 'hairdressing', 'barber', 'haircut']
	),
	topic(
		'gardening',
		'jardinage',
		'gardening',
		['jardin', 'jardinage', 'jardiner', 'jardinier', 'jardinière', 'potager', 'plantes', 'semis'],
		['gardening', 'garden', 'gardener', 'allotment', 'plants', 'seedlings']
	),
	topic(
		'recycling',
		'recyclage',
		'recycling',
		['recyclage', 'zéro déchet', 'compost', 'récup'],
		['recycling', 'zero waste', 'compost', 'upcycling']
	),
	// Kitchen
	topic(
		'cooking',
		'cuisine',
		'cooking',
		['cuisine', 'cuisiner', 'cuisinier', 'cuisinière', 'recette', 'chef'],
		['cooking', 'cook', 'recipe', 'chef']
	),
	topic(
		'baking',
		'pâtisserie',
		'baking',
		['pâtisserie', 'pâtissier', 'pâtissière', 'gâteau', 'boulanger', 'boulangère', 'boulangerie', 'brioche'],
		['baking', 'bake', 'baker', 'cake', 'pastry', 'bread']
	),
	topic(
		'cooking:moroccan',
		'cuisine marocaine',
		'Moroccan cooking',
		['cuisine marocaine', 'marocaine', 'marocain', 'tajine', 'couscous', 'msemen'],
		['moroccan', 'moroccan cooking', 'tagine']
	),
	topic(
		'cooking:algerian',
		'cuisine algérienne',
		'Algerian cooking',
		['cuisine algérienne', 'algérienne', 'algérien', 'chorba'],
		['algerian', 'algerian cooking']
	),
	topic(
		'cooking:italian',
		'cuisine italienne',
		'Italian cooking',
		['cuisine italienne', 'pâtes fraîches', 'pâtes', 'risotto', 'pizza'],
		['italian cooking', 'italian food', 'pasta']
	),
	topic(
		'cooking:indian',
		'cuisine indienne',
		'Indian cooking',
		['cuisine indienne', 'curry', 'dal'],
		['indian cooking', 'indian food']
	),
	topic(
		'cooking:west-african',
		'cuisine d’Afrique de l’Ouest',
		'West African cooking',
		['cuisine africaine', 'mafé', 'yassa', 'thiéboudienne', 'attiéké', 'alloco'],
		['west african', 'african cooking', 'jollof']
	),
	topic(
		'cooking:lebanese',
		'cuisine libanaise',
		'Lebanese cooking',
		['cuisine libanaise', 'libanaise', 'houmous', 'taboulé', 'mezzé'],
		['lebanese', 'hummus', 'tabbouleh', 'mezze']
	),
	topic(
		'cooking:vegetarian',
		'cuisine végétarienne',
		'vegetarian cooking',
		['végétarien', 'végétarienne', 'végétalien', 'végétalienne', 'végane'],
		['vegetarian', 'vegan', 'plant based']
	),
	topic('preserves', 'conserves', 'preserves', ['conserves', 'confiture', 'bocaux'], ['preserves', 'jam', 'pickles']),
	// Arts and pastimes
	topic('music', 'musique', 'music', ['musique', 'musicien', 'musicienne'], ['music', 'musician']),
	topic(
		'singing',
		'chant',
		'singing',
		['chant', 'chanter', 'chante', 'chorale', 'chanteur', 'chanteuse'],
		['singing', 'sing', 'choir', 'singer']
	),
	topic('guitar', 'guitare', 'guitar', ['guitare', 'guitariste'], ['guitar', 'guitarist']),
	topic('piano', 'piano', 'piano', ['piano', 'pianiste'], ['piano', 'pianist']),
	topic('dance', 'danse', 'dance', ['danse', 'danser', 'danseur', 'danseuse'], ['dance', 'dancing', 'dancer']),
	topic('drawing', 'dessin', 'drawing', ['dessin', 'dessiner', 'croquis'], ['drawing', 'draw', 'sketching']),
	topic('painting', 'peinture', 'painting', ['peinture', 'peindre', 'peintre'], ['painting', 'painter', 'paint']),
	topic(
		'photography',
		'photographie',
		'photography',
		['photo', 'photographie', 'photographe'],
		['photography', 'photographer', 'photo']
	),
	topic(
		'reading',
		'lecture',
		'reading',
		['lecture', 'lire', 'livre', 'roman', 'bibliothèque'],
		['reading', 'book', 'novel', 'library']
	),
	topic('writing', 'écriture', 'writing', ['écriture', 'écrire', 'poésie', 'poème'], ['writing', 'poetry', 'poem']),
	topic(
		'theatre',
		'théâtre',
		'theatre',
		['théâtre', 'comédien', 'comédienne'],
		['theatre', 'theater', 'acting', 'actor']
	),
	topic('cinema', 'cinéma', 'films', ['cinéma', 'film'], ['cinema', 'film', 'movie']),
	topic('history', 'histoire', 'history', ['histoire', 'historien', 'historienne'], ['history', 'historian']),
	topic('chess', 'échecs', 'chess', ['échecs'], ['chess']),
	topic(
		'board-games',
		'jeux de société',
		'board games',
		['jeu de société', 'belote', 'tarot', 'scrabble', 'cartes'],
		['board game', 'scrabble', 'card game', 'cards']
	),
	topic('football', 'football', 'football', ['football'], ['football', 'soccer']),
	topic(
		'walking',
		'randonnée',
		'walking',
		['randonnée', 'randonner', 'balade', 'promenade'],
		['hiking', 'hike', 'walking', 'walk']
	),
	topic('swimming', 'natation', 'swimming', ['natation', 'nager', 'piscine'], ['swimming', 'swim']),
	topic('yoga', 'yoga', 'yoga', ['yoga'], ['yoga']),
	topic('travel', 'voyages', 'travel', ['voyage', 'voyager'], ['travel', 'travelling', 'traveling']),
	topic('animals', 'animaux', 'animals', ['animaux', 'chien', 'chiens'], ['animals', 'dog', 'cat', 'pets']),
	topic('nature', 'nature', 'nature', ['nature', 'oiseaux'], ['nature', 'birds', 'birdwatching']),
	// Everyday life
	topic(
		'computers',
		'informatique',
		'computers',
		['informatique', 'ordinateur', 'ordi', 'internet', 'smartphone', 'téléphone', 'tablette'],
		['computer', 'laptop', 'internet', 'smartphone', 'phone', 'tablet']
	),
	topic(
		'paperwork',
		'démarches administratives',
		'paperwork',
		['papiers', 'démarches', 'administratif', 'formulaire', 'impôts', 'dossier'],
		['paperwork', 'forms', 'taxes', 'admin']
	),
	topic(
		'homework',
		'devoirs',
		'homework',
		['devoirs', 'soutien scolaire', 'aide aux devoirs'],
		['homework', 'tutoring', 'tutor']
	),
	topic(
		'teaching',
		'enseignement',
		'teaching',
		['enseignant', 'enseignante', 'professeur', 'professeure', 'prof', 'instituteur', 'institutrice'],
		['teacher', 'teaching']
	),
	topic(
		'children',
		'enfants',
		'children',
		['enfants', 'bébé', 'garde d’enfants', 'nounou', 'assistante maternelle'],
		['children', 'kids', 'baby', 'babysitting', 'childminder']
	),
	topic(
		'health-care',
		'soin',
		'care work',
		['infirmier', 'infirmière', 'aide soignant', 'aide soignante', 'soignant', 'soignante', 'médecin'],
		['nurse', 'nursing', 'carer', 'caregiver', 'doctor']
	),
	topic('accounting', 'comptabilité', 'accounting', ['comptabilité', 'comptable'], ['accounting', 'accountant']),
	topic(
		'neighbourhood',
		'quartier',
		'neighbourhood',
		['quartier', 'voisins', 'voisinage'],
		['neighbourhood', 'neighborhood', 'neighbours', 'neighbors']
	),
	// Languages: spoken ones come from a profile's `languages`; these are for facts about them.
	topic('languages', 'langues', 'languages', ['langues'], ['languages']),
	topic('language:fr', 'français', 'French', ['français', 'française'], ['french']),
	topic('language:en', 'anglais', 'English', ['anglais', 'anglaise'], ['english']),
	topic('language:ar', 'arabe', 'Arabic', ['arabe', 'darija'], ['arabic', 'darija']),
	topic('language:es', 'espagnol', 'Spanish', ['espagnol', 'espagnole'], ['spanish']),
	topic('language:pt', 'portugais', 'Portuguese', ['portugais', 'portugaise'], ['portuguese']),
	topic('language:it', 'italien', 'Italian', ['italien', 'italienne'], ['italian']),
	topic('language:de', 'allemand', 'German', ['allemand', 'allemande'], ['german']),
	topic('language:tr', 'turc', 'Turkish', ['turc', 'turque'], ['turkish']),
	topic('language:ru', 'russe', 'Russian', ['russe'], ['russian']),
	topic('language:uk', 'ukrainien', 'Ukrainian', ['ukrainien', 'ukrainienne'], ['ukrainian']),
	topic('language:ro', 'roumain', 'Romanian', ['roumain', 'roumaine'], ['romanian']),
	topic('language:fa', 'persan', 'Persian', ['persan', 'farsi'], ['persian', 'farsi']),
	topic('language:zh', 'chinois', 'Chinese', ['chinois', 'mandarin'], ['chinese', 'mandarin']),
	topic('language:ta', 'tamoul', 'Tamil', ['tamoul'], ['tamil']),
	topic('language:wo', 'wolof', 'Wolof', ['wolof'], ['wolof']),
	topic('language:bm', 'bambara', 'Bambara', ['bambara'], ['bambara'])
];

export const TOPICS_BY_KEY: ReadonlyMap<string, Topic> = new Map(TOPICS.map((t) => [t.key, t]));

interface Phrase {
	words: string[];
	key: string;
	locales: Locale[];
}

/** Every synonym as folded words, longest first, so a phrase is read before its words. */
const PHRASES: readonly Phrase[] = (() => {
	const byText = new Map<string, Phrase>();
	for (const t of TOPICS) {
		for (const locale of ['fr', 'en'] as const) {
			for (const synonym of t.synonyms[locale]) {
				const words = foldWords(synonym);
				const text = words.join(' ');
				const known = byText.get(text);
				if (known && known.key !== t.key) throw new Error(`synonym "${synonym}" in ${known.key} and ${t.key}`);
				if (known) known.locales = [...new Set([...known.locales, locale])].sort();
				else byText.set(text, { words, key: t.key, locales: [locale] });
			}
		}
	}
	return [...byText.values()].sort(
		(a, b) => b.words.length - a.words.length || (a.words.join(' ') < b.words.join(' ') ? -1 : 1)
	);
})();

export interface TopicMatch {
	key: string;
	/** Languages whose synonyms matched: tells in which language the member wrote. */
	locales: Locale[];
}

/** Topics named in a text, each with the languages it was named in, sorted by key. */
export function matchTopics(text: string): TopicMatch[] {
	const ws = foldWords(text);
	const found = new Map<string, Set<Locale>>();
	let i = 0;
	while (i < ws.length) {
		const phrase = PHRASES.find((p) => p.words.every((w, k) => ws[i + k] !== undefined && sameWord(ws[i + k]!, w)));
		if (!phrase) {
			i++;
			continue;
		}
		const locales = found.get(phrase.key) ?? new Set<Locale>();
		for (const l of phrase.locales) locales.add(l);
		found.set(phrase.key, locales);
		i += phrase.words.length;
	}
	return [...found.entries()]
		.map(([key, locales]) => ({ key, locales: [...locales].sort() }))
		.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The topic keys a fact's text names: "Je raccommode une veste" → ['sewing']. */
export function tagFact(text: string): string[] {
	return matchTopics(text).map((m) => m.key);
}

/** Every ISO 639-1 code: a language a member speaks is one of these, nothing else. */
export const ISO_639_1: ReadonlySet<string> = new Set(
	(
		'aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el ' +
		'en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it ' +
		'iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt ' +
		'my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl ' +
		'sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo ' +
		'za zh zu'
	).split(' ')
);

/** A topic key a member may pick: a curated topic, or any language by its ISO code. */
export function isTopicKey(key: string): boolean {
	if (TOPICS_BY_KEY.has(key)) return true;
	const m = /^language:([a-z]{2})$/.exec(key);
	return m !== null && ISO_639_1.has(m[1]!);
}

// Control characters and line separators never belong in text shown to staff or on a screen.
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// A lone surrogate has no UTF-8 form: stores and phones would disagree on the text.
const loneSurrogate = /\p{Cs}/u;

/**
 * A fact's text: trimmed first, so a trailing newline from a text area is forgiven, then
 * any control character left inside is refused rather than silently turned into a space.
 */
const factText = v.pipe(
	v.string(),
	v.trim(),
	v.check((s) => !controlChars.test(s), 'text has control characters'),
	v.check((s) => !loneSurrogate.test(s), 'text is not valid text'),
	v.transform((s) => s.replace(/ {2,}/g, ' ')),
	v.minLength(1, 'text is empty'),
	v.maxLength(PROFILE_LIMITS.factText, `text is longer than ${PROFILE_LIMITS.factText}`)
);

const factId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an id'));

const tag = v.pipe(
	v.string(),
	v.transform((s) => foldText(s.trim())),
	v.check(isTopicKey, 'unknown topic')
);

const language = v.pipe(
	v.string(),
	v.transform((s) => s.trim().toLowerCase()),
	v.check((s) => ISO_639_1.has(s), 'must be an ISO 639-1 language code')
);

const unique = (xs: string[]) => new Set(xs).size === xs.length;

export const factInput = v.strictObject({
	id: v.optional(factId),
	kind: v.picklist(FACT_KINDS),
	text: factText,
	tags: v.optional(
		v.pipe(
			v.array(tag),
			v.maxLength(PROFILE_LIMITS.tagsPerFact, `at most ${PROFILE_LIMITS.tagsPerFact} topics`),
			v.check(unique, 'topics are repeated')
		)
	)
});

/**
 * A member's profile as they send it. The member id, consent time and first visit are set
 * by the server, never taken from the payload. Without consent only an empty profile can
 * be saved: that is how a member withdraws, and how nothing is kept by accident.
 */
export const profileInput = v.pipe(
	v.strictObject({
		consent: v.boolean(),
		facts: v.pipe(
			v.array(factInput),
			v.maxLength(PROFILE_LIMITS.facts, `at most ${PROFILE_LIMITS.facts} things`),
			v.check((fs) => unique(fs.flatMap((f) => (f.id ? [f.id] : []))), 'fact ids are repeated')
		),
		languages: v.pipe(
			v.array(language),
			v.maxLength(PROFILE_LIMITS.languages, `at most ${PROFILE_LIMITS.languages} languages`),
			v.check(unique, 'languages are repeated')
		),
		ageBracket: v.optional(v.picklist(AGE_BRACKETS))
	}),
	v.check(
		(p) => p.consent || (p.facts.length === 0 && p.languages.length === 0 && p.ageBracket === undefined),
		'consent is needed to share anything'
	)
);
export type ProfileInput = v.InferInput<typeof profileInput>;
export type ProfilePayload = v.InferOutput<typeof profileInput>;

/**
 * The profile to store from a parsed payload. Consent keeps its first date while it lasts;
 * withdrawing it clears everything shared. Tags are those the member picked plus those read
 * from the text, so "je raccommode" and "mending" meet without anyone choosing a topic.
 */
export function profileFromInput(input: {
	memberId: string;
	payload: ProfilePayload;
	previous?: MemberProfile;
	now: number;
}): MemberProfile {
	const { memberId, payload, previous, now } = input;
	const firstVisit = previous?.firstVisitAt !== undefined ? { firstVisitAt: previous.firstVisitAt } : {};
	if (!payload.consent) return { memberId, consentAt: null, facts: [], languages: [], ...firstVisit };
	// A new fact gets the first free `fN`; ids the member's phone already knows are kept.
	const used = new Set(payload.facts.flatMap((f) => (f.id ? [f.id] : [])));
	let next = 1;
	const freshId = () => {
		while (used.has(`f${next}`)) next++;
		used.add(`f${next}`);
		return `f${next}`;
	};
	const facts: Fact[] = payload.facts.map((f) => ({
		id: f.id ?? freshId(),
		kind: f.kind,
		text: f.text,
		tags: [...new Set([...(f.tags ?? []), ...tagFact(f.text)])].sort()
	}));
	return {
		memberId,
		consentAt: previous?.consentAt ?? now,
		facts,
		languages: [...payload.languages],
		...(payload.ageBracket ? { ageBracket: payload.ageBracket } : {}),
		...firstVisit
	};
}
