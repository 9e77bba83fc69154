import { error, fail } from '@sveltejs/kit';
import { readPlanRequest } from '$lib/server/plan-actions.ts';
import { planIssueErrors } from '$lib/server/plan-form.ts';
import { requireUser } from '$lib/server/guards.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals);
	const { planning } = getServices();
	const found = await planning.canteenMeals(user, params.canteenId);
	// Unknown and not yours look the same: ids of other canteens reveal nothing.
	if (!found.ok) error(404, 'Not found');
	return {
		canteen: { id: found.canteen.id, name: found.canteen.name },
		upcoming: found.upcoming,
		past: found.past,
		today: planning.today(),
		cancelled: url.searchParams.has('cancelled')
	};
};

export const actions: Actions = {
	plan: async ({ request, locals, params, url }) => {
		const user = requireUser(locals);
		const { planning } = getServices();
		// Who may plan here is checked before the form is read: a refused person learns nothing from it.
		if (!(await planning.canPlan(user, params.canteenId))) error(404, 'Not found');
		const form = await readPlanRequest(request);
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const planned = await planning.planMeal(user, params.canteenId, form.plan);
		if (!planned.ok && planned.reason === 'not_found') error(404, 'Not found');
		if (!planned.ok) return fail(400, { errors: planIssueErrors(planned.issues), values: form.values });
		return {
			created: { mealId: planned.mealId, title: form.plan.title, screenLink: `${url.origin}${planned.screenLink}` }
		};
	}
};
