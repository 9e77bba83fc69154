/**
 * A budget for the JavaScript a phone downloads. Members open the board on cheap phones
 * over kitchen Wi-Fi, so growth here should be a decision, not an accident.
 *
 * Measured first (vite build, gzip level 9, all of build/client/_app/immutable/**\/*.js):
 *   21 files, 280 212 bytes raw, 98 716 bytes gzipped — most of it socket.io-client and
 *   Yjs, which the live board needs. Budget = measured + ~20% headroom.
 *
 * Why the budget is per page now, not the sum of every file: the Canteen Master's console
 * gained the 210-prompt icebreaker library (its page chunk is about 20 kB gzipped with the
 * panel, French and English),
 * and the staff pages grew too. A member's phone downloads none of that: SvelteKit loads
 * only the entry, the root layout and the member page with their static imports. Summing
 * every file would have forced either a bigger number (hiding real growth of the member
 * board) or keeping the library out of the app. So the budget now applies to
 * exactly what the member board loads (read from Vite's manifest), the library is checked
 * to be absent from it, and the console, opened on a laptop, has its own budget.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuild } from './browser/build.ts';

const root = resolve(import.meta.dirname, '..');
const client = join(root, 'build/client');
const generated = join(root, '.svelte-kit/generated/client-optimized');
const manifestPath = join(root, '.svelte-kit/output/client/.vite/manifest.json');
/**
 * "First load" of the member board, precisely: the JavaScript a phone fetches before the
 * board can paint, i.e. SvelteKit's entry (start and app), the root layout's node (0) and
 * the member page's node (`meal/[mealId]`), with every static import of each, recursively,
 * as Vite's manifest lists them (SvelteKit modulepreloads exactly these). Each file is
 * gzipped at level 9 and the sizes summed. Not counted: dynamic imports, fetched after the
 * board is interactive or only when used (dialogs, menu, people, invitations, prompts,
 * "About me", the console's task control, English or Arabic, the rest of French), CSS,
 * the service worker.
 *
 * Issue 10 (Nov 2026): 110 986 bytes at first, 114 827 once the kitchen screen, join caps and
 * partners landed. Then 94 094: what the board does not need to paint loaded lazily
 * (−11 kB), only the member pages' French built in (fr-member.ts, −8 kB), Yjs's console
 * logging without lib0's DOM and schema helpers (−2.8 kB), the client's own refusals
 * without the server's error table (−1 kB), while the offline outbox added 1.3 kB. The goal
 * was 80 000; what remains is mostly libraries: Svelte's runtime and SvelteKit's client
 * (~31 kB), Yjs (~17.5 kB), socket.io-client with engine.io (~13 kB). docs/benchmarks-phone.md.
 *
 * Then the survey, erasure, invitations per member, task timers and server:leaving merged
 * in: 96 492 (over the 95 000 budget). Third pass, 93 637: the French strings of what the
 * board loads after it paints (dialogs, menu, people, invitations, prompt card, "About me",
 * hand-over, timers, survey, erasure, goodbye; 113 strings) in fr-member-later.ts, fetched
 * with those components (`withStrings`), −1 549; engine.io-client's transports without
 * WebTransport in the browser build (vite.config.ts), −806; the outbox's IndexedDB store
 * fetched as the board starts, −312; a closed meal's goodbye (Goodbye.svelte) loaded only
 * then, −190. The rest is the same libraries (≈68 kB with lib0 and devalue) and the
 * board's own code (≈26 kB): no 80 000 without replacing one of them.
 *
 * Fourth pass, the goal met: 79 869. The phone speaks Socket.IO's protocol itself over one
 * WebSocket (client/lean-socket.ts, −8 607: socket.io-client, engine.io and the parsers,
 * 12.3 kB, leave the first load and are fetched only for long-polling), Yjs without its
 * text and XML types, which Tablée's documents never hold (vite.config.ts, −4 280), lib0's
 * environment module replaced by what Yjs asks of it and no Svelte version stamp (−871).
 * The budget is the issue's goal itself: the member board's first load may not grow
 * without something else leaving it. docs/benchmarks-phone.md, fourth pass.
 */
const BUDGET_GZIP_BYTES = 80_000;
/** The console runs on a laptop or tablet, usually on the canteen's own connection. */
const MASTER_BUDGET_GZIP_BYTES = 150_000;

type Manifest = Record<string, { file: string; imports?: string[] }>;
const GENERATED_KEY = '.svelte-kit/generated/client-optimized';
const ENTRY_KEYS = ['node_modules/@sveltejs/kit/src/runtime/client/entry.js', `${GENERATED_KEY}/app.js`];

/** The generated node that renders this route's page (`meal/[mealId]` → nodes/N.js). */
function nodeOf(route: string): string {
	const dir = join(generated, 'nodes');
	const name = readdirSync(dir).find((f) =>
		readFileSync(join(dir, f), 'utf8').includes(`src/routes/${route}/+page.svelte`)
	);
	if (!name) throw new Error(`no node for ${route}`);
	return `${GENERATED_KEY}/nodes/${name}`;
}

/** Files a page loads up front: entry, root layout (node 0) and the page, with their static imports. */
function pageFiles(manifest: Manifest, route: string): string[] {
	const seen = new Set<string>();
	const stack = [...ENTRY_KEYS, `${GENERATED_KEY}/nodes/0.js`, nodeOf(route)];
	while (stack.length > 0) {
		const key = stack.pop()!;
		if (seen.has(key)) continue;
		const chunk = manifest[key];
		if (!chunk) throw new Error(`not in the manifest: ${key}`);
		seen.add(key);
		stack.push(...(chunk.imports ?? []));
	}
	return [...seen].map((key) => join(client, manifest[key]!.file));
}

