import { error, fail } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n/fr.ts';
import { readRemoveMember } from '$lib/server/team-forms.ts';
import { readPlanRequest } from '$lib/server/plan-actions.ts';
import { planIssueErrors } from '$lib/server/plan-form.ts';
import { requireUser } from '$lib/server/guards.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals);
	const { planning, team } = getServices();
	const found = await planning.canteenMeals(user, params.canteenId);
	// Unknown and not yours look the same: ids of other canteens reveal nothing.
	if (!found.ok) error(404, 'Not found');
	const members = await team.view(user, params.canteenId);
	return {
		team: members && { people: members.people, invitations: members.invitations, canManage: members.canManage },
		canteen: { id: found.canteen.id, name: found.canteen.name },
		upcoming: found.upcoming,
		past: found.past,
		today: planning.today(),
		cancelled: url.searchParams.has('cancelled')
	};
};

/** What the team form says when a removal is refused. */
const REMOVAL_REFUSED: Record<'self' | 'last_admin', MessageKey> = {
	self: 'team.notYourself',
	last_admin: 'team.lastAdmin'
};

export const actions: Actions = {
	/** First submit: asks to confirm. Second, with `confirm=yes`: removes (administrators only). */
	removeMember: async ({ request, locals, params }) => {
		const user = requireUser(locals);
		const { team } = getServices();
		const view = await team.view(user, params.canteenId);
		if (!view) error(404, 'Not found');
		if (!view.canManage) error(403, 'Administrators only');
		const form = readRemoveMember(await request.formData());
		if (!form.ok) return fail(400, { team: 'refused' as const, error: form.error });
		const person = view.people.find((p) => p.id === form.person);
		if (!person) return fail(404, { team: 'refused' as const, error: 'team.notFound' as const });
		if (person.removal === 'self' || person.removal === 'last_admin')
			return fail(409, { team: 'refused' as const, error: REMOVAL_REFUSED[person.removal] });
		if (!form.confirmed)
			return { team: 'confirm' as const, person: { id: person.id, name: person.displayName, role: person.role } };
		const removed = await team.remove(user, params.canteenId, person.id);
		if (removed.ok) return { team: 'removed' as const, name: removed.name };
		if (removed.reason === 'self' || removed.reason === 'last_admin')
			return fail(409, { team: 'refused' as const, error: REMOVAL_REFUSED[removed.reason] });
		if (removed.reason === 'forbidden') error(403, 'Administrators only');
		return fail(404, { team: 'refused' as const, error: 'team.notFound' as const });
	},

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
