import { fail } from '@sveltejs/kit';
import { canteenForm, invitationForm, parseForm } from '$lib/server/forms.ts';
import { requireAdmin } from '$lib/server/guards.ts';
import { getServices } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireAdmin(locals);
	return { canteens: await getServices().storage.meals.listCanteens() };
};

export const actions: Actions = {
	canteen: async ({ request, locals }) => {
		const user = requireAdmin(locals);
		const form = await parseForm(request, canteenForm);
		if (!form.ok) return fail(400, { action: 'canteen' as const, error: form.error });
		const canteen = await getServices().accounts.createCanteen(user, form.value.name);
		return { action: 'canteen' as const, created: canteen.name };
	},
	invite: async ({ request, locals, url }) => {
		const user = requireAdmin(locals);
		const form = await parseForm(request, invitationForm);
		if (!form.ok) return fail(400, { action: 'invite' as const, error: form.error });
		const { accounts, storage } = getServices();
		const invitation = await accounts.createInvitation(user, form.value.canteenId);
		if (!invitation.ok) return fail(404, { action: 'invite' as const, error: 'admin.canteenUnknown' as const });
		const canteen = await storage.meals.getCanteen(form.value.canteenId);
		// The token goes in the fragment: browsers never send it, so it stays out of logs.
		return {
			action: 'invite' as const,
			canteenName: canteen?.name ?? '',
			link: `${url.origin}/invite#token=${invitation.token}`
		};
	}
};
