import { initLocale, loadAllFrench } from '$lib/i18n/index.svelte.ts';
import type { LayoutLoad } from './$types';

// Everything here depends on the device (stored identity, #key, language), so pages
// render in the browser; the server only sends the small shell and the assets.
export const ssr = false;

/** What a member opens on a phone: its French strings are built in (i18n/fr-member.ts). */
const MEMBER_ROUTES = new Set(['/', '/j/[code]', '/meal/[mealId]']);

/**
 * The phone's language catalogue arrives before the first paint (only French is built in,
 * and of French only the member pages' strings; other pages fetch the rest too).
 */
export const load: LayoutLoad = async ({ route }) => {
	await Promise.all([initLocale(), MEMBER_ROUTES.has(route.id ?? '') ? undefined : loadAllFrench()]);
};
