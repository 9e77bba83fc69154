import { fail, redirect } from '@sveltejs/kit';
import { parseForm, passwordForm } from '$lib/server/forms.ts';
import { requireUser } from '$lib/server/guards.ts';
import { getServices } from '$lib/server/services.ts';
import { clearSessionCookie, setSessionCookie } from '$lib/server/session-cookie.ts';
import type { Actions } from './$types';

export const actions: Actions = {
	password: async ({ request, locals, cookies, url }) => {
		const user = requireUser(locals);
		const form = await parseForm(request, passwordForm);
		if (!form.ok) return fail(400, { error: form.error });
		const changed = await getServices().accounts.changePassword(user, form.value.current, form.value.password);
		if (!changed.ok) return fail(400, { error: 'auth.currentWrong' as const });
		setSessionCookie(cookies, url, changed.session);
		return { changed: true };
	},
	logout: async ({ locals, cookies, url }) => {
		const user = requireUser(locals);
		await getServices().accounts.logout(user);
		clearSessionCookie(cookies, url);
		redirect(303, '/login');
	}
};
