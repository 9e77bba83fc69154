/**
 * The JSON routes under /api. Small on purpose: joining is the one thing a phone does
 * over HTTP (it creates an identity); everything live goes over Socket.IO. Every route
 * validates params and body against a schema and answers errors as { code, message }.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { errorBody, type ErrorCode } from '../../src/lib/protocol/errors.ts';
import { describeIssues, joinBody, joinCode, LIMITS } from '../../src/lib/protocol/schemas.ts';
import { PROTOCOL_VERSION } from '../../src/lib/protocol/version.ts';
import { isMealLive } from '../../src/lib/domain/lifecycle.ts';
import { joinMeal } from '../board/meals.ts';
import type { JoinCodes } from '../board/join-codes.ts';
import type { MealSessions } from '../session/sessions.ts';
import { partnerFigures } from '../partners/api.ts';
import type { Logger } from '../log.ts';
import type { WriteHealth } from '../ops/write-health.ts';
import type { Storage } from '../storage/storage.ts';
import type { JoinGuard } from '../limits/join-guard.ts';

const STATUS: Partial<Record<ErrorCode, number>> = {
	bad_request: 400,
	unauthorized: 401,
	link_expired: 401,
	link_revoked: 401,
	forbidden: 403,
	banned: 403,
	not_found: 404,
	unknown_code: 404,
	code_expired: 410,
	method_not_allowed: 405,
	meal_not_open: 409,
	meal_full: 409,
	network_full: 409,
	payload_too_large: 413,
	rate_limited: 429,
	unavailable: 503
};

class HttpError extends Error {
	constructor(
		readonly code: ErrorCode,
		readonly issues?: string[],
		readonly headers: Record<string, string> = {}
	) {
		super(code);
	}
}

export interface ApiOptions {
	storage: Storage;
	sessions: MealSessions;
	codes: JoinCodes;
	log: Logger;
	/** The canteens' IANA time zone: "today" in partner figures. */
	timeZone?: string;
	health: WriteHealth;
	/** Join-code lookups and joins per address, members per network per meal (limits/join-guard.ts). */
	joins: JoinGuard;
	/** The client's address (behind a trusted proxy, from X-Forwarded-For). */
	clientAddress: (req: IncomingMessage) => string;
	/** A join refused because the network reached its cap: the Canteen Master is told. */
	onNetworkFull: (input: { mealId: string; network: string; refused: number; cap: number }) => void;
}

