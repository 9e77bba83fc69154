/**
 * Payloads of the kitchen-screen remote (domain/screen.ts, docs/protocol.md): the Canteen
 * Master switches what the screen shows and, if they choose, how the meal's costs are
 * covered. Spread into `commandSchemas`.
 */
import * as v from 'valibot';
import { SCREEN_VIEWS } from '../domain/types.ts';

const cid = v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an id')));

/** Well above a generous meal; a typo of 8000 % is refused rather than shown. */
export const MAX_COVERAGE_PERCENT = 500;

export const screenRemoteCommandSchemas = {
	'screen:show': v.strictObject({ cid, view: v.picklist(SCREEN_VIEWS) }),
	/** `null` hides the figure. */
	'screen:coverage': v.strictObject({
		cid,
		percent: v.nullable(
			v.pipe(
				v.number(),
				v.integer('a whole percentage'),
				v.minValue(0, 'at least 0'),
				v.maxValue(MAX_COVERAGE_PERCENT, `at most ${MAX_COVERAGE_PERCENT}`)
			)
		)
	})
} as const;
