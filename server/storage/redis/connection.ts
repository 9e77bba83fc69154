/**
 * One way to open a node-redis connection: reconnects by itself with a capped backoff and
 * reports errors instead of crashing the process (node-redis throws on an unhandled
 * 'error' event).
 *
 * While Redis is away, commands are refused, never queued (`disableOfflineQueue`): a phone
 * is told `saving_paused` at once instead of waiting for a reconnection that may take
 * minutes, and a refused command was certainly not sent. A Redis that holds the connection
 * but stops answering (frozen, or a network that drops packets) is caught by `guardRedis`:
 * each operation waits at most its deadline, after which the connection counts as stalled
 * and further operations are refused without being sent until a PING is answered again.
 */
import { createClient, ErrorReply, type RedisClientType } from 'redis';
import { settlesWithin } from '../../within.ts';
import {
	causeOf,
	PING_DEADLINE_MS,
	STORAGE_DEADLINE_MS,
	StorageUnavailableError,
	withDeadline,
	type PartHealth
} from '../availability.ts';

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
		disableOfflineQueue: true,
		socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000), connectTimeout: 2_000 }
	}) as RedisClientType;
	client.on('error', onError);
	await client.connect();
	return client;
}

/**
 * Closes a connection politely (QUIT after its pending replies) if Redis answers within
 * `ms`, else drops it. A frozen Redis never answers, and a process told to stop (SIGTERM)
 * must not wait for it for ever.
 */
export async function closeWithin(client: RedisConnection, ms = STORAGE_DEADLINE_MS): Promise<void> {
	const closed = await settlesWithin({ promise: client.close(), ms });
	// Late, or the connection broke while closing: drop it, nothing more will be sent.
	if (!closed || client.isOpen) client.destroy();
}

/** Redis replies that mean "this server cannot take commands now", not a mistake in one. */
const UNAVAILABLE_REPLIES = /^(LOADING|MISCONF|READONLY|MASTERDOWN|BUSY |TRYAGAIN|CLUSTERDOWN|OOM)/;

export interface RedisGuard {
	/**
	 * Runs one operation on the connection within the deadline. Refuses at once, without
	 * sending, while Redis is disconnected or stalled; connection failures and the deadline
	 * become StorageUnavailableError. A reply error (a bug, a script error) passes unchanged.
	 */
	run<T>(operation: () => Promise<T>): Promise<T>;
	/** PING within PING_DEADLINE_MS, for /readyz. */
	ping(): Promise<PartHealth>;
}

export function guardRedis(
	client: RedisConnection,
	{ deadlineMs = STORAGE_DEADLINE_MS }: { deadlineMs?: number } = {}
): RedisGuard {
	/** Set when an operation outlived its deadline: Redis holds the connection but does not answer. */
	let stalled: string | undefined;
	let probing = false;

	// One PING at a time while stalled; the first answer clears it. A frozen Redis answers
	// every queued command, this PING included, as soon as it runs again.
	const probe = () => {
		if (probing) return;
		probing = true;
		client
			.sendCommand(['PING'])
			.then(
				() => (stalled = undefined),
				() => undefined
			)
			.finally(() => {
				probing = false;
				if (stalled) setTimeout(probe, 250).unref?.();
			});
	};

	const unavailable = (error: unknown): unknown => {
		if (error instanceof StorageUnavailableError) return error;
		// Not an error at all (a rate limiter's "over the limit" answer): the caller's business.
		if (!(error instanceof Error)) return error;
		if (error instanceof ErrorReply && !UNAVAILABLE_REPLIES.test(error.message)) return error;
		return new StorageUnavailableError('redis', causeOf(error));
	};

	const away = (): string | undefined => (client.isReady ? stalled : 'disconnected');

	return {
		async run(operation) {
			const why = away();
			if (why) throw new StorageUnavailableError('redis', why);
			try {
				return await withDeadline(operation(), { part: 'redis', ms: deadlineMs });
			} catch (error) {
				const refused = unavailable(error);
				if (refused instanceof StorageUnavailableError && refused.cause.startsWith('no answer')) {
					stalled = 'not answering';
					probe();
				}
				throw refused;
			}
		},
		async ping() {
			const why = away();
			if (why) return { part: 'redis', ok: false, cause: why };
			try {
				await withDeadline(client.sendCommand(['PING']), { part: 'redis', ms: PING_DEADLINE_MS });
				return { part: 'redis', ok: true };
			} catch (error) {
				if (error instanceof StorageUnavailableError) {
					stalled = 'not answering';
					probe();
				}
				return { part: 'redis', ok: false, cause: causeOf(error) };
			}
		}
	};
}
