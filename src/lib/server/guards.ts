/** Every staff load and action starts with one of these: authorization is never a hidden link. */
import { error, redirect } from '@sveltejs/kit';
import type { SessionUser } from '../../../server/auth/sessions.ts';

/** `App.Locals`, spelled out so this file also type-checks outside SvelteKit (tsconfig.tools.json). */
interface Locals {
	user: SessionUser | undefined;
}

export function requireUser(locals: Locals): SessionUser {
	if (!locals.user) redirect(303, '/login');
	return locals.user;
}

export function requireAdmin(locals: Locals): SessionUser {
	const user = requireUser(locals);
	if (user.role !== 'admin') error(403, 'Administrators only');
	return user;
}
