/**
 * Payloads of the people commands: a member's own profile (what they chose to share with
 * the canteen's Canteen Masters) and the console's people data and introductions.
 * Spread into `commandSchemas`. The profile's own rules are in src/lib/people/facts.ts.
 */
import * as v from 'valibot';
import type { ProfileInput } from '../people/facts.ts';

const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an id'));
const cid = v.optional(id);

/**
 * Only the shape here. The full rules (`profileInput` in people/facts.ts: kinds, lengths,
 * languages, consent, and some sixty topics to check tags against) run on the server right
 * after this parse (`validateProfile` in server/realtime/people.ts), before any rule: this file
 * is in every phone's JavaScript, and the topics have no reason to be.
 */
const profile = v.custom<ProfileInput>(
	(value) => typeof value === 'object' && value !== null && !Array.isArray(value),
	'profile must be an object'
);

export const peopleCommandSchemas = {
	/** The member's own profile at this canteen; nobody else's can be asked for. */
	'profile:get': v.strictObject({ cid }),
	/** Replaces it; `consent: false` (with nothing shared) deletes it. */
	'profile:set': v.strictObject({ cid, profile }),
	/** Canteen Master: the meal's members' shared profiles, visits and recent introductions. */
	'people:get': v.strictObject({ cid }),
	/** Canteen Master: two members of this meal were introduced (remembered 8 weeks for the canteen). */
	'intro:done': v.pipe(
		v.strictObject({ cid, a: id, b: id }),
		v.check((p) => p.a !== p.b, 'an introduction needs two different members')
	)
} as const;
