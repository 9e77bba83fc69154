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
import type { JoinGuard } from '../limits/join-guard.ts';
import type { MealSessions } from '../session/sessions.ts';
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

/**
 * A ban is stored before the board removal, and found again rather than stored twice: a
 * crash between the two leaves a blocked device still on the board, and the Canteen
 * Master's retry removes them under the same ban. The other order lost the ban. Only what
 * decide() will accept is stored: a phone member on the board of a meal not closed.
 */
async function recordBan({
	storage,
	sessions,
	mealId,
	memberId,
	now
}: {
	storage: Storage;
	sessions: MealSessions;
	mealId: string;
	memberId: string;
	now: number;
}): Promise<string | undefined> {
	const record = await storage.meals.getMember(memberId);
	const canteenId = await canteenOf(storage, mealId);
	if (!record?.deviceHash || record.mealId !== mealId || !canteenId) return undefined;
	const existing = (await storage.moderation.listBans(canteenId)).find((b) => b.deviceHash === record.deviceHash);
	if (existing) return existing.id;
	const member = await sessions.read(mealId, (state) =>
		state.meta?.status === 'closed' ? undefined : state.members.get(memberId)
	);
	if (!member || member.walkIn) return undefined;
	const id = newId('b_', 10);
	await storage.moderation.createBan({
		id,
		canteenId,
		deviceHash: record.deviceHash,
		name: member.name,
		by: mealId,
		at: now
	});
	return id;
}

export function moderationHandlers({
	storage,
	sessions,
	joins
}: {
	storage: Storage;
	sessions: MealSessions;
	joins: JoinGuard;
}) {
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
		'member:ban': {
			kind: 'board',
			async context({ mealId, payload, actor, now }) {
				if (actor.role !== 'master') return {};
				const banId = await recordBan({ storage, sessions, mealId, memberId: payload.memberId, now });
				return banId ? { banRecordedFor: payload.memberId } : {};
			}
		},
		'members:remove-wave': {
			kind: 'board',
			async context({ mealId, payload }) {
				return payload.network ? { networkMembers: await joins.membersFrom({ mealId, network: payload.network }) } : {};
			}
		},
		'joins:allow': {
			kind: 'direct',
			async run({ mealId, payload }) {
				return { ok: true, result: await joins.allowMore({ mealId, network: payload.network, more: payload.more }) };
			}
		},
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
	storage,
	sessions
}: {
	io: TableeIO;
	storage: Storage;
	sessions: MealSessions;
}): Pick<EffectRunners, 'ban:record' | 'member:disconnect'> {
	return {
		async 'ban:record'({ memberId }, { mealId, now }) {
			// Stored by the handler before the removal: found again here (the member is gone,
			// so nothing new is stored), and a retry answers the same id. A phone that never
			// sent a device id has nothing to block.
			const banId = await recordBan({ storage, sessions, mealId, memberId, now });
			return banId ? { banId } : {};
		},
		async 'member:disconnect'({ memberId }, { mealId }) {
			// Told first, then cut off: the phone shows a calm message and goes home.
			const room = memberRoom(mealId, memberId);
			io.to(room).emit('removed', { mealId });
			io.in(room).disconnectSockets(false);
		}
	};
}
