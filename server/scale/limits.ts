/**
 * The limits shared by every instance, in Redis: rate-limiter-flexible's RateLimiterRedis
 * for every windowed limit (joins, lookups, sign-ins, command and sync budgets), with a
 * memory limiter as insurance while Redis is away (the same rules, per instance); the
 * live connections per member token and per address; and each meal's joins per network.
 * Same rules as the memory versions (server/limits/); only where they are counted moves.
 */
import { randomBytes, createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { ConnectionCounts } from '../limits/connection-caps.ts';
import type { NetworkCounts } from '../limits/join-guard.ts';
import type { LimiterBackend } from '../limits/limiter.ts';
import { StorageUnavailableError } from '../storage/availability.ts';
import { guardRedis, type RedisConnection } from '../storage/redis/connection.ts';
import { redisKey } from '../storage/redis/keys.ts';
import {
	connectionAdmitScript,
	networkAdmitScript,
	networkAllowScript,
	networkSettleScript,
	runScript
} from './scripts.ts';

/** A network's counts outlive a meal's day; a hold outlives a slow join write. */
const NETWORK_TTL_MS = 2 * 24 * 3600_000;
const HOLD_MS = 30_000;
/** Connection sets of a key nobody has used for this long go (the live ones are renewed on each admit). */
const CONNECTIONS_TTL_MS = 24 * 3600_000;

/** The limiter methods that ask Redis; each is bounded and falls back to the insurance limiter. */
const ASKING = new Set(['consume', 'penalty', 'reward', 'block', 'get', 'set', 'delete']);

export function redisLimiterBackend({
	client,
	prefix,
	deadlineMs
}: {
	client: RedisConnection;
	prefix: string;
	/** A frozen Redis must not hold a phone's command: past this, the insurance limiter answers. */
	deadlineMs?: number;
}): LimiterBackend {
	const base = redisKey({ prefix, key: { kind: 'rl' } });
	const guard = guardRedis(client, { deadlineMs });
	return ({ keyPrefix, points, perSeconds, blockSeconds }) => {
		const rule = { keyPrefix: `${base}:${keyPrefix}`, points, duration: perSeconds, blockDuration: blockSeconds ?? 0 };
		const insurance = new RateLimiterMemory(rule);
		const limiter = new RateLimiterRedis({
			...rule,
			storeClient: client,
			useRedisPackage: true,
			// Redis away: each instance limits on its own until it is back, rather than failing requests.
			insuranceLimiter: insurance
		});
		// rate-limiter-flexible falls back to the insurance limiter when Redis errs, but waits
		// for ever on a Redis that holds the connection without answering: bounded here too.
		return new Proxy(limiter, {
			get(target, name, receiver) {
				const value: unknown = Reflect.get(target, name, receiver);
				if (typeof value !== 'function' || !ASKING.has(String(name))) return value;
				return (...args: unknown[]) =>
					guard
						.run(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args))
						.catch((error) => {
							if (!(error instanceof StorageUnavailableError)) throw error;
							const fallback = Reflect.get(insurance, name) as (...a: unknown[]) => Promise<unknown>;
							return fallback.apply(insurance, args);
						});
			}
		});
	};
}

export function redisNetworkCounts({ client, prefix }: { client: RedisConnection; prefix: string }): NetworkCounts {
	const keys = (mealId: string, network: string) => {
		const base = redisKey({ prefix, key: { kind: 'net', mealId, network } });
		return [`${base}:members`, `${base}:pending`, `${base}:state`];
	};
	return {
		async admit({ mealId, network, cap }) {
			const hold = randomBytes(8).toString('hex');
			const [ok, refused, current] = await runScript<[number, number, number]>(
				client,
				networkAdmitScript,
				keys(mealId, network),
				[String(Date.now()), String(HOLD_MS), String(cap), hold, String(NETWORK_TTL_MS)]
			);
			return ok === 1 ? { ok: true, hold } : { ok: false, refused, cap: current };
		},
		async settle({ mealId, network, hold, memberId }) {
			await runScript(client, networkSettleScript, keys(mealId, network), [hold, ...(memberId ? [memberId] : [])]);
		},
		async allowMore({ mealId, network, more, cap }) {
			const next = await runScript<number>(client, networkAllowScript, keys(mealId, network), [
				String(more),
				String(cap),
				String(NETWORK_TTL_MS)
			]);
			return { cap: next };
		},
		async membersFrom({ mealId, network }) {
			return new Set(await client.sMembers(keys(mealId, network)[0]!));
		}
	};
}

export function redisConnectionCounts({
	client,
	prefix,
	instanceId,
	onError,
	deadlineMs
}: {
	client: RedisConnection;
	prefix: string;
	instanceId: string;
	onError: (error: unknown) => void;
	deadlineMs?: number;
}): ConnectionCounts {
	// Addresses are personal data: Redis holds a hash of them, never the address itself.
	const hashed = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);
	const registry = redisKey({ prefix, key: { kind: 'instances' } });
	let next = 0;
	const guard = guardRedis(client, { deadlineMs });
	return {
		async admit({ address, member, rules }) {
			const memberKey =
				member === undefined ? '' : redisKey({ prefix, key: { kind: 'conns', per: 'member', key: member } });
			const addressKey = redisKey({ prefix, key: { kind: 'conns', per: 'address', key: hashed(address) } });
			const id = `${instanceId}|${++next}`;
			let verdict: string;
			try {
				verdict = await guard.run(() =>
					runScript<string>(
						client,
						connectionAdmitScript,
						[registry, memberKey, addressKey],
						[String(Date.now()), id, String(rules.perMember), String(rules.perAddress), String(CONNECTIONS_TTL_MS)]
					)
				);
			} catch (error) {
				if (!(error instanceof StorageUnavailableError)) throw error;
				// Redis away: the loaded boards keep being served; this connection goes uncounted.
				onError(error);
				return { ok: true, release() {} };
			}
			if (verdict === 'member' || verdict === 'address') return { ok: false, reason: verdict };
			let released = false;
			return {
				ok: true,
				release() {
					if (released) return;
					released = true;
					const removals = [memberKey, addressKey].filter((k) => k !== '').map((k) => client.zRem(k, id));
					void Promise.all(removals).catch(onError);
				}
			};
		}
	};
}
