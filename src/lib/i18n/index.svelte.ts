/**
 * A deliberately tiny i18n: two flat catalogues, a reactive locale and `t()`. Templates
 * that call `t()` re-render when the locale changes because it reads reactive state.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- Dates here only feed Intl formatters, never state. */
import { LOCALES, type Locale, type LocalizedText } from '../domain/types.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import { en } from './en.ts';
import { fr, type MessageKey, type Messages } from './fr.ts';

export type { MessageKey, Messages };
export const catalogues: Record<Locale, Messages> = { fr, en };

const STORAGE_KEY = 'tablee:locale';

let current = $state<Locale>('fr');

export const i18n = {
	get locale(): Locale {
		return current;
	},
	set locale(next: Locale) {
		current = next;
		try {
			localStorage.setItem(STORAGE_KEY, next);
		} catch {
			// Private browsing may refuse storage; the choice still holds for this page.
		}
		if (typeof document !== 'undefined') document.documentElement.lang = next;
	}
};

/** French unless the person chose otherwise or their phone speaks English first. */
export function detectLocale(): Locale {
	try {
		const saved = localStorage.getItem(STORAGE_KEY);
		if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
	} catch {
		// Storage unavailable: fall through to the browser's language.
	}
	const preferred = typeof navigator !== 'undefined' ? navigator.language.toLowerCase() : 'fr';
	return preferred.startsWith('en') ? 'en' : 'fr';
}

export function initLocale(): void {
	current = detectLocale();
	if (typeof document !== 'undefined') document.documentElement.lang = current;
}

type Params = Record<string, string | number>;

export function t(key: MessageKey, params?: Params): string {
	const text = catalogues[current][key] ?? fr[key];
	return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text;
}

type PluralBase<K = MessageKey> = K extends `${infer B}.one` ? (`${B}.other` extends MessageKey ? B : never) : never;

/** Picks `<base>.one` or `<base>.other` by the locale's plural rules and fills `{n}`. */
export function tn(base: PluralBase, n: number, params?: Params): string {
	const form = new Intl.PluralRules(current).select(n) === 'one' ? 'one' : 'other';
	return t(`${base}.${form}` as MessageKey, { n, ...params });
}

/** Friendly text for a server error code; unknown codes read as a generic problem. */
export function errorText(code: string): string {
	const key = `error.${code}` as `error.${ErrorCode}`;
	return key in fr ? t(key) : t('error.internal');
}

/** A task title in the current language, falling back to the other one. */
export function localized(text: LocalizedText): string {
	const other: Locale = current === 'fr' ? 'en' : 'fr';
	return text[current] || text[other] || t('task.untitled');
}

export function formatDate(date: string): string {
	const [y, m, d] = date.split('-').map(Number);
	if (!y || !m || !d) return date;
	return new Intl.DateTimeFormat(current, { weekday: 'long', day: 'numeric', month: 'long' }).format(
		new Date(y, m - 1, d)
	);
}

export function formatTime(time: string): string {
	const [h, min] = time.split(':').map(Number);
	if (h === undefined || min === undefined || Number.isNaN(h) || Number.isNaN(min)) return time;
	return new Intl.DateTimeFormat(current, { hour: 'numeric', minute: '2-digit' }).format(new Date(2000, 0, 1, h, min));
}
