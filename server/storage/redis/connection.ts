/**
 * One way to open a node-redis connection: reconnects by itself with a capped backoff,
 * queues commands while it is away (they run once it is back), and reports errors
 * instead of crashing the process (node-redis throws on an unhandled 'error' event).
 */
import { createClient, type RedisClientType } from 'redis';

export type RedisConnection = RedisClientType;

export async function connectRedis({
	url,
	name,
	onError
}: {
	url: string;
	/** Shown by CLIENT LIST, to tell Tablée's connections apart. */
	name: string;
	onError: (error: unknown) => void;
}): Promise<RedisConnection> {
	const client = createClient({
		url,
		name,
		socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) }
	}) as RedisClientType;
	client.on('error', onError);
	await client.connect();
	return client;
}
