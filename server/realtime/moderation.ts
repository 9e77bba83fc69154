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
import type { Rooms } from '../board/rooms.ts';
import type { JoinGuard } from '../limits/join-guard.ts';
import type { Storage } from '../storage/storage.ts';
import { memberRoom } from './prompts.ts';
import type { AfterResult, CommandHooks } from './hooks.ts';
import type { TableeIO } from './socket.ts';

/** The built-in refused words and the canteen's own. */
export async function refusedWordsFor(storage: Storage, canteenId: string): Promise<string[]> {
	return [...DEFAULT_REFUSED_WORDS, ...(await storage.moderation.getRefusedWords(canteenId))];
}

export function moderationHooks({
	io,
	storage,
	rooms,
	joins
}: {
	io: TableeIO;
	storage: Storage;
	rooms: Rooms;
	joins: JoinGuard;
}): CommandHooks {
	async function canteenOf(mealId: string): Promise<string | undefined> {
		return (await storage.meals.getMeal(mealId))?.canteenId;
	}

	/**
	 * The ban is stored before the board removal, and found again rather than stored twice:
	 * a crash between the two leaves a blocked device still on the board, and the Canteen
	 * Master's retry removes them under the same ban. The other order lost the ban.
	 */
	async function recordBan(mealId: string, memberId: string, now: number): Promise<string | undefined> {
		const record = await storage.meals.getMember(memberId);
		const canteenId = await canteenOf(mealId);
		if (!record?.deviceHash || record.mealId !== mealId || !canteenId) return undefined;
		const existing = (await storage.moderation.listBans(canteenId)).find((b) => b.deviceHash === record.deviceHash);
		if (existing) return existing.id;
		// Only what decide() will accept: a phone member on the board of a meal not closed.
		const member = await rooms.read(mealId, (state) =>
			state.meta?.status === 'closed' ? undefined : state.members.get(memberId)
		);
		if (!member || member.walkIn) return undefined;
		const name = member.name;
		const id = newId('b_', 10);
		await storage.moderation.createBan({ id, canteenId, deviceHash: record.deviceHash, name, by: mealId, at: now });
		return id;
	}

	function disconnect(mealId: string, memberId: string) {
		// Told first, then cut off: the phone shows a calm message and goes home.
		const room = memberRoom(mealId, memberId);
		io.to(room).emit('removed', { mealId });
		io.in(room).disconnectSockets(false);
	}

	return {
		name: 'moderation',

		/** Extra context for decide(): the refused words, for the commands that set a name (walk-ins too). */
		async beforeDecide({ name, mealId, payload, now, actor }) {
			if (name === 'member:ban' && actor.role === 'master') {
				const { memberId } = payload as CommandPayload<'member:ban'>;
				return (await recordBan(mealId, memberId, now)) ? { banRecordedFor: memberId } : {};
			}
			if (name === 'members:remove-wave') {
				const { network } = payload as CommandPayload<'members:remove-wave'>;
				return network ? { networkMembers: joins.membersFrom({ mealId, network }) } : {};
			}
			if (name !== 'member:rename' && name !== 'member:rename-by-master' && name !== 'member:walkin') return {};
			const canteenId = await canteenOf(mealId);
			return { refusedWords: canteenId ? await refusedWordsFor(storage, canteenId) : [...DEFAULT_REFUSED_WORDS] };
		},

		async afterDecide({ name, mealId, payload, now }, result): Promise<AfterResult> {
			const { removed, removedMany, ...rest } = result as ModerationFields & Record<string, unknown>;
			switch (name) {
				case 'member:remove':
				case 'member:ban': {
					const { memberId } = payload as CommandPayload<'member:ban'>;
					// Stored in beforeDecide: found again here (the member is gone, so nothing new
					// is stored), and a retry answers the same id.
					const banId = name === 'member:ban' ? await recordBan(mealId, memberId, now) : undefined;
					if (removed) disconnect(mealId, removed.memberId);
					return { ok: true, result: banId ? { ...rest, banId } : rest };
				}
				case 'members:remove-wave': {
					for (const m of removedMany ?? []) disconnect(mealId, m.memberId);
					return { ok: true, result: { ...rest, removed: removedMany?.length ?? 0 } };
				}
				case 'joins:allow': {
					const { network, more } = payload as CommandPayload<'joins:allow'>;
					return { ok: true, result: { ...rest, ...joins.allowMore({ mealId, network, more }) } };
				}
				case 'ban:list': {
					const canteenId = await canteenOf(mealId);
					const bans: BanEntry[] = canteenId
						? (await storage.moderation.listBans(canteenId)).map(({ id, name, at }) => ({ id, name, at }))
						: [];
					return { ok: true, result: { bans } };
				}
				case 'ban:lift': {
					const canteenId = await canteenOf(mealId);
					const { banId } = payload as CommandPayload<'ban:lift'>;
					if (!canteenId || !(await storage.moderation.deleteBan(canteenId, banId)))
						return { ok: false, code: 'ban_not_found' };
					return { ok: true, result: rest };
				}
				case 'words:list': {
					const canteenId = await canteenOf(mealId);
					return { ok: true, result: { words: canteenId ? await storage.moderation.getRefusedWords(canteenId) : [] } };
				}
				case 'words:set': {
					const canteenId = await canteenOf(mealId);
					const words = cleanWordList((payload as CommandPayload<'words:set'>).words);
					if (canteenId) await storage.moderation.setRefusedWords(canteenId, words);
					return { ok: true, result: { words } };
				}
				default:
					return { ok: true, result: rest };
			}
		}
	};
}
