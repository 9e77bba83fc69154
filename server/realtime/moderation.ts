/**
 * What member moderation needs besides the board (src/lib/domain/moderation.ts decides):
 * the canteen's refused words before a name is set, bans recorded, listed and lifted,
 * the phones of a removed member told and disconnected, and the canteen's refused words
 * kept. A ban blocks a device id kept in the phone's storage: clearing that storage gives
 * a new one, so it stops casual returns, not a determined person.
 */
import { cleanWordList, DEFAULT_REFUSED_WORDS } from '../../src/lib/domain/moderation.ts';
import type { BanEntry } from '../../src/lib/protocol/events.ts';
import type { CommandName } from '../../src/lib/protocol/schemas.ts';
import { newId } from '../auth/secrets.ts';
import type { Storage } from '../storage/storage.ts';
import type { BoardHandler, EffectRunners, HandlerTable } from './handlers.ts';
import { memberRoom } from './names.ts';
import type { TableeIO } from './io.ts';

/** The built-in refused words and the canteen's own. */
export async function refusedWordsFor(storage: Storage, canteenId: string): Promise<string[]> {
	return [...DEFAULT_REFUSED_WORDS, ...(await storage.moderation.getRefusedWords(canteenId))];
}

async function canteenOf(storage: Storage, mealId: string): Promise<string | undefined> {
	return (await storage.meals.getMeal(mealId))?.canteenId;
}

export function moderationHandlers({ storage }: { storage: Storage }) {
	/** decide() checks a new name against the built-in words and the canteen's own. */
	function withRefusedWords<N extends CommandName>(): BoardHandler<N> {
		return {
			kind: 'board',
			async context({ mealId }) {
				const canteenId = await canteenOf(storage, mealId);
				return { refusedWords: canteenId ? await refusedWordsFor(storage, canteenId) : [...DEFAULT_REFUSED_WORDS] };
			}
		};
	}

	return {
		'member:rename': withRefusedWords(),
		'member:rename-by-master': withRefusedWords(),
		'member:walkin': withRefusedWords(),
		'ban:list': {
			kind: 'direct',
			async run({ mealId }) {
				const canteenId = await canteenOf(storage, mealId);
				const bans: BanEntry[] = canteenId
					? (await storage.moderation.listBans(canteenId)).map(({ id, name, at }) => ({ id, name, at }))
					: [];
				return { ok: true, result: { bans } };
			}
		},
		'ban:lift': {
			kind: 'direct',
			async run({ mealId, payload }) {
				const canteenId = await canteenOf(storage, mealId);
				if (!canteenId || !(await storage.moderation.deleteBan(canteenId, payload.banId)))
					return { ok: false, code: 'ban_not_found' };
				return { ok: true, result: {} };
			}
		},
		'words:list': {
			kind: 'direct',
			async run({ mealId }) {
				const canteenId = await canteenOf(storage, mealId);
				return { ok: true, result: { words: canteenId ? await storage.moderation.getRefusedWords(canteenId) : [] } };
			}
		},
		'words:set': {
			kind: 'direct',
			async run({ mealId, payload }) {
				const canteenId = await canteenOf(storage, mealId);
				const words = cleanWordList(payload.words);
				if (canteenId) await storage.moderation.setRefusedWords(canteenId, words);
				return { ok: true, result: { words } };
			}
		}
	} satisfies HandlerTable;
}

/** Recording a ban, and letting a removed member's phones go. */
export function moderationEffects({
	io,
	storage
}: {
	io: TableeIO;
	storage: Storage;
}): Pick<EffectRunners, 'ban:record' | 'member:disconnect'> {
	return {
		async 'ban:record'({ memberId, name }, { mealId, now }) {
			const record = await storage.meals.getMember(memberId);
			const canteenId = await canteenOf(storage, mealId);
			// A phone that never sent a device id has nothing to block.
			if (!record?.deviceHash || !canteenId) return {};
			const banId = newId('b_', 10);
			await storage.moderation.createBan({
				id: banId,
				canteenId,
				deviceHash: record.deviceHash,
				name,
				by: mealId,
				at: now
			});
			return { banId };
		},
		async 'member:disconnect'({ memberId }, { mealId }) {
			// Told first, then cut off: the phone shows a calm message and goes home.
			const room = memberRoom(mealId, memberId);
			io.to(room).emit('removed', { mealId });
			io.in(room).disconnectSockets(false);
		}
	};
}
