/**
 * A deliberately small i18n: flat catalogues, a reactive language and `t()`. French is the
 * reference and ships with the app; English and Arabic are fetched only by a phone that
 * shows them (one catalogue at a time, not every language in every phone's JavaScript).
 * Of French, only what member pages show is built in (fr-member.ts); the rest (staff
 * pages, the console, the kitchen screen) is fetched by the root layout for those pages.
 * Arabic covers the member pages and reads right to left; a key it lacks falls back to
 * French. Templates that call `t()` re-render when the language changes.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- Dates here only feed Intl formatters, never state. */
import { LOCALES, type Locale, type LocalizedText } from '../domain/types.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import type { MessageKey, Messages } from './fr.ts';
import { frMember } from './fr-member.ts';

export type { MessageKey, Messages };

/** Languages the interface speaks; content (task titles, prompts) exists in LOCALES only. */
export const UI_LOCALES = ['fr', 'en', 'ar'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

/** Dates and times as people in each place write them: en-GB, 24-hour clocks. */
const INTL_TAGS: Record<UiLocale, string> = { fr: 'fr-FR', en: 'en-GB', ar: 'ar' };
/** An Arabic phone reads titles and prompts in French, the canteen's language, when no Arabic exists. */
const CONTENT_LOCALE: Record<UiLocale, Locale> = { fr: 'fr', en: 'en', ar: 'fr' };

const loaders: Record<Exclude<UiLocale, 'fr'>, () => Promise<Partial<Messages>>> = {
	en: () => import('./en.ts').then((m) => m.en),
	ar: () => import('./ar.ts').then((m) => m.ar)
};

const STORAGE_KEY = 'tablee:locale';

let current = $state<UiLocale>('fr');
/** French as far as it is loaded: the member pages' strings, then all of it (`loadAllFrench`). */
let french = $state.raw<Partial<Messages>>(frMember);
let messages = $state.raw<Partial<Messages>>(french);

/** Fetches a language's catalogue (once), then switches to it; French needs no fetch. */
export async function setLocale(next: UiLocale): Promise<void> {
	const catalogue = next === 'fr' ? french : await loaders[next]();
	messages = catalogue;
	current = next;
	try {
		localStorage.setItem(STORAGE_KEY, next);
	} catch {
		// Private browsing may refuse storage; the choice still holds for this page.
	}
	if (typeof document !== 'undefined') {
		document.documentElement.lang = next;
		document.documentElement.dir = next === 'ar' ? 'rtl' : 'ltr';
	}
}

export const i18n = {
	/** The content language: which side of a task title or prompt to show. */
	get locale(): Locale {
		return CONTENT_LOCALE[current];
	},
	/** The interface language. */
	get ui(): UiLocale {
		return current;
	},
	get intlTag(): string {
		return INTL_TAGS[current];
	}
};

/** French unless the person chose otherwise or their phone speaks English or Arabic first. */
export function detectLocale(): UiLocale {
	try {
		const saved = localStorage.getItem(STORAGE_KEY);
		if (saved && (UI_LOCALES as readonly string[]).includes(saved)) return saved as UiLocale;
	} catch {
		// Storage unavailable: fall through to the browser's language.
	}
	const preferred = typeof navigator !== 'undefined' ? navigator.language.toLowerCase() : 'fr';
	return preferred.startsWith('en') ? 'en' : preferred.startsWith('ar') ? 'ar' : 'fr';
}

/** Called by the root layout's load, so the first paint is already in the right language. */
export async function initLocale(): Promise<void> {
	try {
		await setLocale(detectLocale());
	} catch {
		// The catalogue could not be fetched (offline on a first visit): French, not a blank page.
		await setLocale('fr');
	}
}

let memberLater: Promise<void> | undefined;

/** The French of what a member's board loads after it paints (fr-member-later.ts), once. */
function loadMemberLater(): Promise<void> {
	memberLater ??= import('./fr-member-later.ts').then(
		({ frMemberLater }) => {
			const wasFrench = messages === french;
			french = { ...frMemberLater, ...french };
			if (wasFrench) messages = french;
		},
		(error: unknown) => {
			memberLater = undefined; // fetched again by the next component that needs it
			throw error;
		}
	);
	return memberLater;
}

/**
 * A component a member page imports dynamically, resolved once its French strings are
 * there too: `withStrings(import('./MenuCard.svelte'))`. Its strings live in
 * fr-member-later.ts, out of the board's first load; a phone never shows a bare key.
 */
export function withStrings<T>(component: Promise<T>): Promise<T> {
	return Promise.all([component, loadMemberLater()]).then(([loaded]) => loaded);
}

/** Pages beyond the member's (staff, console, screen) fetch the rest of French first. */
export async function loadAllFrench(): Promise<void> {
	const { fr } = await import('./fr.ts');
	const wasFrench = messages === french;
	french = fr;
	if (wasFrench) messages = fr;
}

type Params = Record<string, string | number>;

export function t(key: MessageKey, params?: Params): string {
	// The key itself rather than a crash if a string is missing from what is loaded.
	const text = messages[key] ?? french[key] ?? key;
	return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text;
}

type PluralBase<K = MessageKey> = K extends `${infer B}.one` ? (`${B}.other` extends MessageKey ? B : never) : never;

/** Picks `<base>.one` or `<base>.other` by the locale's plural rules and fills `{n}`. */
export function tn(base: PluralBase, n: number, params?: Params): string {
	// Arabic has more plural forms than one/other; the catalogues give those two, which read right.
	const form = new Intl.PluralRules(INTL_TAGS[current]).select(n) === 'one' ? 'one' : 'other';
	return t(`${base}.${form}` as MessageKey, { n, ...params });
}

/** Friendly text for a server error code; unknown codes read as a generic problem. */
export function errorText(code: string): string {
	const key = `error.${code}` as `error.${ErrorCode}`;
	return key in french ? t(key) : t('error.internal');
}

/** A task title in the current language, falling back to the other one. */
export function localized(text: LocalizedText): string {
	const first = CONTENT_LOCALE[current];
	const other = LOCALES.find((l) => l !== first)!;
	return text[first] || text[other] || t('task.untitled');
}

export function formatDate(date: string): string {
	const [y, m, d] = date.split('-').map(Number);
	if (!y || !m || !d) return date;
	return new Intl.DateTimeFormat(INTL_TAGS[current], { weekday: 'long', day: 'numeric', month: 'long' }).format(
		new Date(y, m - 1, d)
	);
}

export function formatTime(time: string): string {
	const [h, min] = time.split(':').map(Number);
	if (h === undefined || min === undefined || Number.isNaN(h) || Number.isNaN(min)) return time;
	return new Intl.DateTimeFormat(INTL_TAGS[current], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
		new Date(2000, 0, 1, h, min)
	);
}
