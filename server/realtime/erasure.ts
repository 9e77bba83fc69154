/**
 * The owner of the `member:erase` effect (src/lib/domain/erasure.ts): after the board
 * shows the member as "a neighbour", what they shared with the canteen (their profile,
 * under their device key and their member key) and the introductions naming them are
 * deleted for good, and the meal's log is compacted, so the name they had is in no stored
 * update any more (Yjs drops the overwritten value from the snapshot).
 *
 * Also `eraseMealNames`, the same for a whole meal, used by the retention job.
 */
import { eraseBoardChanges } from '../../src/lib/domain/erasure.ts';
import { accept } from '../../src/lib/domain/result.ts';
import type { MealSessions } from '../session/sessions.ts';
import type { Storage } from '../storage/storage.ts';
import type { EffectRunners } from './handlers.ts';

export function erasureEffects({
	storage,
	sessions
}: {
	storage: Pick<Storage, 'meals' | 'people' | 'privacy'>;
	sessions: MealSessions;
}): Pick<EffectRunners, 'member:erase'> {
	return {
		async 'member:erase'(effect, { mealId }) {
			const meal = await storage.meals.getMeal(mealId);
			if (!meal) return;
			const record = await storage.meals.getMember(effect.memberId);
			const keys = [`m:${effect.memberId}`, ...(record?.deviceHash ? [`d:${record.deviceHash}`] : [])];
			for (const key of keys) await storage.people.deleteProfile(meal.canteenId, key);
			await storage.privacy.deleteIntroductionsOf(meal.canteenId, keys);
			await (await sessions.get(mealId)).compact();
		}
	};
}

/** Takes every name off a meal's board and compacts its log; how many members were erased. */
export async function eraseMealNames(sessions: MealSessions, mealId: string): Promise<number> {
	let erased = 0;
	await sessions.apply(mealId, (state) => {
		const changes = eraseBoardChanges(state);
		erased = changes.filter((c) => c.type === 'member:set').length;
		return accept(changes);
	});
	await (await sessions.get(mealId)).compact();
	return erased;
}
