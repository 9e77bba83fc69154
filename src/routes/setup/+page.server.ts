import { fail, redirect } from '@sveltejs/kit';
import { parseForm, setupForm } from '$lib/server/forms.ts';
import { getServices } from '$lib/server/services.ts';
import { setSessionCookie } from '$lib/server/session-cookie.ts';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const form = await parseForm(request, setupForm);
		if (!form.ok) return fail(400, { error: form.error });
		const { token, email, name, password } = form.value;
		const created = await getServices().accounts.setupAdmin(token, { email, displayName: name, password });
		if (!created.ok) return fail(403, { error: 'auth.linkInvalid' as const });
		setSessionCookie(cookies, url, created.session);
		redirect(303, '/admin');
	}
};
