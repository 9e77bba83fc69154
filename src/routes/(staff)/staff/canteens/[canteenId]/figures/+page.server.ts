import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/guards.ts';
import { getServices } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

/** A canteen's figures, survey included, as partners see them; and the CSV export's form. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const user = requireUser(locals);
	const { reports } = getServices();
	const found = await reports.canteenFigures(user, params.canteenId);
	if (!found.ok) {
		if (found.reason === 'forbidden') error(403, 'Not a canteen you run');
		error(404, 'No such canteen');
	}
	const today = reports.today();
	return {
		counts: found.counts,
		defaultFrom: `${today.slice(0, 7)}-01`,
		defaultTo: today
	};
};
