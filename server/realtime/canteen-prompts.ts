/**
 * A canteen's own prompts in the console: `prompt:library` answers the meal's canteen's
 * prompts that are not archived (the console ranks them with the library), and before a
 * `prompt:push` of an id that is not in the library the server loads the canteen's prompt
 * with that id, so decide() can push it or refuse it (`prompt_archived`, or
 * `prompt_not_found` for an unknown id or another canteen's). History is recorded by
 * prompts.ts like any library push.
 */
import type { PromptContext } from '../../src/lib/domain/prompts-live.ts';
import type { CanteenPromptEntry } from '../../src/lib/protocol/events.ts';
import { libraryPrompt } from '../../src/lib/prompts/library.ts';
import type { Storage } from '../storage/storage.ts';
import type { CommandHooks } from './hooks.ts';

export function canteenPromptHooks({ storage }: { storage: Storage }): CommandHooks {
	return {
		name: 'canteen-prompts',

		/** Extra context for decide(): the canteen's own prompt a Canteen Master pushes by id. */
		async beforeDecide({ name, mealId, actor, payload }): Promise<{ ownPrompt?: PromptContext['ownPrompt'] }> {
			const promptId = payload.promptId;
			// Others are refused by decide() anyway: no store read on their behalf.
			if (name !== 'prompt:push' || actor.role !== 'master' || typeof promptId !== 'string') return {};
			if (libraryPrompt(promptId)) return {};
			const meal = await storage.meals.getMeal(mealId);
			const own = meal && (await storage.prompts.getCanteenPrompt(meal.canteenId, promptId));
			return own ? { ownPrompt: { id: own.id, text: own.text, archived: own.archived } } : {};
		},

		async afterDecide({ name, mealId }, result) {
			if (name !== 'prompt:library') return { ok: true, result };
			const meal = await storage.meals.getMeal(mealId);
			const records = meal ? await storage.prompts.listCanteenPrompts(meal.canteenId) : [];
			const prompts: CanteenPromptEntry[] = records
				.filter((p) => !p.archived)
				.map(({ id, category, phases, text, keywords }) => ({ id, category, phases, text, keywords }));
			return { ok: true, result: { ...result, prompts } };
		}
	};
}
