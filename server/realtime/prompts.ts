/**
 * What the live icebreakers need besides the board (src/lib/domain/prompts-live.ts
 * decides): a prompt for one member sent to that member's sockets only (ephemeral, never
 * in the board), each library or canteen push recorded for the canteen, and the history
 * for the Canteen Master's suggestions.
 */
import type { PromptHistoryEntry } from '../../src/lib/protocol/events.ts';
import { MEMORY_MS } from '../../src/lib/prompts/suggest.ts';
import type { Logger } from '../log.ts';
import type { Storage } from '../storage/storage.ts';
import type { EffectRunners, HandlerTable } from './handlers.ts';
import type { TableeIO } from './io.ts';
import { memberRoom } from './names.ts';

export function promptHandlers({ storage }: { storage: Storage }) {
	return {
		'prompt:history': {
			kind: 'direct',
			async run({ mealId, now }) {
				const meal = await storage.meals.getMeal(mealId);
				if (!meal) return { ok: true, result: { history: [] } };
				const uses = await storage.prompts.listPromptHistory({ canteenId: meal.canteenId, since: now - MEMORY_MS });
				const history: PromptHistoryEntry[] = uses.map(({ promptId, mealId, usedAt, audience }) => ({
					promptId,
					mealId,
					usedAt,
					audience
				}));
				return { ok: true, result: { history } };
			}
		}
	} satisfies HandlerTable;
}

export function promptEffects({
	io,
	storage,
	log
}: {
	io: TableeIO;
	storage: Storage;
	log: Logger;
}): Pick<EffectRunners, 'prompt:deliver' | 'prompt:record'> {
	return {
		async 'prompt:deliver'({ to, prompt }, { mealId }) {
			io.to(memberRoom(mealId, to)).emit('prompt', prompt);
		},
		async 'prompt:record'({ canteenId, promptId, usedAt, audience }, { mealId }) {
			try {
				await storage.prompts.recordPromptUse({ canteenId, promptId, mealId, usedAt, audience });
			} catch (error) {
				// The prompt is already out; a lost history line only makes a suggestion less fresh.
				log.error('prompt history not recorded', { mealId, error: String(error) });
			}
		}
	};
}
