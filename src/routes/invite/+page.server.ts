import { fail, redirect } from '@sveltejs/kit';
import { inviteForm, parseForm } from '$lib/server/forms.ts';
import { getServices } from '$lib/server/services.ts';
import { setSessionCookie } from '$lib/server/session-cookie.ts';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const form = await parseForm(request, inviteForm);
		if (!form.ok) return fail(400, { error: form.error });
		const { token, email, name, password } = form.value;
		const created = await getServices().accounts.redeemInvitation(token, { email, displayName: name, password });
		if (!created.ok) {
			const error = created.reason === 'email_taken' ? ('auth.emailTaken' as const) : ('auth.linkInvalid' as const);
			return fail(created.reason === 'email_taken' ? 409 : 403, { error });
		}
		setSessionCookie(cookies, url, created.session);
		redirect(303, '/staff');
	}
};
