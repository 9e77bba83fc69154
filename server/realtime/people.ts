/**
 * What the people commands need besides the board (src/lib/domain/people-live.ts checks
 * who is on it): a member's own profile read, saved and deleted in the storage, and the
 * Canteen Master's people data for the meal.
 *
 * Privacy is enforced here, by where things go: a profile is answered to its own member's
 * ack, and to Canteen Master sockets (the ack of `people:get`, and the `people` event sent
 * to `mastersRoom`, which only master sockets join). It never enters the board document,
 * the meal's room or any member or screen socket.
 *
 * A profile is kept per canteen under the member's person key: the hash of the phone's
 * device id when it sent one, so the next meal at the same canteen finds it; else the
 * member id, for this meal only.
 */
import type { OwnProfile, PeopleSnapshot } from '../../src/lib/protocol/events.ts';
import * as v from 'valibot';
import { describeIssues, type CommandName, type CommandPayload } from '../../src/lib/protocol/schemas.ts';
import {
	profileFromInput,
	profileInput,
	type AgeBracket,
	type Fact,
	type MemberProfile,
	type ProfilePayload
} from '../../src/lib/people/facts.ts';
import { INTRODUCTION_MEMORY_MS } from '../../src/lib/people/introductions.ts';
import type { Rooms } from '../board/rooms.ts';
import type { Logger } from '../log.ts';
import type { MemberRecord, ProfileRecord, Storage } from '../storage/storage.ts';
import type { AfterResult, CommandHooks, Validation } from './hooks.ts';
import type { TableeIO } from './socket.ts';

/** Every Canteen Master socket of a meal joins this room, and nothing else does. */
export const mastersRoom = (mealId: string) => `masters:${mealId}`;

/** The same neighbour across the canteen's meals when their phone sent a device id. */
export function personKey(memberId: string, record: MemberRecord | undefined): string {
	return record?.deviceHash ? `d:${record.deviceHash}` : `m:${memberId}`;
}

function ownProfile(stored: ProfileRecord): OwnProfile {
	return {
		consentAt: stored.consentAt,
		facts: stored.facts as Fact[],
		languages: stored.languages,
		...(stored.ageBracket ? { ageBracket: stored.ageBracket as AgeBracket } : {})
	};
}

function memberProfile(memberId: string, stored: ProfileRecord, firstVisitAt?: number): MemberProfile {
	return { memberId, ...ownProfile(stored), ...(firstVisitAt !== undefined ? { firstVisitAt } : {}) };
}

/**
 * The second half of a people command's schema, run by socket.ts right after the first:
 * a profile's full rules (people-schemas.ts says why they are not in the shared schema).
 * Returns the payload with the profile normalised, or the issues for `bad_request`.
 */
function validatePeople(name: CommandName, payload: Record<string, unknown>): Validation {
	if (name !== 'profile:set') return { ok: true, payload };
	const parsed = v.safeParse(profileInput, payload.profile);
	if (!parsed.success) return { ok: false, issues: describeIssues(parsed.issues).map((i) => `profile.${i}`) };
	return { ok: true, payload: { ...payload, profile: parsed.output } };
}

