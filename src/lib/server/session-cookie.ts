/** The one place the session cookie is written, so its attributes cannot drift. */
import type { Cookies } from '@sveltejs/kit';
import type { NewSession } from '../../../server/auth/accounts.ts';
import { SESSION_COOKIE } from '../../../server/auth/sessions.ts';

export function setSessionCookie(cookies: Cookies, url: URL, session: NewSession): void {
	cookies.set(SESSION_COOKIE, session.token, {
		path: '/',
		httpOnly: true,
		// Lax: sent when following a link to Tablée, never with another site's form POST.
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: new Date(session.expiresAt)
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
}
