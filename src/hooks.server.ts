/**
 * Resolves the staff session on every request and keeps the staff pages to staff: the
 * pages' own loads and actions check again (src/lib/server/guards.ts), this is the outer
 * door, so even the page shell is not served to the wrong person.
 */
import { error, redirect, type Handle } from '@sveltejs/kit';
import { SESSION_COOKIE } from '../server/auth/sessions.ts';
import { getServices } from '$lib/server/services.ts';

const STAFF_ONLY = ['/staff', '/account', '/admin'];

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

export const handle: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	event.locals.user = token ? await getServices().accounts.resolveSession(token) : undefined;
	if (token && !event.locals.user) event.cookies.delete(SESSION_COOKIE, { path: '/' });

	const path = event.url.pathname;
	if (STAFF_ONLY.some((p) => under(path, p))) {
		if (!event.locals.user) redirect(303, '/login');
		if (under(path, '/admin') && event.locals.user.role !== 'admin') error(403, 'Administrators only');
	}
	return resolve(event);
};
