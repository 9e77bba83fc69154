/**
 * Payloads of the Canteen Master's moderation commands (rules in domain/moderation.ts,
 * see docs/protocol.md). Spread into `commandSchemas`.
 */
import * as v from 'valibot';
import { MODERATION_LIMITS } from '../domain/names.ts';
import { controlChars, loneSurrogate, singleLine } from './text.ts';

const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an id'));
const cid = v.optional(id);
/** A network's short tag as the console shows it (server/limits/join-guard.ts). */
const network = v.pipe(v.string(), v.regex(/^[0-9A-F]{6}$/, 'must be a network tag'));

/** The random id a phone keeps in localStorage and sends with a join; only its hash is stored. */
export const deviceId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,128}$/, 'malformed device id'));

const refusedWord = v.pipe(
	v.string(),
	v.maxLength(MODERATION_LIMITS.wordLength, `a word is at most ${MODERATION_LIMITS.wordLength} characters`),
	v.check((s) => !controlChars.test(s) && !loneSurrogate.test(s), 'a word is one line of plain text')
);

export const moderationCommandSchemas = {
	'member:rename-by-master': v.strictObject({ cid, memberId: id, name: singleLine({ what: 'name', max: 40 }) }),
	'member:remove': v.strictObject({ cid, memberId: id }),
	'member:ban': v.strictObject({ cid, memberId: id }),
	'ban:list': v.strictObject({ cid }),
	'ban:lift': v.strictObject({ cid, banId: id }),
	'words:list': v.strictObject({ cid }),
	// Joins from one network (the tag the console was shown in `joins:refused`).
	'joins:allow': v.strictObject({
		cid,
		network,
		more: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MODERATION_LIMITS.maxWave))
	}),
	// Everyone who joined in the last minutes, or from one network, or both: a scripted wave.
	'members:remove-wave': v.pipe(
		v.strictObject({
			cid,
			network: v.optional(network),
			sinceMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(240)))
		}),
		v.check((p) => p.network !== undefined || p.sinceMinutes !== undefined, 'give a network, minutes, or both')
	),
	'words:set': v.strictObject({
		cid,
		words: v.pipe(
			v.array(refusedWord),
			v.maxLength(MODERATION_LIMITS.maxWords, `at most ${MODERATION_LIMITS.maxWords} words`)
		)
	})
} as const;
