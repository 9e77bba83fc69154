import { error, fail, redirect } from '@sveltejs/kit';
import { parseForm } from '$lib/server/forms.ts';
import { requireUser } from '$lib/server/guards.ts';
import {
	SERIES_REFUSALS as REFUSALS,
	seriesEditForm,
	seriesForm,
	seriesIdForm,
	seriesPauseForm,
	type SeriesRefusal
} from '$lib/server/planning-forms.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals);
	const { storage, series } = getServices();
	const now = series.localNow();
	const listed = await series.list(user, params.canteenId, { since: now.date });
	if (!listed.ok) error(REFUSALS[listed.reason].status, REFUSALS[listed.reason].error);
	const canteen = (await storage.meals.getCanteen(params.canteenId))!;
	const editing = listed.value.find((s) => s.id === url.searchParams.get('edit')) ?? null;
	return {
		canteen: { id: canteen.id, name: canteen.name },
		series: listed.value,
		editing,
		today: now.date,
		nowTime: now.time,
		horizonDays: series.horizonDays
	};
};

type Action = 'create' | 'update' | 'pause' | 'delete';

const refuse = (action: Action, reason: SeriesRefusal) =>
	fail(REFUSALS[reason].status, { action, error: REFUSALS[reason].error });

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const user = requireUser(locals);
		const form = await parseForm(request, seriesForm);
		if (!form.ok) return fail(400, { action: 'create' as const, error: form.error });
		const saved = await getServices().series.create(user, params.canteenId, form.value);
		if (!saved.ok) return refuse('create', saved.reason);
		return { action: 'create' as const, created: saved.value.created, id: saved.value.series.id };
	},
	update: async ({ request, locals, params, url }) => {
		const user = requireUser(locals);
		const form = await parseForm(request, seriesEditForm);
		if (!form.ok) return fail(400, { action: 'update' as const, error: form.error });
		const { id, ...input } = form.value;
		const saved = await getServices().series.update(user, params.canteenId, id, input);
		if (!saved.ok) return refuse('update', saved.reason);
		// Back to the list, the edited series in view, with how many meals that made.
		redirect(303, `${url.pathname}?saved=${saved.value.created}#series-${id}`);
	},
	pause: async ({ request, locals, params }) => {
		const user = requireUser(locals);
		const form = await parseForm(request, seriesPauseForm);
		if (!form.ok) return fail(400, { action: 'pause' as const, error: form.error });
		const paused = form.value.paused === 'true';
		const saved = await getServices().series.setPaused(user, params.canteenId, form.value.id, paused);
		if (!saved.ok) return refuse('pause', saved.reason);
		return { action: 'pause' as const, paused, id: form.value.id };
	},
	delete: async ({ request, locals, params }) => {
		const user = requireUser(locals);
		const form = await parseForm(request, seriesIdForm);
		if (!form.ok) return fail(400, { action: 'delete' as const, error: form.error });
		const removed = await getServices().series.remove(user, params.canteenId, form.value.id);
		if (!removed.ok) return refuse('delete', removed.reason);
		return { action: 'delete' as const, deleted: true };
	}
};
