/**
 * Euros as people type them into a form: "3,50", "3.5", "4 €". Kept apart from
 * `formatEuros` (planning.ts), which writes prices for reading; this reads them back.
 */
import type { Locale } from './types.ts';

/** Up to 9 999 euros, a comma or a dot, one or two decimals, an optional euro sign. */
const EUROS = /^(\d{1,4})(?:[.,](\d{1,2}))?$/;

/**
 * Cents from what a person typed, or undefined when it is not an amount. Spaces (a
 * thousands separator or a no-break space before "€") and the euro sign are ignored; a
 * minus sign, letters or three decimals are not an amount, so nothing is guessed.
 */
export function parseEuros(text: string): number | undefined {
	const bare = text
		.replace(/[\s\u00a0\u202f]/g, '')
		.replace(/€$/, '')
		.replace(/^€/, '');
	const m = EUROS.exec(bare);
	if (!m) return undefined;
	const cents = (m[2] ?? '').padEnd(2, '0');
	return Number(m[1]) * 100 + Number(cents);
}

/** Cents as a form field's value: "3,50" in French, "3.50" in English, no currency sign. */
export function eurosInput({ cents, locale }: { cents: number; locale: Locale }): string {
	const euros = Math.floor(cents / 100);
	const rest = String(cents % 100).padStart(2, '0');
	return `${euros}${locale === 'fr' ? ',' : '.'}${rest}`;
}
