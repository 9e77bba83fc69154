import { initLocale } from '$lib/i18n/index.svelte.ts';

// Everything here depends on the device (stored identity, #key, language), so pages
// render in the browser; the server only sends the small shell and the assets.
export const ssr = false;

/** The phone's language catalogue arrives before the first paint (only French is built in). */
export const load = async () => {
	await initLocale();
};
