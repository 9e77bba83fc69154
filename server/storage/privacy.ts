/**
 * Erasure (docs/privacy.md): what the retention job and a member's self-erasure remove
 * from the records besides the board. Profiles and introductions are the people tables'
 * (people.ts); the meals the retention job has already erased are remembered here, so a
 * run looks at each old meal once.
 */
export interface PrivacyRepository {
	/** Meals dated before `beforeDate` (YYYY-MM-DD) not yet erased, oldest first. */
	mealsToErase(beforeDate: string, limit: number): Promise<{ id: string; canteenId: string }[]>;
	/** Idempotent: the first time stays. */
	markMealErased(mealId: string, at: number): Promise<void>;
	/** Deletes the canteen's introductions involving any of `keys`; how many. */
	deleteIntroductionsOf(canteenId: string, keys: readonly string[]): Promise<number>;
	/** Deletes every introduction recorded before `at`; how many. */
	deleteIntroductionsBefore(at: number): Promise<number>;
	/**
	 * Deletes for good the profiles last saved before `at` whose person (device or member
	 * key) came to no meal of that canteen dated `sinceDate` (YYYY-MM-DD) or later: what a
	 * member shared is kept while they keep coming; how many.
	 */
	deleteProfilesBefore(input: { at: number; sinceDate: string }): Promise<number>;
}
