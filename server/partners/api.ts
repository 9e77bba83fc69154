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
import { describeIssues } from '../../src/lib/protocol/schemas.ts';
import { webhookCreateBody, webhookId } from '../../src/lib/protocol/partner-schemas.ts';
import type { PartnerWebhooks } from './webhooks.ts';

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

/**
 * `/api/partners/webhooks` (docs/partners-api.md): a partner lists, registers and deletes
 * its link's webhooks with its bearer token. A webhook receives the events of every
 * canteen of the link's scope.
 */
export async function partnerWebhookRequest({
	storage,
	webhooks,
	authorization,
	method,
	id,
	body,
	now
}: {
	storage: Pick<Storage, 'partners'>;
	webhooks: PartnerWebhooks;
	authorization: string | undefined;
	method: string;
	/** The path's webhook id, for DELETE. */
	id: string | undefined;
	/** The parsed JSON body, for POST (read only then). */
	body: () => Promise<unknown>;
	now: number;
}): Promise<
	| { ok: true; status: number; body: unknown }
	| { ok: false; code: ErrorCode; issues?: string[]; headers?: Record<string, string> }
> {
	const token = /^Bearer ([^\s]+)$/.exec(authorization ?? '')?.[1];
	const found = await partnerLinkFor({ storage, token, now });
	if (!found.ok) return { ok: false, code: found.code, headers: { 'www-authenticate': 'Bearer realm="partners"' } };
	const link = found.link;
	if (id === undefined && (method === 'GET' || method === 'HEAD'))
		return { ok: true, status: 200, body: { v: PARTNER_API_VERSION, webhooks: await webhooks.list(link.id) } };
	if (id === undefined && method === 'POST') {
		const parsed = v.safeParse(webhookCreateBody, await body());
		if (!parsed.success) return { ok: false, code: 'bad_request', issues: describeIssues(parsed.issues) };
		const registered = await webhooks.register(link, parsed.output.url, 'partner');
		if (!registered.ok) return { ok: false, code: registered.code };
		return {
			ok: true,
			status: 201,
			body: { v: PARTNER_API_VERSION, webhook: registered.webhook, secret: registered.secret }
		};
	}
	if (id !== undefined && method === 'DELETE') {
		const parsed = v.safeParse(webhookId, id);
		if (!parsed.success || !(await webhooks.remove(link.id, parsed.output)))
			return { ok: false, code: 'webhook_not_found' };
		return { ok: true, status: 200, body: { ok: true } };
	}
	return {
		ok: false,
		code: 'method_not_allowed',
		headers: { allow: id === undefined ? 'GET, HEAD, POST' : 'DELETE' }
	};
}
