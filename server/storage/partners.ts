/**
 * Partner links: read-only credentials that let a partner (a social centre, a funder…)
 * watch the counts of one or more canteens. Only the SHA-256 of the random token is kept.
 * A revoked link stays listed (who had access, until when); it never opens anything again.
 */
export interface PartnerLinkRecord {
	id: string;
	/** SHA-256 of the 256-bit token; the token itself is shown once, at creation. */
	tokenHash: string;
	/** Who the link is for, as staff wrote it ("Centre social des Lilas"). */
	label: string;
	/** The canteens whose counts it opens, at least one. */
	canteenIds: string[];
	/** The staff account that created it. */
	createdBy: string;
	createdAt: number;
	expiresAt?: number;
	revokedAt?: number;
}

export interface PartnerRepository {
	createPartnerLink(link: PartnerLinkRecord): Promise<void>;
	getPartnerLink(id: string): Promise<PartnerLinkRecord | undefined>;
	findPartnerLinkByTokenHash(tokenHash: string): Promise<PartnerLinkRecord | undefined>;
	/** The links whose scope includes this canteen, newest first, revoked ones included. */
	listPartnerLinks(canteenId: string): Promise<PartnerLinkRecord[]>;
	/** Marks the link revoked at `at`; false when unknown or already revoked (the first time stays). */
	revokePartnerLink(id: string, at: number): Promise<boolean>;
}
