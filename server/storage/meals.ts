/**
 * Canteens, their meals and the members who joined them, with what opens a meal: its
 * join code, its hashed keys and the kitchen-screen links issued for it.
 *
 * Screen links live here rather than with moderation: they are credentials of one meal,
 * like its key hashes, checked on every screen handshake next to the meal record and
 * deleted with the meal.
 */
import type { MealSummary } from '../../src/lib/domain/plan-board.ts';

import type { JoinCodeEntry } from '../../src/lib/domain/join-codes.ts';

export interface CanteenRecord {
	id: string;
	name: string;
	createdAt: number;
}

/**
 * A meal and, beside it, the summary lists show (title, date, time, stage, plan, people):
 * written with the meal and again by the server whenever the board changes it
 * (`updateSummary`), so listing and counting meals never loads a board.
 */
export interface MealRecord extends MealSummary {
	id: string;
	canteenId: string;
	joinCode: string;
	/** SHA-256 of the secret keys; the keys themselves are never stored. */
	masterKeyHash: string;
	screenKeyHash: string;
	createdAt: number;
}

export interface MemberRecord {
	id: string;
	mealId: string;
	/** SHA-256 of the member token kept on the phone. */
	tokenHash: string;
	createdAt: number;
	/** SHA-256 of the phone's device id, when it sent one (moderation: blocking a device). */
	deviceHash?: string;
}

/** A kitchen-screen link issued for one meal: only the SHA-256 of its random key is kept. */
export interface ScreenLinkRecord {
	keyHash: string;
	mealId: string;
	createdAt: number;
}

export interface MealRepository {
	createCanteen(canteen: CanteenRecord): Promise<void>;
	getCanteen(id: string): Promise<CanteenRecord | undefined>;
	listCanteens(): Promise<CanteenRecord[]>;

	/** Fails with `join_code_taken` rather than throwing: codes are random and may collide. */
	createMeal(meal: MealRecord): Promise<{ ok: true } | { ok: false; reason: 'join_code_taken' | 'exists' }>;
	getMeal(id: string): Promise<MealRecord | undefined>;
	getMealByJoinCode(code: string): Promise<MealRecord | undefined>;
	/** The canteen's meals, oldest first. */
	listMeals(canteenId: string): Promise<MealRecord[]>;
	/** Replaces the meal's summary with what its board says now; nothing for an unknown meal. */
	updateSummary(mealId: string, summary: MealSummary): Promise<void>;
	/**
	 * Deletes a meal that never happened (a cancelled plan) with its board log, prompt
	 * history, screen links and introductions, all or nothing, iff no member record exists
	 * for it; a series date it came from stays claimed, marked cancelled. False when the
	 * meal is unknown or someone joined it: attendance is never deleted.
	 */
	deleteMealIfUnjoined(mealId: string): Promise<boolean>;

	createMember(member: MemberRecord): Promise<void>;
	getMemberByTokenHash(tokenHash: string): Promise<MemberRecord | undefined>;
	getMember(id: string): Promise<MemberRecord | undefined>;
	/** The member records of a meal, oldest first. */
	listMealMembers(mealId: string): Promise<MemberRecord[]>;

	/** Kitchen-screen links issued for a meal (besides the key derived from the master key). */
	createScreenLink(link: ScreenLinkRecord): Promise<void>;
	/** Whether this key hash is a live (not revoked) link of this meal. */
	hasScreenLink(mealId: string, keyHash: string): Promise<boolean>;
	countScreenLinks(mealId: string): Promise<number>;
	/** Revokes every link issued for the meal; how many there were. */
	revokeScreenLinks(mealId: string): Promise<number>;

	/**
	 * The plan page's kitchen-screen key (server/planning/screen-key.ts), kept so the link can
	 * be shown again to staff of the canteen. Undefined for meals planned before it was kept.
	 */
	getScreenKey(mealId: string): Promise<string | undefined>;
	/**
	 * Makes `key` the meal's one screen key, in one transaction: the meal's screen key hash
	 * becomes `keyHash` (the previous key, derived or issued, stops opening the screen), the
	 * key is kept for the plan page, and every `screen:link` key is revoked. False for an
	 * unknown meal.
	 */
	setScreenKey(mealId: string, input: { key: string; keyHash: string; at: number }): Promise<boolean>;

	/**
	 * Join codes over time (rules in domain/join-codes.ts). A meal's first code is its
	 * record's `joinCode`; each rotation adds the next and retires the one it replaces, so a
	 * code read off the screen a minute ago still resolves, to "grace" or "expired". No two
	 * meals ever share a code, first or rotated.
	 */
	/** The code people join with now: the latest rotated one, else the meal's first code. */
	currentJoinCode(mealId: string): Promise<JoinCodeEntry | undefined>;
	/** Any code a meal ever had, current or retired. */
	findJoinCode(code: string): Promise<JoinCodeEntry | undefined>;
	/**
	 * Replaces `expected` by `next` at `now`, iff `expected` is still the meal's current code
	 * (compare-and-set: two processes rotating at once, one wins, the other reads the
	 * winner's) and `next` was never any meal's code.
	 */
	rotateJoinCode(input: { mealId: string; expected: string; next: string; now: number }): Promise<RotateResult>;
}

export type RotateResult = { ok: true } | { ok: false; reason: 'stale' | 'join_code_taken' };