/** Returns a handler that answers /api/* and reports false for anything else. */
export function createApi({
	storage,
	sessions,
	codes,
	log,
	timeZone = 'Europe/Paris',
	health,
	joins,
	clientAddress,
	onNetworkFull
}: ApiOptions) {
	const refuseIfOver = (verdict: { ok: boolean; retryAfterMs?: number }) => {
		if (verdict.ok) return;
		const seconds = String(Math.max(1, Math.ceil((verdict.retryAfterMs ?? 1000) / 1000)));
		throw new HttpError('rate_limited', undefined, { 'retry-after': seconds });
	};

	return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
		const url = new URL(req.url ?? '/', 'http://local');
		if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) return false;
		const parts = url.pathname.split('/').filter(Boolean).slice(1).map(safeDecode);
		try {
			if (parts.length === 1 && parts[0] === 'health') {
				// HEAD too, as for any GET route: uptime monitors often probe with HEAD.
				allow(req, ['GET', 'HEAD']);
				return send(res, 200, { ok: true, v: PROTOCOL_VERSION, store: storage.kind, boards: sessions.loaded });
			}
			if (parts.length === 2 && parts[0] === 'join') {
				const code = parse(joinCode, parts[1]);
				const address = clientAddress(req);
				// Codes are short: looking them up is limited like joining, or they could be walked.
				if (req.method === 'GET' || req.method === 'HEAD') {
					refuseIfOver(await joins.lookup(address));
					return send(res, 200, await describeMeal(code));
				}
				allow(req, ['GET', 'HEAD', 'POST']);
				refuseIfOver(await joins.join(address));
				const body = parse(joinBody, await readJson(req, LIMITS.joinBodyBytes));
				return send(res, 201, await join(code, address, body));
			}
			if (parts.length === 2 && parts[0] === 'partners' && parts[1] === 'figures') {
				allow(req, ['GET', 'HEAD']);
				const answer = await partnerFigures({
					storage,
					timeZone,
					authorization: req.headers.authorization,
					canteen: url.searchParams.get('canteen') ?? undefined,
					now: Date.now()
				});
				if (!answer.ok) throw new HttpError(answer.code, answer.issues, answer.headers);
				return send(res, 200, answer.body);
			}
			throw new HttpError('not_found');
		} catch (error) {
			if (error instanceof HttpError) {
				return send(res, STATUS[error.code] ?? 400, errorBody(error.code, error.issues), error.headers);
			}
			log.error('api failed', { path: url.pathname, error: String(error) });
			if (health.failed(error)) return send(res, 503, errorBody('saving_paused'));
			return send(res, 500, errorBody('internal'));
		}
	};

	async function join(code: string, address: string, body: v.InferOutput<typeof joinBody>) {
		// The current code, or one replaced less than the grace ago (board/join-codes.ts).
		const resolved = await codes.resolve(code);
		if (!resolved.ok) throw new HttpError(resolved.code);
		const meal = await storage.meals.getMeal(resolved.mealId);
		if (!meal) throw new HttpError('unknown_code');
		const network = joins.networkOf(address);
		const admission = await joins.admit({ mealId: meal.id, network });
		if (!admission.ok) {
			log.warn('join refused: network full', { mealId: meal.id, network, cap: admission.cap });
			onNetworkFull({ mealId: meal.id, network, refused: admission.refused, cap: admission.cap });
			throw new HttpError('network_full');
		}
		try {
			const joined = await joinMeal(
				{ storage, sessions, codes },
				{ code, name: body.name, emoji: body.emoji, device: body.device }
			);
			if (!joined.ok) throw new HttpError(joined.code);
			await admission.joined(joined.memberId);
			log.info('member joined', { mealId: joined.mealId, memberId: joined.memberId, network });
			return { mealId: joined.mealId, memberId: joined.memberId, token: joined.token };
		} finally {
			await admission.cancel();
		}
	}

	async function describeMeal(code: string) {
		const resolved = await codes.resolve(code);
		if (!resolved.ok && resolved.code === 'unknown_code') throw new HttpError('unknown_code');
		// An expired code still names its meal, so a phone already in it goes back to it;
		// `expired` tells the join page to ask for the screen's current code instead.
		const expired = !resolved.ok;
		const meal = await storage.meals.getMeal(resolved.mealId);
		if (!meal) throw new HttpError('unknown_code');
		const canteen = await storage.meals.getCanteen(meal.canteenId);
		const meta = await sessions.read(meal.id, (state) => state.meta);
		if (!meta) throw new HttpError('unknown_code');
		return {
			mealId: meal.id,
			title: meta.title,
			date: meta.date,
			time: meta.time,
			status: meta.status,
			joinable: isMealLive(meta.status) && !expired,
			expired,
			canteen: canteen?.name ?? ''
		};
	}
}

function parse<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
	const result = v.safeParse(schema, input);
	if (!result.success) throw new HttpError('bad_request', describeIssues(result.issues));
	return result.output;
}

/** A 405 names the methods that would work, as HTTP asks (RFC 9110 §15.5.6). */
function allow(req: IncomingMessage, methods: string[]) {
	if (!methods.includes(req.method ?? '')) {
		throw new HttpError('method_not_allowed', undefined, { allow: methods.join(', ') });
	}
}

function safeDecode(part: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		return '\u0000';
	}
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
	const type = req.headers['content-type'] ?? '';
	if (!/^application\/json\b/i.test(type))
		throw new HttpError('bad_request', ['content-type must be application/json']);
	const declared = Number(req.headers['content-length'] ?? 0);
	if (declared > limit) throw new HttpError('payload_too_large');
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > limit) throw new HttpError('payload_too_large');
		chunks.push(chunk as Buffer);
	}
	try {
		return JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		throw new HttpError('bad_request', ['body is not valid JSON']);
	}
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
	const json = JSON.stringify(body);
	res.writeHead(status, {
		...headers,
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(json),
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff'
	});
	res.end(json);
	return true;
}
