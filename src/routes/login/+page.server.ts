import { fail, redirect } from '@sveltejs/kit';
import { SESSION_COOKIE } from '../../../server/auth/sessions.ts';
import { loginForm, parseForm } from '$lib/server/forms.ts';
import { getServices } from '$lib/server/services.ts';
import { setSessionCookie } from '$lib/server/session-cookie.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/staff');
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await parseForm(request, loginForm);
		// Whatever is wrong, the answer is the same: it must not tell which accounts exist.
		if (!form.ok) return fail(400, { error: 'auth.loginFailed' as const });
		const { email, password } = form.value;
		const result = await getServices().accounts.login(email, password, getClientAddress(), cookies.get(SESSION_COOKIE));
		if (!result.ok) {
			return result.reason === 'rate_limited'
				? fail(429, { error: 'auth.rateLimited' as const })
				: fail(400, { error: 'auth.loginFailed' as const });
		}
		setSessionCookie(cookies, url, result.session);
		redirect(303, '/staff');
	}
};
