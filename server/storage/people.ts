/**
 * People (src/lib/people/): what members chose to share, per canteen and key; the
 * introductions done; and which meals of the canteen each device came to.
 */

/**
 * What a member chose to share with a canteen's Canteen Masters (src/lib/people/facts.ts),
 * kept per canteen under `key`: `d:<device hash>` when the phone sent a device id, so the
 * next meal at the canteen finds it, else `m:<member id>`. Only stored with consent:
 * withdrawing it deletes the record.
 */
export interface ProfileRecord {
	canteenId: string;
	key: string;
	consentAt: number;
	facts: { id: string; kind: string; text: string; tags: string[] }[];
	languages: string[];
	ageBracket?: string;
	updatedAt: number;
}

/** An introduction a Canteen Master marked as done, between two person keys (as ProfileRecord.key). */
export interface IntroductionRecord {
	canteenId: string;
	/** The two keys, smaller first. */
	a: string;
	b: string;
	mealId: string;
	at: number;
}

/** A device seen at one meal of a canteen: its first member record there. */
export interface DeviceVisit {
	deviceHash: string;
	mealId: string;
	at: number;
}

export interface PeopleRepository {
	getProfile(canteenId: string, key: string): Promise<ProfileRecord | undefined>;
	/** The canteen's profiles among `keys` (any order). */
	listProfiles(canteenId: string, keys: readonly string[]): Promise<ProfileRecord[]>;
	/** Creates or replaces. */
	putProfile(profile: ProfileRecord): Promise<void>;
	/** Deletes for good (not kept anywhere storage can read it back); false when there was none. */
	deleteProfile(canteenId: string, key: string): Promise<boolean>;
	recordIntroduction(intro: IntroductionRecord): Promise<void>;
	/** The canteen's introductions at or after `since`, oldest first. */
	listIntroductions(query: { canteenId: string; since: number }): Promise<IntroductionRecord[]>;
	/** One entry per (device, meal of the canteen) among `deviceHashes`, oldest first. */
	listDeviceVisits(canteenId: string, deviceHashes: readonly string[]): Promise<DeviceVisit[]>;
}
