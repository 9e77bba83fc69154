/**
 * What member moderation needs besides the board (src/lib/domain/moderation.ts decides):
 * the canteen's refused words before a rename, and after an accepted command the phones
 * of a removed member told and disconnected, bans recorded, listed and lifted, and the
 * canteen's refused words kept. A ban blocks a device id kept in the phone's storage:
 * clearing that storage gives a new one, so it stops casual returns, not a determined person.
 */
import { cleanWordList, DEFAULT_REFUSED_WORDS, type ModerationFields } from '../../src/lib/domain/moderation.ts';
import type { BanEntry } from '../../src/lib/protocol/events.ts';
import type { CommandPayload } from '../../src/lib/protocol/schemas.ts';
import { newId } from '../auth/secrets.ts';
import type { Store } from '../storage/store.ts';
import { memberRoom } from './names.ts';
import type { AfterResult, CommandHooks } from './hooks.ts';
import type { TableeIO } from './socket.ts';

/** The built-in refused words and the canteen's own. */
export async function refusedWordsFor(store: Store, canteenId: string): Promise<string[]> {
	return [...DEFAULT_REFUSED_WORDS, ...(await store.getRefusedWords(canteenId))];
}

export function moderationHooks({ io, store }: { io: TableeIO; store: Store }): CommandHooks {
	async function canteenOf(mealId: string): Promise<string | undefined> {
		return (await store.getMeal(mealId))?.canteenId;
	}

	return {
		name: 'moderation',

		/** Extra context for decide(): the refused words, for the commands that set a name (walk-ins too). */
		async beforeDecide({ name, mealId }) {
			if (name !== 'member:rename' && name !== 'member:rename-by-master' && name !== 'member:walkin') return {};
			const canteenId = await canteenOf(mealId);
			return { refusedWords: canteenId ? await refusedWordsFor(store, canteenId) : [...DEFAULT_REFUSED_WORDS] };
		},

		async afterDecide({ name, mealId, payload, now }, result): Promise<AfterResult> {
			const { removed, ...rest } = result as ModerationFields & Record<string, unknown>;
			switch (name) {
				case 'member:remove':
				case 'member:ban': {
					if (!removed) return { ok: true, result: rest };
					let banId: string | undefined;
					if (name === 'member:ban') {
						const record = await store.getMember(removed.memberId);
						const canteenId = await canteenOf(mealId);
						if (record?.deviceHash && canteenId) {
							banId = newId('b_', 10);
							await store.createBan({
								id: banId,
								canteenId,
								deviceHash: record.deviceHash,
								name: removed.name,
								by: mealId,
								at: now
							});
						}
					}
					// Told first, then cut off: the phone shows a calm message and goes home.
					const room = memberRoom(mealId, removed.memberId);
					io.to(room).emit('removed', { mealId });
					io.in(room).disconnectSockets(false);
					return { ok: true, result: banId ? { ...rest, banId } : rest };
				}
				case 'ban:list': {
					const canteenId = await canteenOf(mealId);
					const bans: BanEntry[] = canteenId
						? (await store.listBans(canteenId)).map(({ id, name, at }) => ({ id, name, at }))
						: [];
					return { ok: true, result: { bans } };
				}
				case 'ban:lift': {
					const canteenId = await canteenOf(mealId);
					const { banId } = payload as CommandPayload<'ban:lift'>;
					if (!canteenId || !(await store.deleteBan(canteenId, banId))) return { ok: false, code: 'ban_not_found' };
					return { ok: true, result: rest };
				}
				case 'words:list': {
					const canteenId = await canteenOf(mealId);
					return { ok: true, result: { words: canteenId ? await store.getRefusedWords(canteenId) : [] } };
				}
				case 'words:set': {
					const canteenId = await canteenOf(mealId);
					const words = cleanWordList((payload as CommandPayload<'words:set'>).words);
					if (canteenId) await store.setRefusedWords(canteenId, words);
					return { ok: true, result: { words } };
				}
				default:
					return { ok: true, result: rest };
			}
		}
	};
}
