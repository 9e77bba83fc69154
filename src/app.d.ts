// See https://svelte.dev/docs/kit/types#app.d.ts
import type { SessionUser } from '../server/auth/sessions.ts';

declare global {
	namespace App {
		interface Locals {
			/** The signed-in staff member, resolved from the `tablee_session` cookie by hooks.server.ts. */
			user: SessionUser | undefined;
		}
	}
}

export {};
