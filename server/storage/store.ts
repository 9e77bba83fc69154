/**
 * Everything Tablée keeps, behind one small interface. The embedded implementation
 * (SQLite) and the Redis one must pass the same contract suite: tests/storage/contract.ts.
 *
 * The board of a meal is stored as y-protocols updates in an append-only log with a
 * sequence number, compacted now and then into a snapshot. `appendUpdate` succeeds only
 * at the expected sequence, so two writers can never both take "the last place": the
 * loser reloads and decides again.
 */

export interface CanteenRecord {
	id: string;
	name: string;
	createdAt: number;
}

export interface MealRecord {
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
}

export interface BoardLog {
	/** Merged state of every update up to `snapshotSeq`, or null before the first compaction. */
	snapshot: Uint8Array | null;
	snapshotSeq: number;
	/** Updates after the snapshot, in sequence order. */
	updates: Uint8Array[];
	/** Sequence number of the last update; 0 for a board never written. */
	seq: number;
}

export type AppendResult = { ok: true; seq: number } | { ok: false; reason: 'conflict'; seq: number };

export interface Store {
	readonly kind: string;

	createCanteen(canteen: CanteenRecord): Promise<void>;
	getCanteen(id: string): Promise<CanteenRecord | undefined>;
	listCanteens(): Promise<CanteenRecord[]>;

	/** Fails with `join_code_taken` rather than throwing: codes are random and may collide. */
	createMeal(meal: MealRecord): Promise<{ ok: true } | { ok: false; reason: 'join_code_taken' | 'exists' }>;
	getMeal(id: string): Promise<MealRecord | undefined>;
	getMealByJoinCode(code: string): Promise<MealRecord | undefined>;
	listMeals(canteenId: string): Promise<MealRecord[]>;

	createMember(member: MemberRecord): Promise<void>;
	getMemberByTokenHash(tokenHash: string): Promise<MemberRecord | undefined>;

	loadBoard(mealId: string): Promise<BoardLog>;
	/** Appends iff the log's sequence is `expectedSeq`; durable before it resolves. */
	appendUpdate(mealId: string, expectedSeq: number, update: Uint8Array): Promise<AppendResult>;
	/** Replaces updates up to `seq` by `snapshot`. Ignored if an equal or newer snapshot exists. */
	compactBoard(mealId: string, seq: number, snapshot: Uint8Array): Promise<void>;

	close(): Promise<void>;
}
