/**
 * Payloads of the end-of-meal survey commands (server/realtime/survey.ts, and
 * docs/protocol.md). Spread into `commandSchemas`. The questions and choices are in
 * src/lib/survey/survey.ts.
 */
import * as v from 'valibot';
import { SURVEY_CHOICES } from '../survey/survey.ts';

const cid = v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an id')));
const choice = v.optional(v.picklist(SURVEY_CHOICES, `must be one of ${SURVEY_CHOICES.join(', ')}`));

export const surveyCommandSchemas = {
	/** This member's answer for this meal, replacing any earlier one; at least one question. */
	'survey:answer': v.pipe(
		v.strictObject({ cid, community: choice, reachedOut: choice }),
		v.check((p) => p.community !== undefined || p.reachedOut !== undefined, 'answer at least one question')
	),
	/** This member's own answer for this meal, if any (the phone shows it back). */
	'survey:get': v.strictObject({ cid })
} as const;
