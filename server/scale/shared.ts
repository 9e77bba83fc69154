/**
 * What the instances serving the same meals share besides storage, chosen in this one
 * place: the Socket.IO adapter, presence, the `cid` answer cache and the limits. Embedded
 * (no Redis): Socket.IO's in-memory adapter, presence and answers in the process, the
 * limits' memory backend — exactly what one process always had. With Redis (`REDIS_URL`):
 * the official sharded adapter, presence as a per-meal hash, answers as `SET NX EX`, the
 * limits on rate-limiter-flexible's Redis backend and the connection counts in Redis.
 * docs/scale-out.md says why each is shaped the way it is.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import type { ServerOptions } from 'socket.io';
import type { PresenceStore } from '../session/presence.ts';
import { closeWithin, connectRedis, guardRedis, type RedisConnection } from '../storage/redis/connection.ts';
import { redisKey } from '../storage/redis/keys.ts';
import type { ConnectionCounts } from '../limits/connection-caps.ts';
import type { NetworkCounts } from '../limits/join-guard.ts';
import type { LimiterBackend } from '../limits/limiter.ts';
import type { Answer } from '../realtime/commands.ts';
import { redisConnectionCounts, redisLimiterBackend, redisNetworkCounts } from './limits.ts';
import { redisAnswers, type AnswerStore } from './answers.ts';
import { redisPresence } from './presence.ts';

export interface Shared {
	kind: 'embedded' | 'redis';
	/** This instance, as other instances see it (presence, connection counts). */
	instanceId: string;
	/** Socket.IO's adapter: undefined keeps the in-memory one (one process). */
	adapter: ServerOptions['adapter'] | undefined;
	/** Presence merged across instances; undefined: each session's own is the meal's. */
	presence: PresenceStore | undefined;
	/** Answers to commands with a `cid`, for a retry on another instance; undefined: per session only. */
	answers: AnswerStore<Answer> | undefined;
	/** Where every windowed limit counts (rate-limiter-flexible); undefined: memory. */
	limiterBackend: LimiterBackend | undefined;
	/** Live connections per member token and address, on every instance; undefined: this process's. */
	connections: ConnectionCounts | undefined;
	/** Each meal's joins per network; undefined: this process's. */
	networks: NetworkCounts | undefined;
	/** The key of the networks' short tags, the same on every instance; undefined: one of this process. */
	networkTagKey: Buffer | undefined;
	/**
	 * The first step of closing: this instance's lease ends now and it stops reporting
	 * presence, so the others drop its members and tell the meal (its own Socket.IO is
	 * closing and could not), and its connections stop counting against the caps.
	 */
	leave(): Promise<void>;
	close(): Promise<void>;
}

/** One process: everything stays in memory, as before scale-out. */
export function embeddedShared(): Shared {
	return {
		kind: 'embedded',
		instanceId: randomUUID(),
		adapter: undefined,
		presence: undefined,
		answers: undefined,
		limiterBackend: undefined,
		connections: undefined,
		networks: undefined,
		networkTagKey: undefined,
		async leave() {},
		async close() {}
	};
}

export interface RedisSharedOptions {
	url: string;
	/** Every key and channel starts with it (REDIS_PREFIX). */
	prefix: string;
	/** Connection trouble: reported, never thrown; the connections come back by themselves. */
	onError: (error: unknown) => void;
	/**
	 * An instance that has not renewed its lease for this long is gone: its members drop out
	 * of presence and its connections stop counting. Renewed three times a lease. Default 15 s.
	 */
	leaseMs?: number;
	/** How long a shared answer (the retry cache) waits for Redis before the command is refused. */
	deadlineMs?: number;
}

export async function openRedisShared({
	url,
	prefix,
	onError,
	leaseMs = 15_000,
	deadlineMs
}: RedisSharedOptions): Promise<Shared> {
	const instanceId = randomUUID();
	const connections: RedisConnection[] = [];
	const connect = async (name: string) => {
		const connection = await connectRedis({ url, name, onError });
		connections.push(connection);
		return connection;
	};
	try {
		// Sharded Pub/Sub (SSUBSCRIBE): each instance subscribes to the channels of the rooms
		// its own sockets are in ("dynamic"), so it hears of the meals it serves and no other.
		const [pub, sub, commands] = await Promise.all([
			connect('tablee-io-pub'),
			connect('tablee-io-sub'),
			connect('tablee-shared')
		]);
		// This instance's lease in the registry, held from before it serves anything.
		const registry = redisKey({ prefix, key: { kind: 'instances' } });
		let leaving = false;
		const renew = async () => {
			const now = Date.now();
			await commands.zRemRangeByScore(registry, '-inf', now);
			// Checked after the await: a renewal must not come back after the lease was given up.
			if (leaving) return;
			await commands.zAdd(registry, { score: now + leaseMs, value: instanceId });
		};
		await renew();
		// The first instance sets it; every later one reads the same.
		const tagKey = redisKey({ prefix, key: { kind: 'network-tag-key' } });
		await commands.set(tagKey, randomBytes(32).toString('hex'), { condition: 'NX' });
		const networkTagKey = Buffer.from((await commands.get(tagKey)) ?? '', 'hex');
		const lease = setInterval(() => void renew().catch(onError), Math.max(50, Math.floor(leaseMs / 3)));
		lease.unref?.();
		const adapter = createShardedAdapter(pub, sub, {
			channelPrefix: `${encodeURIComponent(prefix)}:io`,
			subscriptionMode: 'dynamic'
		});
		const presence = redisPresence({ client: commands, prefix, instanceId, leaseMs });
		const guard = guardRedis(commands, { deadlineMs });
		let left: Promise<void> | undefined;
		const leave = () =>
			(left ??= (async () => {
				leaving = true;
				clearInterval(lease);
				presence.stop();
				// Bounded like every command: a frozen Redis must not hold a stopping instance.
				await guard.run(() => commands.zRem(registry, instanceId)).catch(onError);
			})());
		let closed = false;
		return {
			kind: 'redis',
			instanceId,
			adapter,
			presence,
			answers: redisAnswers<Answer>({ client: commands, prefix, deadlineMs }),
			limiterBackend: redisLimiterBackend({ client: commands, prefix, deadlineMs }),
			connections: redisConnectionCounts({ client: commands, prefix, instanceId, onError, deadlineMs }),
			networks: redisNetworkCounts({ client: commands, prefix }),
			networkTagKey,
			leave,
			async close() {
				if (closed) return;
				closed = true;
				await leave();
				await Promise.allSettled(connections.map((c) => closeWithin(c, deadlineMs)));
			}
		};
	} catch (error) {
		for (const c of connections) c.destroy();
		throw error;
	}
}
