/**
 * Which French strings a member's pages can show, found by reading the code: every module
 * the member routes reach (static and dynamic imports under src/), and in them every
 * quoted string that is a catalogue key, or the start of keys (`kind.${…}`, a `tn` base).
 * The built-in catalogue (src/lib/i18n/fr-member.ts) must hold all of them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
/** The pages a member opens, and the layout around every page. */
export const MEMBER_ROUTES = [
	'src/routes/+layout.ts',
	'src/routes/+layout.svelte',
	'src/routes/+page.svelte',
	'src/routes/j/[code]/+page.svelte',
	'src/routes/meal/[mealId]/+page.svelte'
];

function resolveImport(from: string, spec: string): string | undefined {
	let base: string;
	if (spec.startsWith('$lib/')) base = join(root, 'src/lib', spec.slice(5));
	else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
	else return undefined;
	for (const candidate of [base, `${base}.ts`, `${base}/index.ts`])
		if (existsSync(candidate) && !candidate.endsWith('/')) return candidate;
	return undefined;
}

/**
 * Every source file the member routes reach, type-only imports left out; with
 * `{ dynamic: false }`, only what they import statically (what the first load carries).
 */
export function memberFiles({ dynamic = true } = {}): string[] {
	const seen = new Set<string>();
	const stack = MEMBER_ROUTES.map((r) => join(root, r));
	while (stack.length > 0) {
		const file = stack.pop()!;
		if (seen.has(file) || !existsSync(file)) continue;
		seen.add(file);
		const text = readFileSync(file, 'utf8');
		const specs = [
			...text.matchAll(/^\s*import\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/gm),
			...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
			...(dynamic ? text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g) : [])
		].map((m) => m[1]!);
		for (const spec of specs) {
			const target = resolveImport(file, spec);
			if (target && /\.(ts|svelte)$/.test(target) && !/\/i18n\/(fr|en|ar)[^/]*\.ts$/.test(target)) stack.push(target);
		}
	}
	return [...seen];
}

/** The keys of `catalogue` those files (by default every file the member routes reach) can show. */
export function memberKeys(catalogue: Record<string, string>, files = memberFiles()): Set<string> {
	const keys = Object.keys(catalogue);
	const used = new Set<string>();
	for (const file of files) {
		const text = readFileSync(file, 'utf8');
		for (const m of text.matchAll(/['"`]([a-zA-Z][\w-]*(?:\.[\w:-]+)+)['"`]/g)) {
			const literal = m[1]!;
			for (const key of keys) if (key === literal || key.startsWith(`${literal}.`)) used.add(key);
		}
		for (const m of text.matchAll(/`([a-zA-Z][\w-]*(?:\.[\w-]+)*\.)\$\{/g)) {
			const head = m[1]!;
			for (const key of keys) if (key.startsWith(head)) used.add(key);
		}
	}
	return used;
}
