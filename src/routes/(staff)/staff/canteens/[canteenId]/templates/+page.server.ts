import { error, fail, redirect } from '@sveltejs/kit';
import { DEFAULT_TEMPLATES } from '$lib/domain/templates.ts';
import { parseForm } from '$lib/server/forms.ts';
import { requireUser } from '$lib/server/guards.ts';
import {
	TEMPLATE_REFUSALS as REFUSALS,
	templateEditForm,
	templateForm,
	templateIdForm,
	templateResetForm,
	type PlanningRefusal
} from '$lib/server/planning-forms.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals);
	const { storage, templates } = getServices();
	const listed = await templates.list(user, params.canteenId);
	if (!listed.ok) error(REFUSALS[listed.reason].status, REFUSALS[listed.reason].error);
	const canteen = (await storage.meals.getCanteen(params.canteenId))!;
	const editing = url.searchParams.get('edit');
	return {
		canteen: { id: canteen.id, name: canteen.name },
		templates: listed.value,
		editing: listed.value.some((t) => t.id === editing) ? editing : null,
		defaultCount: DEFAULT_TEMPLATES.length
	};
};

type Action = 'add' | 'edit' | 'delete' | 'up' | 'down' | 'reset';

const refuse = (action: Action, reason: PlanningRefusal) =>
	fail(REFUSALS[reason].status, { action, error: REFUSALS[reason].error });

export const actions: Actions = {
	add: async ({ request, locals, params }) => {
		const user = requireUser(locals);
		const form = await parseForm(request, templateForm);
		if (!form.ok) return fail(400, { action: 'add' as const, error: form.error });
		const created = await getServices().templates.create(user, params.canteenId, form.value);
		if (!created.ok) return refuse('add', created.reason);
		return { action: 'add' as const, done: 'templates.added' as const, title: created.value.title };
	},
	edit: async ({ request, locals, params, url }) => {
		const user = requireUser(locals);
		const form = await parseForm(request, templateEditForm);
		if (!form.ok) return fail(400, { action: 'edit' as const, error: form.error });
		const { id, ...input } = form.value;
		const updated = await getServices().templates.update(user, params.canteenId, id, input);
		if (!updated.ok) return refuse('edit', updated.reason);
		// Back to the list, with the edited row in view.
		redirect(303, `${url.pathname}?saved=${encodeURIComponent(id)}#tpl-${id}`);
	},
	delete: async ({ request, locals, params }) => {
		const user = requireUser(locals);
		const form = await parseForm(request, templateIdForm);
		if (!form.ok) return fail(400, { action: 'delete' as const, error: form.error });
		const removed = await getServices().templates.remove(user, params.canteenId, form.value.id);
		if (!removed.ok) return refuse('delete', removed.reason);
		return { action: 'delete' as const, done: 'templates.deleted' as const };
	},
	up: async ({ request, locals, params }) => move({ request, user: requireUser(locals), params, direction: 'up' }),
	down: async ({ request, locals, params }) => move({ request, user: requireUser(locals), params, direction: 'down' }),
	reset: async ({ request, locals, params }) => {
		const user = requireUser(locals);
		const form = await parseForm(request, templateResetForm);
		if (!form.ok) return fail(400, { action: 'reset' as const, error: form.error });
		const reset = await getServices().templates.reset(user, params.canteenId);
		if (!reset.ok) return refuse('reset', reset.reason);
		return { action: 'reset' as const, done: 'templates.resetDone' as const };
	}
};

async function move({
	request,
	user,
	params,
	direction
}: {
	request: Request;
	user: ReturnType<typeof requireUser>;
	params: { canteenId: string };
	direction: 'up' | 'down';
}) {
	const form = await parseForm(request, templateIdForm);
	if (!form.ok) return fail(400, { action: direction, error: form.error });
	const moved = await getServices().templates.move(user, params.canteenId, form.value.id, direction);
	if (!moved.ok) return refuse(direction, moved.reason);
	return { action: direction, done: 'templates.moved' as const, id: form.value.id };
}
