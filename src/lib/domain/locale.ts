/** The languages of the UI and of everything written for it, French first. */
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A title in each language; either may be empty, never both. */
export type LocalizedText = Record<Locale, string>;
