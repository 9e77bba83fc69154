/**
 * Creating meals and members: the few writes that touch both the directory (records,
 * hashed secrets) and a board. Secrets are returned once, here, and never stored.
 */
import { joinMember } from '../../src/lib/domain/board.ts';
import { firstEntry } from '../session/stored-board.ts';
import type { Change, LocalizedText, MealPlanDetails, MealStatus, TaskKind } from '../../src/lib/domain/types.ts';
import type { ErrorCode } from '../../src/lib/protocol/errors.ts';
import { deriveScreenKey, hashSecret, newId, newJoinCode, newSecret } from '../auth/secrets.ts';
import type { MealRecord, Storage } from '../storage/storage.ts';
import type { JoinCodes } from './join-codes.ts';
import type { MealSessions } from '../session/sessions.ts';
import { nameRefused } from '../../src/lib/domain/moderation.ts';
import { refusedWordsFor } from '../realtime/moderation.ts';

export interface NewMeal {
	canteenId: string;
	title: string;
	/** For English phones and screens; absent or empty: the French title. */
	titleEn?: string;
	date: string;
	time: string;
	status: MealStatus;
	plan?: MealPlanDetails;
	/** `icon`: the emoji of the task template it comes from, if any. */
	tasks: { kind: TaskKind; title: LocalizedText; slots: number; icon?: string }[];
}

export interface CreatedMeal {
	meal: MealRecord;
	masterKey: string;
	screenKey: string;
}

export async function createMeal(
	storage: Pick<Storage, 'meals' | 'boardLog'>,
	input: NewMeal,
	now = Date.now()
): Promise<CreatedMeal> {
	const masterKey = newSecret();
	const screenKey = deriveScreenKey(masterKey);
	for (let attempt = 0; attempt < 20; attempt++) {
		const meal: MealRecord = {
			id: newId('meal_'),
			canteenId: input.canteenId,
			joinCode: newJoinCode(),
			masterKeyHash: hashSecret(masterKey),
			screenKeyHash: hashSecret(screenKey),
			createdAt: now,
			// The summary the board below starts with (server/storage/meals.ts).
			title: input.title,
			...(input.titleEn ? { titleEn: input.titleEn } : {}),
			date: input.date,
			time: input.time,
			status: input.status,
			...(input.plan ? { plan: input.plan } : {}),
			joined: 0,
			checkedIn: 0
		};
		const created = await storage.meals.createMeal(meal);
		if (!created.ok) continue;
		const changes: Change[] = [
			{
				type: 'meta:set',
				meta: {
					id: meal.id,
					canteenId: input.canteenId,
					title: input.title,
					...(input.titleEn ? { titleEn: input.titleEn } : {}),
					date: input.date,
					time: input.time,
					status: input.status,
					...(input.plan ? { plan: input.plan } : {})
				}
			},
			...input.tasks.map((t, order): Change => ({
				type: 'task:set',
				task: {
					id: newId('t_', 10),
					kind: t.kind,
					title: t.title,
					slots: t.slots,
					order,
					status: 'open',
					claims: [],
					createdAt: now,
					...(t.icon ? { icon: t.icon } : {})
				}
			}))
		];
		const stored = await storage.boardLog.append(meal.id, 0, firstEntry(changes));
		if (!stored.ok) throw new Error(`new meal ${meal.id} already had a board`);
		return { meal, masterKey, screenKey };
	}
	throw new Error('could not find a free join code');
}

export type JoinResult = { ok: true; mealId: string; memberId: string; token: string } | { ok: false; code: ErrorCode };

/** A phone joins through the join code: a member record with a hashed token, then the board. */
export async function joinMeal(
	{ storage, sessions, codes }: { storage: Storage; sessions: MealSessions; codes: JoinCodes },
	input: { code: string; name: string; emoji: string; device?: string }
): Promise<JoinResult> {
	// The current code, or one replaced less than the grace ago (join-codes.ts).
	const resolved = await codes.resolve(input.code);
	if (!resolved.ok) return { ok: false, code: resolved.code };
	const meal = await storage.meals.getMeal(resolved.mealId);
	if (!meal) return { ok: false, code: 'unknown_code' };
	// Only the hash of the phone's device id is kept; a blocked device joins no meal of the canteen.
	const deviceHash = input.device ? hashSecret(input.device) : undefined;
	if (deviceHash && (await storage.moderation.isDeviceBanned(meal.canteenId, deviceHash)))
		return { ok: false, code: 'banned' };
	if (nameRefused(input.name, await refusedWordsFor(storage, meal.canteenId)))
		return { ok: false, code: 'name_refused' };
	const memberId = newId('m_');
	const token = newSecret();
	const now = Date.now();
	const refusal = await sessions.read(meal.id, (state) => {
		const probe = joinMember(state, { memberId, name: input.name, emoji: input.emoji, now });
		return probe.ok ? undefined : probe.code;
	});
	if (refusal) return { ok: false, code: refusal };
	// The token record first: a crash before the board write leaves a record no phone ever
	// received and that authenticates nobody (sockets also need the member on the board),
	// never a checked-in member on the board that nobody can act as.
	await storage.meals.createMember({
		id: memberId,
		mealId: meal.id,
		tokenHash: hashSecret(token),
		createdAt: now,
		...(deviceHash ? { deviceHash } : {})
	});
	const decision = await sessions.apply(meal.id, (state) =>
		joinMember(state, { memberId, name: input.name, emoji: input.emoji, now })
	);
	if (!decision.ok) return { ok: false, code: decision.code };
	return { ok: true, mealId: meal.id, memberId, token };
}
