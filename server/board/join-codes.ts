/**
 * The join code people can use now, rotated when it is due, and what a typed code opens.
 * Rotation is lazy: it happens when someone looking at the code (the kitchen screen, the
 * console) asks for it, so a meal nobody watches keeps its code, and two processes asking
 * at once agree through the repository's compare-and-set.
 */
import {
	joinCodeState,
	nextRotationAt,
	rotationDue,
	type JoinCodeEntry,
	type JoinCodeTiming
} from '../../src/lib/domain/join-codes.ts';
import { newJoinCode } from '../auth/secrets.ts';
import type { MealRepository } from '../storage/meals.ts';

export interface CurrentCode {
	code: string;
	/** When the next code replaces it (server clock). */
	rotatesAt: number;
}

export type ResolvedCode =
	| { ok: true; mealId: string }
	| { ok: false; code: 'unknown_code' }
	/** The meal is named so a phone already in it can go back to it; joining is refused. */
	| { ok: false; code: 'code_expired'; mealId: string };

export interface JoinCodes {
	readonly timing: JoinCodeTiming;
	/** The current code of a meal, after rotating it if it is due; undefined for an unknown meal. */
	current(mealId: string): Promise<CurrentCode | undefined>;
	/** The meal a typed code opens: current, or replaced less than the grace ago. */
	resolve(code: string): Promise<ResolvedCode>;
}

export function createJoinCodes({
	meals,
	timing,
	now = Date.now,
	newCode = newJoinCode
}: {
	meals: Pick<MealRepository, 'currentJoinCode' | 'findJoinCode' | 'rotateJoinCode'>;
	timing: JoinCodeTiming;
	now?: () => number;
	newCode?: () => string;
}): JoinCodes {
	const described = (entry: JoinCodeEntry): CurrentCode => ({
		code: entry.code,
		rotatesAt: nextRotationAt({ current: entry, timing })
	});

	return {
		timing,
		async current(mealId) {
			// A few rounds: another process may rotate first (then its code is read), and a
			// fresh random code may collide with an old one (then another is drawn).
			for (let attempt = 0; attempt < 10; attempt++) {
				const entry = await meals.currentJoinCode(mealId);
				if (!entry) return undefined;
				const at = now();
				if (!rotationDue({ current: entry, now: at, timing })) return described(entry);
				await meals.rotateJoinCode({ mealId, expected: entry.code, next: newCode(), now: at });
			}
			const entry = await meals.currentJoinCode(mealId);
			return entry && described(entry);
		},
		async resolve(code) {
			const entry = await meals.findJoinCode(code);
			if (!entry) return { ok: false, code: 'unknown_code' };
			if (joinCodeState({ entry, now: now(), timing }) === 'expired') {
				return { ok: false, code: 'code_expired', mealId: entry.mealId };
			}
			return { ok: true, mealId: entry.mealId };
		}
	};
}
