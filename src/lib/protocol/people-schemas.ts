/**
 * Payloads of the people commands: a member's own profile (what they chose to share with
 * the canteen's Canteen Masters) and the console's people data and introductions.
 * Spread into `commandSchemas`. The profile's own rules are in src/lib/people/facts.ts.
 */
import * as v from 'valibot';
import { profileInput } from '../people/facts.ts';

const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an id'));
const cid = v.optional(id);

export const peopleCommandSchemas = {
	/** The member's own profile at this canteen; nobody else's can be asked for. */
	'profile:get': v.strictObject({ cid }),
	/** Replaces it; `consent: false` (with nothing shared) deletes it. */
	'profile:set': v.strictObject({ cid, profile: profileInput }),
	/** Canteen Master: the meal's members' shared profiles, visits and recent introductions. */
	'people:get': v.strictObject({ cid }),
	/** Canteen Master: two members of this meal were introduced (remembered 8 weeks for the canteen). */
	'intro:done': v.pipe(
		v.strictObject({ cid, a: id, b: id }),
		v.check((p) => p.a !== p.b, 'an introduction needs two different members')
	)
} as const;
