/**
 * A canteen's own prompts in the console: `prompt:library` answers the meal's canteen's
 * prompts that are not archived (the console ranks them with the library), and before a
 * `prompt:push` of an id that is not in the library the server loads the canteen's prompt
 * with that id, so decide() can push it or refuse it (`prompt_archived`, or
 * `prompt_not_found` for an unknown id or another canteen's). History is recorded like
 * any library push (the decision's `prompt:record` effect, prompts.ts).
 */
import type { CanteenPromptEntry } from '../../src/lib/protocol/events.ts';
import { libraryPrompt } from '../../src/lib/prompts/library.ts';
import type { Storage } from '../storage/storage.ts';
import type { HandlerTable } from './handlers.ts';

export function canteenPromptHandlers({ storage }: { storage: Storage }) {
	return {
		'prompt:push': {
			kind: 'board',
			/** The canteen's own prompt a Canteen Master pushes by id, for decide(). */
			async context({ mealId, actor, payload }) {
				const promptId = payload.promptId;
				// Others are refused by decide() anyway: no read on their behalf.
				if (actor.role !== 'master' || promptId === undefined || libraryPrompt(promptId)) return {};
				const meal = await storage.meals.getMeal(mealId);
				const own = meal && (await storage.prompts.getCanteenPrompt(meal.canteenId, promptId));
				return own ? { ownPrompt: { id: own.id, text: own.text, archived: own.archived } } : {};
			}
		},
		'prompt:library': {
			kind: 'direct',
			async run({ mealId }) {
				const meal = await storage.meals.getMeal(mealId);
				const records = meal ? await storage.prompts.listCanteenPrompts(meal.canteenId) : [];
				const prompts: CanteenPromptEntry[] = records
					.filter((p) => !p.archived)
					.map(({ id, category, phases, text, keywords }) => ({ id, category, phases, text, keywords }));
				return { ok: true, result: { prompts } };
			}
		}
	} satisfies HandlerTable;
}
