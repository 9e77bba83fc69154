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
import type { Logger } from '../log.ts';
import type { Storage } from '../storage/storage.ts';
import { KeyedLimiter } from './rate-limit.ts';

const STATUS: Partial<Record<ErrorCode, number>> = {
	bad_request: 400,
	unauthorized: 401,
	forbidden: 403,
	banned: 403,
	not_found: 404,
	unknown_code: 404,
	code_expired: 410,
	method_not_allowed: 405,
	meal_not_open: 409,
	meal_full: 409,
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
	/**
	 * Joins per client address: burst and sustained rate. Generous, because a whole
	 * kitchen's phones may reach the server through one router's address.
	 */
	joinRate?: { burst: number; perSecond: number };
}

/** Returns a handler that answers /api/* and reports false for anything else. */
export function createApi({ storage, sessions, codes, log, joinRate = { burst: 120, perSecond: 2 } }: ApiOptions) {
	const joinLimiter = new KeyedLimiter(joinRate.burst, joinRate.perSecond);

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
				if (req.method === 'GET' || req.method === 'HEAD') return send(res, 200, await describeMeal(code));
				allow(req, ['GET', 'HEAD', 'POST']);
				if (!joinLimiter.take(clientAddress(req))) throw new HttpError('rate_limited');
				const body = parse(joinBody, await readJson(req, LIMITS.joinBodyBytes));
				const joined = await joinMeal(
					{ storage, sessions, codes },
					{ code, name: body.name, emoji: body.emoji, device: body.device }
				);
				if (!joined.ok) throw new HttpError(joined.code);
				log.info('member joined', { mealId: joined.mealId, memberId: joined.memberId });
				return send(res, 201, { mealId: joined.mealId, memberId: joined.memberId, token: joined.token });
			}
			throw new HttpError('not_found');
		} catch (error) {
			if (error instanceof HttpError) {
				return send(res, STATUS[error.code] ?? 400, errorBody(error.code, error.issues), error.headers);
			}
			log.error('api failed', { path: url.pathname, error: String(error) });
			return send(res, 500, errorBody('internal'));
		}
	};

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

function clientAddress(req: IncomingMessage): string {
	return req.socket.remoteAddress ?? 'unknown';
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
