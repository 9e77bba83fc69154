/**
 * `GET /api/partners/figures` (docs/protocol.md, "Partner API"): a partner's bearer token
 * resolved to its link, then the counts of every canteen in its scope, or of the one
 * asked for with `?canteen=`. Answers carry counts only (src/lib/partners/figures.ts).
 */
import * as v from 'valibot';
import type { ErrorCode } from '../../src/lib/protocol/errors.ts';
import type { Storage } from '../storage/storage.ts';
import { loadCanteenFigures, type CanteenCounts } from './figures.ts';
import { partnerLinkFor } from './links.ts';

export const PARTNER_API_VERSION = 1;

const canteenParam = v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'canteen is not an id')));

export interface PartnerFiguresBody {
	v: typeof PARTNER_API_VERSION;
	at: number;
	expiresAt: number | null;
	canteens: CanteenCounts[];
}

export async function partnerFigures({
	storage,
	timeZone,
	authorization,
	canteen,
	now
}: {
	storage: Pick<Storage, 'meals' | 'people' | 'partners' | 'surveys'>;
	timeZone: string;
	authorization: string | undefined;
	canteen: string | undefined;
	now: number;
}): Promise<
	| { ok: true; body: PartnerFiguresBody }
	| { ok: false; code: ErrorCode; issues?: string[]; headers?: Record<string, string> }
> {
	const token = /^Bearer ([^\s]+)$/.exec(authorization ?? '')?.[1];
	const found = await partnerLinkFor({ storage, token, now });
	// RFC 6750: a 401 says which scheme it wants.
	if (!found.ok) return { ok: false, code: found.code, headers: { 'www-authenticate': 'Bearer realm="partners"' } };
	const asked = v.safeParse(canteenParam, canteen);
	if (!asked.success) return { ok: false, code: 'bad_request', issues: ['canteen is not an id'] };
	if (asked.output !== undefined && !found.link.canteenIds.includes(asked.output))
		return { ok: false, code: 'forbidden' };
	const ids = asked.output !== undefined ? [asked.output] : found.link.canteenIds;
	const canteens: CanteenCounts[] = [];
	for (const canteenId of ids) {
		const counts = await loadCanteenFigures({ storage, canteenId, now, timeZone });
		if (counts) canteens.push(counts);
	}
	return { ok: true, body: { v: PARTNER_API_VERSION, at: now, expiresAt: found.link.expiresAt ?? null, canteens } };
}
