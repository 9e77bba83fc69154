import { requireUser } from '$lib/server/guards.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const user = requireUser(locals);
	return { user: { displayName: user.displayName, email: user.email, role: user.role } };
};
