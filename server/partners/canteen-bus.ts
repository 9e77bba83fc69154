/**
 * "A canteen's counts changed", across instances. The partner feed is per process
 * (feed.ts): each instance hears of its own summary writes. With several instances
 * (REDIS_URL + DATABASE_URL) an instance publishes the canteen after each summary write,
 * and every other instance that has partners watching that canteen recomputes its figures
 * from shared storage. One Redis Pub/Sub channel for the deployment; a message is
 * `<instance id> <canteen id>`, and an instance ignores its own (it refreshed already).
 * Pub/Sub is fire-and-forget: a message lost while an instance reconnects is repaired by
 * the next change (the figures are recomputed whole each time, never patched).
 */
import { randomUUID } from 'node:crypto';
import { closeWithin, connectRedis } from '../storage/redis/connection.ts';

export interface CanteenBus {
	publish(canteenId: string): void;
	/** `listener` hears canteens changed by other instances. */
	subscribe(listener: (canteenId: string) => void): () => void;
	close(): Promise<void>;
}

export async function redisCanteenBus({
	url,
	prefix,
	onError
}: {
	url: string;
	prefix: string;
	onError: (error: unknown) => void;
}): Promise<CanteenBus> {
	const channel = `${prefix}:partners:canteens`;
	const me = randomUUID();
	const listeners = new Set<(canteenId: string) => void>();
	const pub = await connectRedis({ url, name: 'tablee-canteens-pub', onError });
	const sub = await connectRedis({ url, name: 'tablee-canteens-sub', onError });
	await sub.subscribe(channel, (message) => {
		const space = message.indexOf(' ');
		if (space < 0 || message.slice(0, space) === me) return;
		const canteenId = message.slice(space + 1);
		for (const listener of listeners) listener(canteenId);
	});
	let closed = false;
	return {
		publish(canteenId) {
			if (closed) return;
			pub.publish(channel, `${me} ${canteenId}`).catch(onError);
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		async close() {
			if (closed) return;
			closed = true;
			listeners.clear();
			await Promise.allSettled([closeWithin(sub), closeWithin(pub)]);
		}
	};
}
