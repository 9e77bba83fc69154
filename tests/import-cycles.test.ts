/**
 * No module of server/ or src/ imports itself back through others, type imports
 * included: a cycle makes load order matter and hides which layer depends on which
 * (domain rules on protocol schemas, never the reverse). server/realtime is being
 * redrawn around the meal session (issue 7) and is checked once that lands.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const NOT_YET_CHECKED = ['server/realtime/'];

function sources(dir: string): string[] {
	return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
		const path = join(dir, e.name);
		if (e.isDirectory()) return sources(path);
		return /\.(ts|svelte)$/.test(e.name) && !/\.spec\.ts$/.test(e.name) ? [path] : [];
	});
}

/** Relative and `$lib` imports of each file, resolved to files of the repository. */
function importGraph(files: string[]): Map<string, string[]> {
	const known = new Set(files);
	const graph = new Map<string, string[]>();
	for (const file of files) {
		const text = readFileSync(join(root, file), 'utf8');
		const targets = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)]
			.map(([, spec]) =>
				spec!.startsWith('$lib/')
					? normalize(join('src/lib', spec!.slice(5)))
					: spec!.startsWith('.')
						? normalize(join(dirname(file), spec!))
						: undefined
			)
			.filter((t): t is string => t !== undefined && known.has(t));
		graph.set(file, targets);
	}
	return graph;
}

/** One cycle through each strongly connected group of files (depth-first, back edges). */
function cycles(graph: Map<string, string[]>): string[][] {
	const found: string[][] = [];
	const state = new Map<string, 'open' | 'done'>();
	const path: string[] = [];
	const visit = (file: string) => {
		state.set(file, 'open');
		path.push(file);
		for (const next of graph.get(file) ?? []) {
			if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next]);
			else if (!state.has(next)) visit(next);
		}
		path.pop();
		state.set(file, 'done');
	};
	for (const file of graph.keys()) if (!state.has(file)) visit(file);
	return found;
}

describe('imports', () => {
	it('form no cycle in server/ and src/', () => {
		const files = [...sources('server'), ...sources('src')].map((f) => relative('.', f));
		const found = cycles(importGraph(files)).filter(
			(cycle) => !cycle.some((f) => NOT_YET_CHECKED.some((dir) => f.startsWith(dir)))
		);
		expect(files.length).toBeGreaterThan(100);
		expect(found.map((c) => c.join(' → '))).toEqual([]);
	});
});