const gzipped = (files: string[]) =>
	files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);

describe('client bundle', () => {
	let manifest: Manifest;
	// Builds when missing or older than the sources, so the numbers are about this code.
	beforeAll(() => {
		ensureBuild();
		manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
	}, 120_000);

	it(`keeps the member board under ${BUDGET_GZIP_BYTES} bytes of gzipped JavaScript`, () => {
		const files = pageFiles(manifest, 'meal/[mealId]');
		expect(files.length).toBeGreaterThan(3);
		expect(gzipped(files)).toBeLessThan(BUDGET_GZIP_BYTES);
	});

	it('loads no staff strings, dialogs or console controls with the member board', () => {
		const files = pageFiles(manifest, 'meal/[mealId]');
		// French strings only staff pages and the console show (fr.ts, beyond fr-member.ts).
		for (const marker of ['Graphique des chiffres de', 'Modèles de tâches'])
			expect(
				files.filter((f) => readFileSync(f, 'utf8').includes(marker)),
				marker
			).toEqual([]);
		const firstLoad = new Set(files);
		for (const lazy of [
			'src/lib/i18n/fr.ts',
			'src/lib/i18n/fr-member-later.ts',
			'src/lib/client/outbox-store.ts',
			'src/lib/components/Goodbye.svelte',
			'src/lib/components/RenameDialog.svelte',
			'src/lib/components/MenuCard.svelte',
			'src/lib/components/InviteCards.svelte',
			'src/lib/components/PromptCard.svelte',
			'src/lib/components/HandoverControl.svelte',
			'src/lib/components/TaskPeopleControl.svelte'
		]) {
			const chunk = manifest[lazy];
			expect(chunk, `${lazy} is a chunk of its own`).toBeDefined();
			expect(firstLoad.has(join(client, chunk!.file)), lazy).toBe(false);
		}
	});

	it('loads Yjs without its text and XML types, and socket.io-client only on demand', () => {
		const files = pageFiles(manifest, 'meal/[mealId]');
		const holds = (marker: string) => files.filter((f) => readFileSync(f, 'utf8').includes(marker));
		// The stub vite.config.ts puts in Yjs's decoder table (tests/board-doc-types.test.ts says why it is safe).
		expect(holds('Tablée phones read maps and arrays only')).toHaveLength(1);
		// engine.io-client's long-polling error and socket.io-client's v2 warning: in the fallback chunk only.
		for (const marker of ['xhr poll error', 'a Socket.IO server in v2.x']) expect(holds(marker), marker).toEqual([]);
		const official = Object.keys(manifest).filter((key) => key.includes('socket.io-client'));
		expect(official.length, 'socket.io-client is a chunk of its own').toBeGreaterThan(0);
	});

	it('carries no WebTransport code in the browser build: Tablée asks for WebSocket, then long-polling', () => {
		// engine.io-client's own transport list imports it; vite.config.ts leaves it out.
		const all = Object.values(manifest).map((chunk) => join(client, chunk.file));
		expect(all.filter((f) => f.endsWith('.js') && readFileSync(f, 'utf8').includes('new WebTransport('))).toEqual([]);
	});

	it('loads one language: no English or Arabic catalogue in the member board up front', () => {
		const files = pageFiles(manifest, 'meal/[mealId]');
		for (const marker of ['I’ll do it', 'سأتولّاها'])
			expect(
				files.filter((f) => readFileSync(f, 'utf8').includes(marker)),
				marker
			).toEqual([]);
		const lazy = Object.keys(manifest).filter((key) => /src\/lib\/i18n\/(en|ar)\.ts$/.test(key));
		expect(lazy.sort()).toEqual(['src/lib/i18n/ar.ts', 'src/lib/i18n/en.ts']);
	});

	it('keeps the icebreaker library out of the member board and the kitchen screen', () => {
		// A library prompt's English text: present in the console's chunks, nowhere else.
		const marker = 'brings back a good memory';
		const master = pageFiles(manifest, 'master/[mealId]');
		expect(master.some((f) => readFileSync(f, 'utf8').includes(marker))).toBe(true);
		for (const route of ['meal/[mealId]', 'screen/[mealId]']) {
			const files = pageFiles(manifest, route);
			expect(
				files.filter((f) => readFileSync(f, 'utf8').includes(marker)),
				route
			).toEqual([]);
		}
	});

	it('loads the people topics on a phone only when "About me" opens', () => {
		// A curated topic key (people/facts.ts): in the console, lazily on the phone, never up front.
		const marker = 'cooking:moroccan';
		const holds = (files: string[]) => files.filter((f) => readFileSync(f, 'utf8').includes(marker));
		expect(holds(pageFiles(manifest, 'master/[mealId]')).length).toBeGreaterThan(0);
		for (const route of ['meal/[mealId]', 'screen/[mealId]'])
			expect(holds(pageFiles(manifest, route)), route).toEqual([]);
		const sheet = Object.entries(manifest).find(([key]) => key.endsWith('AboutMeSheet.svelte'));
		expect(sheet, 'AboutMeSheet is a chunk of its own').toBeDefined();
	});

	it(`keeps the Canteen Master console under ${MASTER_BUDGET_GZIP_BYTES} bytes of gzipped JavaScript`, () => {
		expect(gzipped(pageFiles(manifest, 'master/[mealId]'))).toBeLessThan(MASTER_BUDGET_GZIP_BYTES);
	});
});