export function peopleHooks({
	io,
	storage,
	rooms,
	log
}: {
	io: TableeIO;
	storage: Storage;
	rooms: Rooms;
	log: Logger;
}): CommandHooks {
	async function snapshot(mealId: string, now: number): Promise<PeopleSnapshot> {
		const meal = await storage.meals.getMeal(mealId);
		if (!meal) return { profiles: [], visits: {}, introductions: [] };
		const onBoard = await rooms.read(mealId, (state) =>
			[...state.members.values()].map(({ id, joinedAt }) => ({ id, joinedAt }))
		);
		const records = new Map((await storage.meals.listMealMembers(mealId)).map((r) => [r.id, r]));
		// A phone that joined twice is one person: the key goes to its latest member here.
		const memberOf = new Map<string, string>();
		for (const m of onBoard.sort((x, y) => x.joinedAt - y.joinedAt || (x.id < y.id ? -1 : 1))) {
			memberOf.set(personKey(m.id, records.get(m.id)), m.id);
		}
		const keys = [...memberOf.keys()];
		const devices = keys.filter((k) => k.startsWith('d:')).map((k) => k.slice(2));

		const visits: PeopleSnapshot['visits'] = {};
		const firstVisit = new Map<string, number>();
		const byDevice = new Map<string, { past: number; lastAt?: number }>();
		for (const visit of await storage.people.listDeviceVisits(meal.canteenId, devices)) {
			const memberId = memberOf.get(`d:${visit.deviceHash}`)!;
			if (!firstVisit.has(memberId)) firstVisit.set(memberId, visit.at);
			const seen = byDevice.get(visit.deviceHash) ?? { past: 0 };
			if (visit.mealId !== mealId) {
				seen.past += 1;
				seen.lastAt = Math.max(seen.lastAt ?? visit.at, visit.at);
			}
			byDevice.set(visit.deviceHash, seen);
		}
		for (const device of devices) visits[memberOf.get(`d:${device}`)!] = byDevice.get(device) ?? { past: 0 };

		const profiles = (await storage.people.listProfiles(meal.canteenId, keys)).map((stored) => {
			const memberId = memberOf.get(stored.key)!;
			return memberProfile(memberId, stored, firstVisit.get(memberId));
		});
		const history = await storage.people.listIntroductions({
			canteenId: meal.canteenId,
			since: now - INTRODUCTION_MEMORY_MS
		});
		const introductions = history.flatMap((i) => {
			const a = memberOf.get(i.a);
			const b = memberOf.get(i.b);
			return a && b ? [{ a, b, at: i.at }] : [];
		});
		return { profiles, visits, introductions };
	}

	/** Tells the meal's consoles; a failure only leaves them one change behind until they ask again. */
	async function push(mealId: string): Promise<void> {
		try {
			io.to(mastersRoom(mealId)).emit('people', await snapshot(mealId, Date.now()));
		} catch (error) {
			log.error('people not pushed', { mealId, error: String(error) });
		}
	}

	async function whose(mealId: string, memberId: string) {
		const meal = await storage.meals.getMeal(mealId);
		if (!meal) return undefined;
		return { canteenId: meal.canteenId, key: personKey(memberId, await storage.meals.getMember(memberId)) };
	}

	return {
		name: 'people',
		validate: validatePeople,

		/** What members chose to share goes to this room only: Canteen Master sockets. */
		async onConnect(socket) {
			if (socket.data.role === 'master') await socket.join(mastersRoom(socket.data.mealId));
		},

		/** Runs after `decide` accepted a command; answers the people commands from the store. */
		async afterDecide({ name, mealId, actor, payload, now }, result): Promise<AfterResult> {
			switch (name) {
				case 'profile:get': {
					const at = await whose(mealId, actor.memberId!);
					const stored = at && (await storage.people.getProfile(at.canteenId, at.key));
					return { ok: true, result: { profile: stored ? ownProfile(stored) : null } };
				}
				case 'profile:set': {
					const at = await whose(mealId, actor.memberId!);
					if (!at) return { ok: false, code: 'not_found' };
					const stored = await storage.people.getProfile(at.canteenId, at.key);
					const next = profileFromInput({
						memberId: actor.memberId!,
						// Normalised by validatePeople before the command reached here.
						payload: (payload as { profile: ProfilePayload }).profile,
						previous: stored && memberProfile(actor.memberId!, stored),
						now
					});
					let saved: ProfileRecord | undefined;
					if (next.consentAt === null) {
						// Withdrawn: deleted for good, not kept empty.
						await storage.people.deleteProfile(at.canteenId, at.key);
					} else {
						saved = {
							canteenId: at.canteenId,
							key: at.key,
							consentAt: next.consentAt,
							facts: next.facts,
							languages: next.languages,
							...(next.ageBracket ? { ageBracket: next.ageBracket } : {}),
							updatedAt: now
						};
						await storage.people.putProfile(saved);
					}
					await push(mealId);
					return { ok: true, result: { profile: saved ? ownProfile(saved) : null } };
				}
				case 'people:get':
					return { ok: true, result: { ...(await snapshot(mealId, now)) } };
				case 'intro:done': {
					const { a, b } = payload as CommandPayload<'intro:done'>;
					const meal = await storage.meals.getMeal(mealId);
					if (!meal) return { ok: false, code: 'not_found' };
					const keys = [
						personKey(a, await storage.meals.getMember(a)),
						personKey(b, await storage.meals.getMember(b))
					].sort();
					await storage.people.recordIntroduction({
						canteenId: meal.canteenId,
						a: keys[0]!,
						b: keys[1]!,
						mealId,
						at: now
					});
					await push(mealId);
					return { ok: true, result };
				}
				default:
					return { ok: true, result };
			}
		}
	};
}
