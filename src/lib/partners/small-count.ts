/**
 * The small-count rule, on its own: every figure under 5 (zero included, so absence is
 * not revealed either) is published as `{ kind: 'fewer-than-5' }`, never as a number.
 */
export const SMALL_COUNT = 5;

export type Figure = { kind: 'count'; value: number } | { kind: 'fewer-than-5' };

/** One figure under the rule, on its own. */
export function figure(value: number): Figure {
	return value < SMALL_COUNT ? { kind: 'fewer-than-5' } : { kind: 'count', value };
}
