/**
 * How free text is compared across French and English: case, accents and ligatures
 * folded ("Œufs brouillés" meets "oeuf"), words cut at anything that is not a letter or a
 * digit, and simple plurals treated as the same word. Shared by the prompt suggestions,
 * the menu keywords and the topics members share, so they all match alike.
 */

/** Lower-case, accents and ligatures folded. */
export function foldText(s: string): string {
	return s
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/œ/gi, 'oe')
		.replace(/æ/gi, 'ae')
		.replace(/ß/g, 'ss')
		.toLowerCase();
}

/** The folded words of a text; apostrophes and hyphens cut words like spaces do. */
export function foldWords(s: string): string[] {
	return foldText(s)
		.split(/[^\p{L}\p{N}]+/u)
		.filter((w) => w !== '');
}

/** Simple plurals, both languages: "carottes", "gâteaux", "tomatoes", "berries". */
export function sameWord(a: string, b: string): boolean {
	if (a === b) return true;
	const [short, long] = a.length <= b.length ? [a, b] : [b, a];
	if (long === short + 's' || long === short + 'x' || long === short + 'es') return true;
	return short.endsWith('y') && long === short.slice(0, -1) + 'ies';
}
