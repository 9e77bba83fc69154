/**
 * The product speaks of members, neighbours, the community and the meal. Words that label
 * people by what they lack, or cast the canteen as charity, must never reach a screen: this
 * scans the prompt library and the interface messages for them, in both languages.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROMPT_LIBRARY } from '../src/lib/prompts/library.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const FORBIDDEN = [
	// English
	'lonely',
	'loneliness',
	'isolated',
	'isolation',
	'beneficiary',
	'beneficiaries',
	'volunteer',
	'volunteers',
	'volunteering',
	'needy',
	'poor people',
	'charity',
	'charities',
	// French
	'isolé',
	'isolée',
	'isolés',
	'isolées',
	'isolement',
	'bénéficiaire',
	'bénéficiaires',
	'bénévole',
	'bénévoles',
	'démuni',
	'démunie',
	'démunis',
	'démunies',
	'nécessiteux',
	'nécessiteuse',
	'nécessiteuses',
	'solitude',
	'pauvres',
	'charité',
	// "Seul·e" is fine in a sentence ("d’une seule main") but never as a label for people.
	'personne seule',
	'personnes seules',
	'seul·e',
	'seul·e·s',
	'seul·es',
	'seul.e',
	'seul(e)',
	'seul(e)s'
];

/** Accents and case fold away, so "BÉNÉVOLE" and "benevole" are caught as surely as "bénévole". */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pattern = new RegExp(
	`(?<![\\p{L}\\p{N}])(?:${FORBIDDEN.map((w) => escape(fold(w)).replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`,
	'gu'
);

/** The forbidden words found in a text, folded (the line number says where). */
function findForbidden(text: string): string[] {
	return [...fold(text).matchAll(pattern)].map((m) => m[0]);
}

function tsFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { withFileTypes: true })
		.flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
		.sort();
}

function scanFile(file: string): string[] {
	const name = relative(ROOT, file);
	return readFileSync(file, 'utf8')
		.split('\n')
		.flatMap((line, i) => findForbidden(line).map((w) => `${name}:${i + 1}: «${w}»`));
}

describe('words we never use', () => {
	it('catches every form whole-word, whatever the case or accents', () => {
		expect(findForbidden('Merci aux BÉNÉVOLES !')).toEqual(['benevoles']);
		expect(findForbidden('les personnes isolées et l’isolement')).toEqual(['isolees', 'isolement']);
		expect(findForbidden('Help for poor   people, by Volunteers.')).toEqual(['poor   people', 'volunteers']);
		expect(findForbidden('Nécessiteuses, démunies, la Charité, les pauvres, la solitude')).toEqual([
			'necessiteuses',
			'demunies',
			'charite',
			'pauvres',
			'solitude'
		]);
		expect(findForbidden('Lonely? Loneliness, isolated, isolation, a beneficiary, needy')).toHaveLength(6);
		expect(findForbidden('Pour les personnes SEULES, seul·e ou seul(e)')).toEqual([
			'personnes seules',
			'seul·e',
			'seul(e)'
		]);
	});

	it('reports the file, line and word', () => {
		const dir = mkdtempSync(join(tmpdir(), 'tablee-words-'));
		try {
			const file = join(dir, 'fr.ts');
			writeFileSync(file, "export const fr = {\n\tthanks: 'Merci aux Bénévoles',\n\tok: 'Merci à tous'\n};\n");
			expect(scanFile(file)).toEqual([`${relative(ROOT, file)}:2: «benevoles»`]);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('leaves alone words that merely contain them', () => {
		expect(findForbidden('charitable, isoler, pauvre, volunteered, solitudes, demunir, lonelyhearts')).toEqual([]);
		expect(findForbidden('Qui sait casser un œuf d’une seule main ? Pas un seul souci.')).toEqual([]);
		expect(findForbidden('Members, neighbours, the community and the meal. Membres, voisins, le repas.')).toEqual([]);
	});

	it('finds none in the prompt library texts', () => {
		const hits = PROMPT_LIBRARY.flatMap((p) =>
			(['fr', 'en'] as const).flatMap((l) => findForbidden(p.text[l]).map((w) => `${p.id} (${l}): «${w}»`))
		);
		expect(hits).toEqual([]);
	});

	it('finds none in the prompt library sources', () => {
		const files = tsFiles(join(ROOT, 'src/lib/prompts')).filter((f) => !f.endsWith('.spec.ts'));
		expect(files.length).toBeGreaterThan(0);
		expect(files.flatMap(scanFile)).toEqual([]);
	});

	const i18n = join(ROOT, 'src/lib/i18n');
	it.skipIf(!existsSync(i18n))('finds none in the interface messages', () => {
		const files = tsFiles(i18n);
		expect(files.length).toBeGreaterThan(0);
		expect(files.flatMap(scanFile)).toEqual([]);
	});
});
