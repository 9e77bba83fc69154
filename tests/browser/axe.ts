/**
 * axe-core run inside the page, the WCAG 2.2 A and AA rules only: what the issue asks the
 * app to meet. Evaluated as a string, not a script tag, so no page policy can block it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export interface Violation {
	rule: string;
	nodes: string[];
}

/** The rules this page state breaks, each with up to three offending elements. */
export async function axeViolations(page: Page): Promise<Violation[]> {
	await page.evaluate(`if (!window.axe) { ${axeSource} }`);
	return page.evaluate(async (tags) => {
		type Axe = {
			run: (
				context: Document,
				options: object
			) => Promise<{ violations: { id: string; nodes: { target: string[]; failureSummary?: string }[] }[] }>;
		};
		const axe = (window as unknown as { axe: Axe }).axe;
		const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
		return result.violations.map((v) => ({
			rule: v.id,
			nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`)
		}));
	}, TAGS);
}
