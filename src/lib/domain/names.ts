/**
 * The words refused in display names: the built-in list, a canteen's own list as stored,
 * and the check itself. Used by joins, renames and moderation alike, and by the protocol
 * for the list's limits; it depends on nothing but word folding.
 */
import { foldWords, sameWord } from '../text/fold.ts';

export const MODERATION_LIMITS = {
	maxWords: 200,
	wordLength: 40,
	/** Members one wave removal takes at most, and places one `joins:allow` adds at most. */
	maxWave: 300
} as const;

/**
 * Refused in every canteen: common slurs and insults, French and English. Never shown in
 * the UI; each canteen adds its own words (`words:set`). Words that are ordinary in the
 * other language stay out ("retard" is a delay in French).
 */
export const DEFAULT_REFUSED_WORDS: readonly string[] = [
	'connard',
	'connasse',
	'salope',
	'pute',
	'encule',
	'enculé',
	'pede',
	'pédé',
	'negro',
	'bougnoule',
	'youpin',
	'bitch',
	'cunt',
	'fuck',
	'fucker',
	'motherfucker',
	'nigger',
	'nigga',
	'faggot',
	'whore',
	'slut'
];

/** A canteen's list as stored: trimmed, blank lines dropped, duplicates (folded) removed. */
export function cleanWordList(words: readonly string[]): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	for (const raw of words) {
		const word = raw.replace(/\s+/g, ' ').trim();
		const key = foldWords(word).join(' ');
		if (!key || seen.has(key)) continue;
		seen.add(key);
		out.push(word);
	}
	return out;
}

/**
 * Whether `name` contains one of `refused` as a whole word (or run of words), ignoring
 * case, accents and simple plurals: "Clément" is not refused because of "clem".
 */
export function nameRefused(name: string, refused: readonly string[]): boolean {
	const words = foldWords(name);
	for (const entry of refused) {
		const parts = foldWords(entry);
		if (parts.length === 0) continue;
		for (let i = 0; i + parts.length <= words.length; i++) {
			if (parts.every((p, j) => sameWord(p, words[i + j]!))) return true;
		}
	}
	return false;
}
