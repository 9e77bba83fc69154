/**
 * Turns a handshake into a role. The role in the handshake is only a claim: it is
 * accepted when the credential matches that role's hash for that meal, and a member
 * must also still be on the board. Everything later trusts socket.data, never payloads.
 *
 * A Canteen Master may instead come without a key, signed in: the handshake's
 * `tablee_session` cookie must name an administrator or a staff member of the meal's
 * canteen. The browser sends that cookie with the Socket.IO request itself (same origin,
 * SameSite=Lax), so no credential ever travels in the `auth` payload.
 */
import * as v from 'valibot';
import type { MealSessions } from '../session/sessions.ts';
import type { SocketData } from '../../src/lib/protocol/events.ts';
import { describeIssues, handshakeSchema } from '../../src/lib/protocol/schemas.ts';
import { PROTOCOL_VERSION } from '../../src/lib/protocol/version.ts';
import type { ErrorCode } from '../../src/lib/protocol/errors.ts';
import type { Storage } from '../storage/storage.ts';
import { hashSecret, secretMatches } from './secrets.ts';
import { canRunMeal, readCookie, resolveSession, SESSION_COOKIE } from './sessions.ts';

export type AuthResult = { ok: true; data: SocketData } | { ok: false; code: ErrorCode; issues?: string[] };

export async function authenticate(
	deps: { storage: Storage; sessions: MealSessions },
	auth: unknown,
	/** The handshake's Cookie header, passed only for a same-origin handshake (see sameOrigin). */
	cookieHeader?: string
): Promise<AuthResult> {
	const parsed = v.safeParse(handshakeSchema, auth);
	if (!parsed.success) {
		const version = (auth as { v?: unknown } | null)?.v;
		if (typeof version === 'number' && version !== PROTOCOL_VERSION) return { ok: false, code: 'protocol_version' };
		return { ok: false, code: 'bad_request', issues: describeIssues(parsed.issues) };
	}
	const hs = parsed.output;
	if (hs.v !== PROTOCOL_VERSION) return { ok: false, code: 'protocol_version' };
	const meal = await deps.storage.meals.getMeal(hs.mealId);
	if (!meal) return { ok: false, code: 'unauthorized' };

	switch (hs.role) {
		case 'member': {
			const member = await deps.storage.meals.getMemberByTokenHash(hashSecret(hs.token));
			if (!member || member.mealId !== meal.id) return { ok: false, code: 'unauthorized' };
			const onBoard = await deps.sessions.read(meal.id, (state) => state.members.has(member.id));
			if (!onBoard) return { ok: false, code: 'unauthorized' };
			// A device blocked since it joined is refused at every meal of the canteen.
			if (member.deviceHash && (await deps.storage.moderation.isDeviceBanned(meal.canteenId, member.deviceHash)))
				return { ok: false, code: 'banned' };
			return { ok: true, data: { role: 'member', mealId: meal.id, joinCode: meal.joinCode, memberId: member.id } };
		}
		case 'master': {
			if (hs.key === undefined) {
				const user = await resolveSession(deps.storage, readCookie(cookieHeader, SESSION_COOKIE));
				if (!user || !canRunMeal(user, meal)) return { ok: false, code: 'unauthorized' };
				return { ok: true, data: { role: 'master', mealId: meal.id, joinCode: meal.joinCode, staffUserId: user.id } };
			}
			if (!secretMatches(hs.key, meal.masterKeyHash)) return { ok: false, code: 'unauthorized' };
			return { ok: true, data: { role: 'master', mealId: meal.id, joinCode: meal.joinCode } };
		}
		case 'screen': {
			// Each key opens exactly its own role; the master gets the screen key at welcome.
			if (secretMatches(hs.key, meal.screenKeyHash))
				return { ok: true, data: { role: 'screen', mealId: meal.id, joinCode: meal.joinCode } };
			// Or a key issued by `screen:link` (realtime/screen-links.ts) and not revoked since.
			if (!(await deps.storage.meals.hasScreenLink(meal.id, hashSecret(hs.key))))
				return { ok: false, code: 'unauthorized' };
			return { ok: true, data: { role: 'screen', mealId: meal.id, joinCode: meal.joinCode, screenLink: true } };
		}
	}
}

/**
 * A cookie-authenticated socket is only as safe as its origin check: another site could
 * otherwise open a socket riding the Canteen Master's session (cross-site WebSocket
 * hijacking). Browsers send Origin on every cross-origin request and WebSocket; a
 * same-origin polling GET may omit it, which is fine: then it is our own page.
 */
export function sameOrigin(headers: { origin?: string; host?: string }): boolean {
	if (!headers.origin) return true;
	try {
		return new URL(headers.origin).host === headers.host;
	} catch {
		return false;
	}
}
