/**
 * Kitchen-screen links for a Canteen Master who has no master key (signed in by session):
 * `screen:link` makes a fresh random key for the meal, keeps only its SHA-256 and answers
 * the key once; the handshake (auth/authenticate.ts) accepts it as a screen key until
 * `screen:revoke` deletes every issued key of the meal and disconnects the screens that
 * came in with one. The key derived from the master key is not affected: it is not stored,
 * so it cannot be revoked without changing the master key.
 */
import { hashSecret, newSecret } from '../auth/secrets.ts';
import type { Storage } from '../storage/storage.ts';
import type { CommandHooks } from './hooks.ts';
import { mealRoom, type TableeIO } from './socket.ts';

/** Enough for every screen and tablet of a kitchen; bounds what a runaway client can store. */
export const SCREEN_LINKS_PER_MEAL = 20;

export function screenLinkHooks({ io, storage }: { io: TableeIO; storage: Storage }): CommandHooks {
	return {
		name: 'screen-links',

		/** Runs after decide() accepted the command; other commands pass through unchanged. */
		async afterDecide({ name, mealId, now }, result) {
			if (name === 'screen:link') {
				if ((await storage.meals.countScreenLinks(mealId)) >= SCREEN_LINKS_PER_MEAL)
					return { ok: false, code: 'too_many_screen_links' };
				const key = newSecret();
				await storage.meals.createScreenLink({ keyHash: hashSecret(key), mealId, createdAt: now });
				return { ok: true, result: { ...result, key } };
			}
			if (name === 'screen:revoke') {
				const revoked = await storage.meals.revokeScreenLinks(mealId);
				// Revoked means off the wall now, not at the screen's next reconnect.
				for (const socket of await io.in(mealRoom(mealId)).fetchSockets()) {
					if (socket.data.role === 'screen' && socket.data.screenLink) socket.disconnect(true);
				}
				return { ok: true, result: { ...result, revoked } };
			}
			return { ok: true, result };
		}
	};
}
