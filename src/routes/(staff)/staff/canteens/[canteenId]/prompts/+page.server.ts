import { error, fail } from '@sveltejs/kit';
import { parseForm } from '$lib/server/forms.ts';
import { requireUser } from '$lib/server/guards.ts';
import { ownPromptEditForm, ownPromptForm, ownPromptRefForm } from '$lib/server/prompt-forms.ts';
import { getServices } from '$lib/server/services.ts';
import type { MessageKey } from '$lib/i18n/fr.ts';
import type { Refusal } from '../../../../../../../server/prompts/canteen-prompts.ts';
import type { Actions, PageServerLoad } from './$types';

type Action = 'add' | 'edit' | 'archive' | 'restore';

/**
 * Who may not is an error page, not a form message: the operation itself refused
 * (server/prompts/canteen-prompts.ts), whatever the page showed.
 */
function refused(action: Action, reason: Refusal, id?: string) {
	if (reason === 'forbidden') error(403, 'Not a canteen you run');
	if (reason === 'canteen_not_found') error(404, 'No such canteen');
	const [status, message]: [number, MessageKey] =
		reason === 'prompt_not_found'
			? [404, 'ownPrompts.unknown']
			: reason === 'too_many'
				? [409, 'ownPrompts.tooMany']
				: [400, 'auth.badForm'];
	return fail(status, { action, id, error: message });
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const user = requireUser(locals);
	const listed = await getServices().canteenPrompts.list(user, params.canteenId);
	if (!listed.ok) {
		if (listed.reason === 'forbidden') error(403, 'Not a canteen you run');
		error(404, 'No such canteen');
	}
	return {
		canteen: { id: listed.canteen.id, name: listed.canteen.name },
		prompts: listed.prompts.map(({ id, text, category, phases, keywords, archived, createdAt }) => ({
			id,
			text,
			category,
			phases,
			keywords,
			archived,
			createdAt
		}))
	};
};

export const actions: Actions = {
	add: async ({ request, locals, params }) => {
		const user = requireUser(locals);
		const form = await parseForm(request, ownPromptForm);
		if (!form.ok) return fail(400, { action: 'add' as const, id: undefined, error: form.error });
		const added = await getServices().canteenPrompts.add(user, params.canteenId, form.value);
		if (!added.ok) return refused('add', added.reason);
		return { action: 'add' as const, id: added.prompt.id, done: 'ownPrompts.added' as const };
	},
	edit: async ({ request, locals, params }) => {
		const user = requireUser(locals);
		const form = await parseForm(request, ownPromptEditForm);
		if (!form.ok) return fail(400, { action: 'edit' as const, id: undefined, error: form.error });
		const { id, fields } = form.value;
		const edited = await getServices().canteenPrompts.edit(user, params.canteenId, id, fields);
		if (!edited.ok) return refused('edit', edited.reason, id);
		return { action: 'edit' as const, id, done: 'ownPrompts.saved' as const };
	},
	archive: async ({ request, locals, params }) => setArchived({ request, locals, params, archived: true }),
	restore: async ({ request, locals, params }) => setArchived({ request, locals, params, archived: false })
};

async function setArchived({
	request,
	locals,
	params,
	archived
}: {
	request: Request;
	locals: App.Locals;
	params: { canteenId: string };
	archived: boolean;
}) {
	const action = archived ? ('archive' as const) : ('restore' as const);
	const user = requireUser(locals);
	const form = await parseForm(request, ownPromptRefForm);
	if (!form.ok) return fail(400, { action, id: undefined, error: form.error });
	const done = await getServices().canteenPrompts.setArchived(user, params.canteenId, form.value.id, archived);
	if (!done.ok) return refused(action, done.reason, form.value.id);
	return {
		action,
		id: form.value.id,
		done: archived ? ('ownPrompts.archivedDone' as const) : ('ownPrompts.restoredDone' as const)
	};
}
