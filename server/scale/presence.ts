/**
 * Presence across instances in Redis. Each instance reports the members it holds (a
 * field `<instance>|<member>` in the meal's hash) and a script answers what changed for
 * the meal as a whole, once: the instance that made the change sends it through the
 * Socket.IO adapter to every instance's sockets. An instance holds a lease in the
 * registry, renewed by its heartbeat; once it ends (a SIGKILLed or closed instance), the
 * next heartbeat of any instance serving the meal drops its members and tells the meal.
 */
import type { PresenceDelta, PresenceStore } from '../session/presence.ts';
import type { RedisConnection } from '../storage/redis/connection.ts';
import { redisKey } from '../storage/redis/keys.ts';
import { presenceScript, runScript } from './scripts.ts';

/** How long an abandoned meal's presence keys stay (every change renews it). */
const KEYS_TTL_MS = 24 * 3600_000;

export function redisPresence({
	client,
	prefix,
	instanceId,
	leaseMs
}: {
	client: RedisConnection;
	prefix: string;
	instanceId: string;
	/** An instance silent this long is gone; heartbeats come three times as often. */
	leaseMs: number;
}): PresenceStore & { stop(): void } {
	let stopped = false;
	const keys = (mealId: string) => [
		redisKey({ prefix, key: { kind: 'instances' } }),
		redisKey({ prefix, key: { kind: 'presence', mealId } }),
		redisKey({ prefix, key: { kind: 'online', mealId } }),
		redisKey({ prefix, key: { kind: 'servers', mealId } })
	];
	const run = async (mealId: string, joined: string[], left: string[]): Promise<PresenceDelta> => {
		// Leaving: the others drop this instance's members and tell the meal (its Socket.IO is closing).
		if (stopped) return { joined: [], left: [] };
		const [j, l] = await runScript<[string[], string[]]>(client, presenceScript, keys(mealId), [
			String(Date.now()),
			instanceId,
			String(joined.length),
			...joined,
			...left,
			String(KEYS_TTL_MS)
		]);
		return { joined: j.sort(), left: l.sort() };
	};
	return {
		stop() {
			stopped = true;
		},
		beatMs: Math.max(50, Math.floor(leaseMs / 3)),
		change: (mealId, { joined, left }) => run(mealId, joined, left),
		refresh: (mealId, online) => run(mealId, online, []),
		async online(mealId) {
			const members = await client.hKeys(redisKey({ prefix, key: { kind: 'online', mealId } }));
			return members.sort();
		}
	};
}
