/**
 * What the people commands need besides the board (src/lib/domain/people-live.ts checks
 * who is on it): a member's own profile read, saved and deleted in the store, and the
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
import { describeIssues, type CommandPayload } from '../../src/lib/protocol/schemas.ts';
import {
	currentAgeBracket,
	profileFromInput,
	profileInput,
	type Fact,
	type MemberProfile
} from '../../src/lib/people/facts.ts';
import { INTRODUCTION_MEMORY_MS } from '../../src/lib/people/introductions.ts';
import type { MealSessions } from '../session/sessions.ts';
import type { Logger } from '../log.ts';
import type { MemberRecord, ProfileRecord, Storage } from '../storage/storage.ts';
import type { HandlerTable, Validation } from './handlers.ts';
import { mastersRoom } from './names.ts';
import type { TableeIO } from './io.ts';

/** The same neighbour across the canteen's meals when their phone sent a device id. */
export function personKey(memberId: string, record: MemberRecord | undefined): string {
	return record?.deviceHash ? `d:${record.deviceHash}` : `m:${memberId}`;
}

function ownProfile(stored: ProfileRecord): OwnProfile {
	const ageBracket = currentAgeBracket(stored.ageBracket);
	return {
		consentAt: stored.consentAt,
		facts: stored.facts as Fact[],
		languages: stored.languages,
		...(ageBracket ? { ageBracket } : {})
	};
}

function memberProfile(memberId: string, stored: ProfileRecord, firstVisitAt?: number): MemberProfile {
	return { memberId, ...ownProfile(stored), ...(firstVisitAt !== undefined ? { firstVisitAt } : {}) };
}

/**
 * The second half of `profile:set`'s schema: a profile's full rules (people-schemas.ts
 * says why they are not in the shared schema). Returns the payload with the profile
 * normalised, or the issues for `bad_request`.
 */
function validateProfile(payload: CommandPayload<'profile:set'>): Validation<CommandPayload<'profile:set'>> {
	const parsed = v.safeParse(profileInput, payload.profile);
	if (!parsed.success) return { ok: false, issues: describeIssues(parsed.issues).map((i) => `profile.${i}`) };
	return { ok: true, payload: { ...payload, profile: parsed.output } };
}

export function peopleHandlers({
	io,
	storage,
	sessions,
	log
}: {
	io: TableeIO;
	storage: Storage;
	sessions: MealSessions;
	log: Logger;
}) {
	async function snapshot(mealId: string, now: number): Promise<PeopleSnapshot> {
		const meal = await storage.meals.getMeal(mealId);
		if (!meal) return { profiles: [], visits: {}, introductions: [] };
		const onBoard = await sessions.read(mealId, (state) =>
			[...state.members.values()].map(({ id, joinedAt }) => ({ id, joinedAt }))
		);
		const records = new Map((await storage.meals.listMealMembers(mealId)).map((r) => [r.id, r]));
		// A phone that joined twice is one person: the key goes to its latest member here.
		const memberOf = new Map<string, string>();
		for (const m of onBoard.sort((x, y) => (x.joinedAt ?? 0) - (y.joinedAt ?? 0) || (x.id < y.id ? -1 : 1))) {
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
		'profile:get': {
			kind: 'direct',
			async run({ mealId, actor }) {
				const at = actor.memberId ? await whose(mealId, actor.memberId) : undefined;
				const stored = at && (await storage.people.getProfile(at.canteenId, at.key));
				return { ok: true, result: { profile: stored ? ownProfile(stored) : null } };
			}
		},
		'profile:set': {
			kind: 'direct',
			validate: validateProfile,
			async run({ mealId, actor, payload, now }) {
				const memberId = actor.memberId;
				const at = memberId ? await whose(mealId, memberId) : undefined;
				if (!at || !memberId) return { ok: false, code: 'not_found' };
				const stored = await storage.people.getProfile(at.canteenId, at.key);
				// Checked by validateProfile already; parsed again for its normalised type.
				const profile = v.parse(profileInput, payload.profile);
				const next = profileFromInput({
					memberId,
					payload: profile,
					previous: stored && memberProfile(memberId, stored),
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
		},
		'people:get': {
			kind: 'direct',
			async run({ mealId, now }) {
				return { ok: true, result: await snapshot(mealId, now) };
			}
		},
		'intro:done': {
			kind: 'direct',
			async run({ mealId, payload, now }) {
				const { a, b } = payload;
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
				return { ok: true, result: {} };
			}
		}
	} satisfies HandlerTable;
}
