/**
 * Rate limits through rate-limiter-flexible: fixed windows of `points` per `perSeconds`,
 * one counter per key, each key forgotten only when its own window ends. A flood of new
 * keys costs memory for one window and never frees anyone else's counter (the hand-written
 * limiter this replaces cleared every bucket past 10,000 keys, so a flood from many
 * addresses reset the attacker's own limit). The backend is a parameter: memory in one
 * process now, RateLimiterRedis with the same rules when instances share Redis.
 */
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LimitRule {
	/** Actions allowed per window. */
	points: number;
	/** Window length in seconds. */
	perSeconds: number;
	/** Once over, refuse this key for this long (seconds; 0: only until the window ends). */
	blockSeconds?: number;
}

export type Verdict = { ok: true } | { ok: false; retryAfterMs: number };

export interface Limiter {
	readonly rule: LimitRule;
	take(key: string, cost?: number): Promise<Verdict>;
	/** Adds without refusing (a failed password counts even when already refused). */
	penalize(key: string, cost?: number): Promise<void>;
	/** Points used in the current window. */
	used(key: string): Promise<number>;
	forget(key: string): Promise<void>;
	/** Refuses this key for `seconds`, whatever its count. */
	block(key: string, seconds: number): Promise<void>;
	/** Milliseconds this key is still refused for (0 when it may act). */
	refusedFor(key: string): Promise<number>;
}

/** Builds the store-specific limiter for a named rule; swap it for Redis when scaling out. */
export type LimiterBackend = (options: { keyPrefix: string } & LimitRule) => RateLimiterAbstract;

export const memoryBackend: LimiterBackend = ({ keyPrefix, points, perSeconds, blockSeconds }) =>
	new RateLimiterMemory({ keyPrefix, points, duration: perSeconds, blockDuration: blockSeconds ?? 0 });

export function createLimiter({
	name,
	rule,
	backend = memoryBackend
}: {
	name: string;
	rule: LimitRule;
	backend?: LimiterBackend;
}): Limiter {
	// The memory backend expires keys with setTimeout, which cannot wait past 2^31 ms.
	if (rule.perSeconds > 24 * 24 * 3600 || (rule.blockSeconds ?? 0) > 24 * 24 * 3600) {
		throw new Error(`limit ${name}: windows and blocks are at most 24 days`);
	}
	const limiter = backend({ keyPrefix: name, ...rule });
	return {
		rule,
		async take(key, cost = 1) {
			try {
				await limiter.consume(key, cost);
				return { ok: true };
			} catch (refusal) {
				if (refusal instanceof RateLimiterRes) return { ok: false, retryAfterMs: refusal.msBeforeNext };
				throw refusal;
			}
		},
		async penalize(key, cost = 1) {
			await limiter.penalty(key, cost);
		},
		async used(key) {
			return (await limiter.get(key))?.consumedPoints ?? 0;
		},
		async forget(key) {
			await limiter.delete(key);
		},
		async block(key, seconds) {
			await limiter.block(key, seconds);
		},
		async refusedFor(key) {
			const res = await limiter.get(key);
			return res && res.consumedPoints > rule.points ? res.msBeforeNext : 0;
		}
	};
}

/** Takes from every limiter; refused if any refuses (all are charged, as an attacker would be). */
export async function takeAll(entries: readonly (readonly [Limiter, string])[], cost = 1): Promise<Verdict> {
	const verdicts = await Promise.all(entries.map(([limiter, key]) => limiter.take(key, cost)));
	const refused = verdicts.filter((v): v is { ok: false; retryAfterMs: number } => !v.ok);
	if (refused.length === 0) return { ok: true };
	return { ok: false, retryAfterMs: Math.max(...refused.map((r) => r.retryAfterMs)) };
}
