import { error, fail, redirect } from '@sveltejs/kit';
import { readPlanRequest } from '$lib/server/plan-actions.ts';
import { planIssueErrors } from '$lib/server/plan-form.ts';
import { requireUser } from '$lib/server/guards.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals);
	const { planning, screenKeys } = getServices();
	const found = await planning.meal(user, params.mealId);
	if (!found.ok) error(404, 'Not found');
	const screen = await screenKeys.current(user, params.mealId);
	return {
		canteen: { id: found.canteen.id, name: found.canteen.name },
		meal: found.meal,
		today: planning.today(),
		// The kitchen screen's link again, for staff of this canteen (absent for meals planned before it was kept).
		screenLink: screen.ok && screen.path ? `${url.origin}${screen.path}` : undefined
	};
};

export const actions: Actions = {
	/** First submit asks; the second (`confirm=yes`) makes a new link and cuts every screen off. */
	reissueScreen: async ({ request, locals, params, url }) => {
		const user = requireUser(locals);
		const { planning, screenKeys } = getServices();
		if (!(await planning.canEdit(user, params.mealId))) error(404, 'Not found');
		const confirm = (await request.formData()).get('confirm');
		if (confirm !== null && confirm !== 'yes')
			return fail(400, { action: 'screen' as const, error: 'auth.badForm' as const });
		if (confirm === null) return { action: 'screen' as const, confirm: true };
		const reissued = await screenKeys.reissue(user, params.mealId);
		if (!reissued.ok) error(404, 'Not found');
		return { action: 'screen' as const, reissued: `${url.origin}${reissued.path}` };
	},
	save: async ({ request, locals, params }) => {
		const user = requireUser(locals);
		const { planning } = getServices();
		if (!(await planning.canEdit(user, params.mealId))) error(404, 'Not found');
		const form = await readPlanRequest(request);
		if (!form.ok) return fail(400, { action: 'save' as const, errors: form.errors, values: form.values });
		const saved = await planning.updatePlan(user, params.mealId, form.plan);
		if (saved.ok) return { action: 'save' as const, saved: true, changed: saved.changed };
		if (saved.reason === 'not_found') error(404, 'Not found');
		if (saved.reason === 'closed')
			return fail(409, { action: 'save' as const, errors: { form: 'plan.closedError' as const }, values: form.values });
		return fail(400, { action: 'save' as const, errors: planIssueErrors(saved.issues), values: form.values });
	},
	cancel: async ({ locals, params }) => {
		const user = requireUser(locals);
		const cancelled = await getServices().planning.cancelMeal(user, params.mealId);
		if (cancelled.ok) redirect(303, `/staff/canteens/${cancelled.canteenId}?cancelled`);
		if (cancelled.reason === 'not_found') error(404, 'Not found');
		return fail(409, {
			action: 'cancel' as const,
			error:
				cancelled.reason === 'has_members' ? ('plan.cancelHasMembers' as const) : ('plan.cancelNotPlanned' as const)
		});
	}
};
