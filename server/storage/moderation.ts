/** Moderation: devices blocked per canteen, and the words refused in its display names. */

/** A device blocked from every meal of a canteen by its Canteen Master. */
export interface BanRecord {
	id: string;
	canteenId: string;
	deviceHash: string;
	/** The display name at the time of the block, for the list; nothing else about them. */
	name: string;
	/** The meal it was done from: the master's credentials there. */
	by: string;
	at: number;
}

export interface ModerationRepository {
	/**
	 * Idempotent on `ban.id`: a second call with the same id keeps the first record. So a
	 * ban can be written before the board change that removes the member, with an id
	 * derived from the command, and a retry after a crash in between writes nothing twice.
	 */
	createBan(ban: BanRecord): Promise<void>;
	/** The canteen's bans, oldest first. */
	listBans(canteenId: string): Promise<BanRecord[]>;
	/** False when the canteen has no ban with this id. */
	deleteBan(canteenId: string, banId: string): Promise<boolean>;
	isDeviceBanned(canteenId: string, deviceHash: string): Promise<boolean>;
	/** The canteen's own refused words, in the order set ([] if never set). */
	getRefusedWords(canteenId: string): Promise<string[]>;
	setRefusedWords(canteenId: string, words: string[]): Promise<void>;
}
