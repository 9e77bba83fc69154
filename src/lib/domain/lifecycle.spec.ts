import { describe, expect, it } from 'vitest';
import { canTransition, isMealLive } from './lifecycle.ts';
import { MEAL_STATUSES } from './types.ts';

describe('meal lifecycle', () => {
	it('moves forward freely, back one stage, never out of closed', () => {
		const allowed = MEAL_STATUSES.flatMap((from) =>
			MEAL_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}>${to}`)
		);
		expect(allowed).toEqual([
			'planned>open',
			'planned>cooking',
			'planned>eating',
			'planned>closed',
			'open>planned',
			'open>cooking',
			'open>eating',
			'open>closed',
			'cooking>open',
			'cooking>eating',
			'cooking>closed',
			'eating>cooking',
			'eating>closed'
		]);
	});

	it('is live between open and eating', () => {
		expect(MEAL_STATUSES.filter(isMealLive)).toEqual(['open', 'cooking', 'eating']);
	});
});
