import { error } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/guards.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

/** Every canteen side by side and over 12 weeks: administrators only (and hooks say so too). */
export const load: PageServerLoad = async ({ locals }) => {
	const user = requireAdmin(locals);
	const { reports } = getServices();
	const found = await reports.network(user);
	if (!found.ok) error(403, 'Administrators only');
	const today = reports.today();
	return { network: found.figures, defaultFrom: found.figures.weeks[0]!.from, defaultTo: today };
};
