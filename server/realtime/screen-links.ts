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
import type { HandlerTable } from './handlers.ts';

/** Enough for every screen and tablet of a kitchen; bounds what a runaway client can store. */
export const SCREEN_LINKS_PER_MEAL = 20;

export function screenLinkHandlers({
	storage,
	disconnectLinkedScreens
}: {
	storage: Storage;
	/** Revoked means off the wall now, not at the screen's next reconnect (every transport). */
	disconnectLinkedScreens: (mealId: string) => Promise<void>;
}) {
	return {
		'screen:link': {
			kind: 'direct',
			async run({ mealId, now }) {
				if ((await storage.meals.countScreenLinks(mealId)) >= SCREEN_LINKS_PER_MEAL)
					return { ok: false, code: 'too_many_screen_links' };
				const key = newSecret();
				await storage.meals.createScreenLink({ keyHash: hashSecret(key), mealId, createdAt: now });
				return { ok: true, result: { key } };
			}
		},
		'screen:revoke': {
			kind: 'direct',
			async run({ mealId }) {
				const revoked = await storage.meals.revokeScreenLinks(mealId);
				await disconnectLinkedScreens(mealId);
				return { ok: true, result: { revoked } };
			}
		}
	} satisfies HandlerTable;
}
