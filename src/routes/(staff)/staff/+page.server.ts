import { getServices } from '$lib/server/services.ts';
import { requireUser } from '$lib/server/guards.ts';
import { orderStaffMeals } from '$lib/domain/staff-meals.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = requireUser(locals);
	const services = getServices();
	const today = services.planning.today();
	const canteens = await services.accounts.visibleCanteens(user);
	return { canteens: canteens.map((c) => ({ ...c, meals: orderStaffMeals({ meals: c.meals, today }) })) };
};
