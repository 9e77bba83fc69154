/**
 * Partner links as operations the staff page calls: list, create, revoke. Each checks
 * itself who may (an administrator, or staff of the canteens concerned), so a page that
 * forgot to check opens no hole. Creating needs every canteen of the scope; revoking
 * needs one of them: anyone responsible for a canteen can cut access to its counts.
 *
 * Also the partner side: a bearer token resolved to its link, or why not.
 */
import * as v from 'valibot';
import { singleLine } from '../../src/lib/protocol/text.ts';
import { hashSecret, newId, newSecret } from '../auth/secrets.ts';
import { canRunCanteen, canteenAccess, type SessionUser } from '../auth/sessions.ts';
import type { CanteenRecord, PartnerLinkRecord, Storage } from '../storage/storage.ts';

export const LABEL_MAX = 80;
export const EXPIRY_DAYS_MAX = 366;
const DAY_MS = 86_400_000;

export const partnerLinkFields = v.strictObject({
	label: singleLine({ what: 'label', min: 1, max: LABEL_MAX }),
	/** Other canteens the link also opens (the page's canteen is always in). */
	alsoCanteenIds: v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(50)),
	expiresInDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(EXPIRY_DAYS_MAX)))
});
export type PartnerLinkFields = v.InferOutput<typeof partnerLinkFields>;

export type LinkRefusal = 'forbidden' | 'canteen_not_found' | 'link_not_found' | 'bad_input';
type Outcome<T> = ({ ok: true } & T) | { ok: false; reason: LinkRefusal };

/** A link as staff see it: never its token hash. */
export interface ListedLink {
	id: string;
	label: string;
	canteenIds: string[];
	createdAt: number;
	expiresAt?: number;
	revokedAt?: number;
}

export type PartnerLinks = ReturnType<typeof createPartnerLinks>;

export function createPartnerLinks({
	storage,
	now = Date.now,
	onRevoked = () => {}
}: {
	storage: Pick<Storage, 'meals' | 'partners'>;
	now?: () => number;
	/** Live connections opened with the link are closed (server/partners/feed.ts). */
	onRevoked?: (linkId: string) => void;
}) {
	async function canteenFor(user: SessionUser, canteenId: string): Promise<Outcome<{ canteen: CanteenRecord }>> {
		const access = await canteenAccess(storage, user, canteenId);
		if (access.ok) return { ok: true, canteen: access.canteen };
		return { ok: false, reason: access.reason === 'forbidden' ? 'forbidden' : 'canteen_not_found' };
	}

	return {
		/** The canteen's links, and the other canteens this person could add to a new link's scope. */
		async list(user: SessionUser, canteenId: string) {
			const found = await canteenFor(user, canteenId);
			if (!found.ok) return found;
			const links = (await storage.partners.listPartnerLinks(canteenId)).map(listed);
			const others = (await storage.meals.listCanteens()).filter(
				(c) => c.id !== canteenId && canRunCanteen(user, c.id)
			);
			return { ok: true as const, canteen: found.canteen, links, others };
		},

		/** Creates a link; its token is in the answer and nowhere else. */
		async create(
			user: SessionUser,
			canteenId: string,
			fields: unknown
		): Promise<Outcome<{ link: ListedLink; token: string }>> {
			const found = await canteenFor(user, canteenId);
			if (!found.ok) return found;
			const parsed = v.safeParse(partnerLinkFields, fields);
			if (!parsed.success) return { ok: false, reason: 'bad_input' };
			const scope = [...new Set([canteenId, ...parsed.output.alsoCanteenIds])];
			for (const id of scope) {
				const other = await canteenFor(user, id);
				if (!other.ok) return other;
			}
			const token = newSecret();
			const at = now();
			const record: PartnerLinkRecord = {
				id: newId('pl_'),
				tokenHash: hashSecret(token),
				label: parsed.output.label,
				canteenIds: scope.sort(),
				createdBy: user.id,
				createdAt: at,
				...(parsed.output.expiresInDays ? { expiresAt: at + parsed.output.expiresInDays * DAY_MS } : {})
			};
			await storage.partners.createPartnerLink(record);
			return { ok: true, link: listed(record), token };
		},

		async revoke(user: SessionUser, canteenId: string, linkId: string): Promise<Outcome<object>> {
			const found = await canteenFor(user, canteenId);
			if (!found.ok) return found;
			const link = await storage.partners.getPartnerLink(linkId);
			if (!link || !link.canteenIds.includes(canteenId)) return { ok: false, reason: 'link_not_found' };
			await storage.partners.revokePartnerLink(link.id, now());
			onRevoked(link.id);
			return { ok: true };
		}
	};
}

function listed({ id, label, canteenIds, createdAt, expiresAt, revokedAt }: PartnerLinkRecord): ListedLink {
	return {
		id,
		label,
		canteenIds,
		createdAt,
		...(expiresAt !== undefined ? { expiresAt } : {}),
		...(revokedAt !== undefined ? { revokedAt } : {})
	};
}

/** Tokens are 32 random bytes in base64url (newSecret): anything else is refused unread. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const PartnerRefusal = {
	Unauthorized: 'unauthorized',
	LinkExpired: 'link_expired',
	LinkRevoked: 'link_revoked'
} as const;
export type PartnerRefusal = (typeof PartnerRefusal)[keyof typeof PartnerRefusal];

/** The link a partner's token opens, or why not. */
export async function partnerLinkFor({
	storage,
	token,
	now
}: {
	storage: Pick<Storage, 'partners'>;
	token: string | undefined;
	now: number;
}): Promise<{ ok: true; link: PartnerLinkRecord } | { ok: false; code: PartnerRefusal }> {
	if (!token || !TOKEN_SHAPE.test(token)) return { ok: false, code: PartnerRefusal.Unauthorized };
	const link = await storage.partners.findPartnerLinkByTokenHash(hashSecret(token));
	if (!link) return { ok: false, code: PartnerRefusal.Unauthorized };
	if (link.revokedAt !== undefined) return { ok: false, code: PartnerRefusal.LinkRevoked };
	if (link.expiresAt !== undefined && link.expiresAt <= now) return { ok: false, code: PartnerRefusal.LinkExpired };
	return { ok: true, link };
}
