/**
 * What the live icebreakers need besides the board (src/lib/domain/prompts-live.ts
 * decides): library text by id, a prompt for one member sent to that member's sockets
 * only (ephemeral, never in the board), each library push recorded for the canteen, and
 * the history for the Canteen Master's suggestions.
 */
import type { PromptDelivery } from '../../src/lib/domain/prompts-live.ts';
import type { LocalizedText } from '../../src/lib/domain/types.ts';
import type { PromptHistoryEntry } from '../../src/lib/protocol/events.ts';
import { libraryPrompt } from '../../src/lib/prompts/library.ts';
import { MEMORY_MS } from '../../src/lib/prompts/suggest.ts';
import type { Logger } from '../log.ts';
import type { Storage } from '../storage/storage.ts';
import type { CommandHooks } from './hooks.ts';
import type { TableeIO } from './socket.ts';

/** Every socket of one member at one meal joins this room. */
export const memberRoom = (mealId: string, memberId: string) => `member:${mealId}:${memberId}`;

export function lookupPrompt(promptId: string): LocalizedText | undefined {
	return libraryPrompt(promptId)?.text;
}

/**
 * Runs after an accepted command, inside the answer the ack cache keeps (a retried push is
 * neither sent nor recorded twice). Last in the list: it takes `delivery` off the result.
 */
export function promptHooks({ io, storage, log }: { io: TableeIO; storage: Storage; log: Logger }): CommandHooks {
	return {
		name: 'prompts',

		async afterDecide({ name, mealId, now }, result) {
			if (name === 'prompt:push') {
				const { delivery, ...rest } = result as { delivery?: PromptDelivery };
				if (!delivery) return { ok: true, result: rest };
				if (delivery.to) io.to(memberRoom(mealId, delivery.to)).emit('prompt', delivery.prompt);
				// One-off texts are not in the library: nothing to keep fresh, so nothing recorded.
				if (delivery.prompt.promptId) {
					try {
						await storage.prompts.recordPromptUse({
							canteenId: delivery.canteenId,
							promptId: delivery.prompt.promptId,
							mealId: delivery.mealId,
							usedAt: delivery.prompt.pushedAt,
							audience: delivery.audience
						});
					} catch (error) {
						// The prompt is already out; a lost history line only makes a suggestion less fresh.
						log.error('prompt history not recorded', { mealId, error: String(error) });
					}
				}
				return { ok: true, result: rest };
			}
			if (name === 'prompt:history') {
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
			return { ok: true, result };
		}
	};
}
