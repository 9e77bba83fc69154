/**
 * Rotating join codes: a meal's code changes every few minutes while someone watches the
 * kitchen screen or the console, so a code read off the screen works, and a code passed on
 * to someone outside the room soon does not. The code just replaced keeps working for a
 * short grace (someone was typing it); then it answers "expired". Members already in are
 * not affected: their phone holds a token, not a code. Pure: the caller passes `now`.
 */

export interface JoinCodeTiming {
	/** How long a code is the current one before the next replaces it. */
	everyMs: number;
	/** How long a replaced code still lets people join. */
	graceMs: number;
}

/** Five minutes on the screen, two more for someone halfway through typing it. */
export const DEFAULT_JOIN_CODE_TIMING: JoinCodeTiming = { everyMs: 5 * 60_000, graceMs: 2 * 60_000 };

/** One code a meal had: `retiredAt` set once another replaced it. */
export interface JoinCodeEntry {
	code: string;
	mealId: string;
	issuedAt: number;
	retiredAt?: number;
}

export type JoinCodeState = 'current' | 'grace' | 'expired';

export function joinCodeState({
	entry,
	now,
	timing
}: {
	entry: Pick<JoinCodeEntry, 'retiredAt'>;
	now: number;
	timing: JoinCodeTiming;
}): JoinCodeState {
	if (entry.retiredAt === undefined) return 'current';
	return now < entry.retiredAt + timing.graceMs ? 'grace' : 'expired';
}

/** Whether the current code has been shown long enough to be replaced. */
export function rotationDue({
	current,
	now,
	timing
}: {
	current: Pick<JoinCodeEntry, 'issuedAt'>;
	now: number;
	timing: JoinCodeTiming;
}): boolean {
	return now >= current.issuedAt + timing.everyMs;
}

/** When the screen will show the next code (for the console's "changes in…"). */
export function nextRotationAt({
	current,
	timing
}: {
	current: Pick<JoinCodeEntry, 'issuedAt'>;
	timing: JoinCodeTiming;
}): number {
	return current.issuedAt + timing.everyMs;
}
