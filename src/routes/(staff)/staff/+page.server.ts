import { getServices } from '$lib/server/services.ts';
import { requireUser } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = requireUser(locals);
	return { canteens: await getServices().accounts.visibleCanteens(user) };
};
