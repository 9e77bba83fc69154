/**
 * The kitchen-screen link on the plan page, for staff of the meal's canteen: shown again
 * whenever they come back (the key is kept for that, `screen_keys`), and re-issued when a
 * link went where it should not: a fresh random key becomes the meal's only screen key in
 * one transaction (the previous one, derived from the master key or issued, and every
 * `screen:link` key stop opening the screen), then every screen connected to the meal is
 * disconnected, so none keeps watching with the old key; their reconnection is refused.
 */
import { canRunCanteen, type SessionUser } from '../auth/sessions.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import type { Logger } from '../log.ts';
import type { Storage } from '../storage/storage.ts';

export const screenPath = (mealId: string, key: string) => `/screen/${mealId}#key=${key}`;

export function createScreenKeys({
	storage,
	log,
	disconnectScreens,
	now = Date.now
}: {
	storage: Storage;
	log: Logger;
	/** Every kitchen screen of the meal, on every transport, off the wall now. */
	disconnectScreens: (mealId: string) => Promise<void>;
	now?: () => number;
}) {
	async function allowed(user: SessionUser | undefined, mealId: string) {
		if (!user) return undefined;
		const meal = await storage.meals.getMeal(mealId);
		return meal && canRunCanteen(user, meal.canteenId) ? meal : undefined;
	}

	return {
		/** The current link's path, if kept; `ok: false` for a meal that is not this person's. */
		async current(
			user: SessionUser | undefined,
			mealId: string
		): Promise<{ ok: true; path?: string } | { ok: false; reason: 'not_found' }> {
			if (!(await allowed(user, mealId))) return { ok: false, reason: 'not_found' };
			const key = await storage.meals.getScreenKey(mealId);
			return key ? { ok: true, path: screenPath(mealId, key) } : { ok: true };
		},

		async reissue(
			user: SessionUser | undefined,
			mealId: string
		): Promise<{ ok: true; path: string } | { ok: false; reason: 'not_found' }> {
			if (!user || !(await allowed(user, mealId))) return { ok: false, reason: 'not_found' };
			const key = newSecret();
			if (!(await storage.meals.setScreenKey(mealId, { key, keyHash: hashSecret(key), at: now() })))
				return { ok: false, reason: 'not_found' };
			await disconnectScreens(mealId);
			log.info('kitchen-screen link re-issued', { mealId, by: user.id });
			return { ok: true, path: screenPath(mealId, key) };
		}
	};
}

export type ScreenKeys = ReturnType<typeof createScreenKeys>;
