/**
 * The board log in Redis, shared by every instance serving a meal.
 *
 * Compare-and-append happens in Redis itself: a Lua script checks the meal's sequence and
 * adds the update as stream entry `<seq>-0` atomically, so two instances racing for one
 * sequence get exactly one winner, with no lock anywhere. Compaction is another script:
 * it stores the snapshot and trims the stream up to it in one step, so an append is either
 * before it (inside the snapshot's range, kept until trimmed with it) or after (kept).
 *
 * `subscribe` reads the streams, not Pub/Sub: one blocking XREAD per instance over every
 * meal it serves delivers each process's appends in sequence order, and a reader that
 * lost its connection resumes from the last sequence it delivered, missing nothing.
 * Subscribing wakes the blocked reader through the instance's own `reader` stream (an
 * entry there is never missed, unlike CLIENT UNBLOCK racing the read).
 *
 * Durability is the Redis server's: with AOF on, an acknowledged append is in the AOF
 * before the reply (it survives a Redis crash); `appendfsync always` also survives power
 * loss. See docs/architecture.md, "Scale-out".
 */
import { randomUUID } from 'node:crypto';
import { RESP_TYPES } from 'redis';
import type { AppendedUpdate, AppendListener, BoardLog, StoredBoard } from '../board-log.ts';
import { quietObserver, type StorageObserver } from '../observer.ts';
import type { PartHealth } from '../availability.ts';
import { closeWithin, connectRedis, guardRedis } from './connection.ts';
import { redisKey, type RedisKey } from './keys.ts';
import { loadScript, appendScript, compactScript, runScript } from './scripts.ts';

const binary = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } } as const;
/** How many entries one read takes per stream; the rest come on the next read. */
const READ_BATCH = 512;

export interface RedisBoardLogOptions {
	url: string;
	/** Every key starts with it: several deployments (or test runs) can share one Redis. */
	prefix: string;
	/** Where a subscriber's exception goes (it never fails the append). */
	onListenerError: (error: unknown) => void;
	/** Connection trouble: logged, never thrown; the connections come back by themselves. */
	onError: (error: unknown) => void;
	observer?: StorageObserver;
	/** How long a load, append or compaction waits for Redis before it is refused. */
	deadlineMs?: number;
}

export interface RedisBoardLog extends BoardLog {
	/** Deletes the meal's log (a cancelled meal: the database deleted its record first). */
	drop(mealId: string): Promise<void>;
	close(): Promise<void>;
	/** Whether Redis answers a PING now (/readyz). */
	ping(): Promise<PartHealth>;
}

interface Listener {
	call: AppendListener;
	/** The meal's sequence when it subscribed (deliveries start after it); null until known. */
	from: number | null;
	/** Appends read before `from` was known, sorted out once it is. */
	held: AppendedUpdate[];
}

interface Feed {
	/** Last sequence read for this meal; null until the first listener's start is known. */
	cursor: number | null;
	listeners: Set<Listener>;
}

export async function openRedisBoardLog({
	url,
	prefix,
	onListenerError,
	onError,
	observer = quietObserver,
	deadlineMs
}: RedisBoardLogOptions): Promise<RedisBoardLog> {
	const instanceId = randomUUID();
	const key = (k: RedisKey) => redisKey({ prefix, key: k });
	const commands = await connectRedis({ url, name: 'tablee-board-log', onError });
	// Blocking reads need a connection of their own.
	const reader = await connectRedis({ url, name: 'tablee-board-reader', onError });
	// Every command a phone waits for is bounded: refused at once while Redis is away.
	const guard = guardRedis(commands, { deadlineMs });
	const readerKey = key({ kind: 'reader', instanceId });
	const feeds = new Map<string, Feed>();
	const mealOfKey = new Map<string, string>();
	let closed = false;
	let wakeIdle: (() => void) | null = null;

	const send = <T>(operation: string, args: (string | Buffer)[]) => {
		observer.roundTrip('redis', operation);
		return guard.run(() => commands.sendCommand<T>(args, binary));
	};

	const wake = () => {
		if (wakeIdle) return wakeIdle();
		observer.roundTrip('redis', 'wake');
		commands
			.sendCommand(['XADD', readerKey, 'MAXLEN', '1', '*', 'w', '1'])
			.then(() => commands.sendCommand(['EXPIRE', readerKey, '86400']))
			.catch(onError);
	};

	const deliverTo = (listener: Listener, appended: AppendedUpdate) => {
		try {
			listener.call(appended);
		} catch (error) {
			onListenerError(error);
		}
	};

	const deliver = (feed: Feed, appended: AppendedUpdate) => {
		for (const listener of feed.listeners) {
			if (listener.from === null) listener.held.push(appended);
			else if (appended.seq > listener.from) deliverTo(listener, appended);
		}
	};

	const readLoop = async () => {
		let wakeCursor = '0-0';
		while (!closed) {
			const reading = [...feeds].filter(([, feed]) => feed.cursor !== null);
			if (reading.length === 0) {
				await new Promise<void>((resolve) => (wakeIdle = resolve));
				wakeIdle = null;
				continue;
			}
			const keys = reading.map(([mealId]) => {
				const k = key({ kind: 'updates', mealId });
				mealOfKey.set(k, mealId);
				return k;
			});
			const ids = reading.map(([, feed]) => `${feed.cursor}-0`);
			let reply: [Buffer, [Buffer, Buffer[]][]][] | null;
			try {
				observer.roundTrip('redis', 'read');
				reply = await reader.sendCommand(
					['XREAD', 'COUNT', String(READ_BATCH), 'BLOCK', '0', 'STREAMS', readerKey, ...keys, wakeCursor, ...ids],
					binary
				);
			} catch (error) {
				if (closed) return;
				onError(error);
				// The connection is coming back (commands wait for it); a persistent error must not spin.
				await new Promise((resolve) => setTimeout(resolve, 200));
				continue;
			}
			for (const [streamKey, entries] of reply ?? []) {
				const k = streamKey.toString();
				if (k === readerKey) {
					wakeCursor = entries.at(-1)![0].toString();
					continue;
				}
				const mealId = mealOfKey.get(k);
				const feed = mealId === undefined ? undefined : feeds.get(mealId);
				if (!feed || mealId === undefined) continue;
				for (const [id, fields] of entries) {
					const seq = Number.parseInt(id.toString(), 10);
					if (feed.cursor !== null && seq <= feed.cursor) continue;
					feed.cursor = seq;
					deliver(feed, { mealId, seq, update: new Uint8Array(fields[1]!) });
				}
			}
		}
	};
	const reading = readLoop();

	/** Learns the meal's sequence at subscription time: the listener hears what comes after it. */
	const start = (mealId: string, feed: Feed, listener: Listener) => {
		send<number | null>('subscribe', ['HGET', key({ kind: 'board', mealId }), 'seq']).then(
			(value) => {
				const from = Number(value?.toString() ?? 0);
				listener.from = from;
				for (const appended of listener.held.splice(0)) if (appended.seq > from) deliverTo(listener, appended);
				if (feed.cursor === null) {
					feed.cursor = from;
					wake();
				}
			},
			(error) => {
				onError(error);
				if (!closed && feed.listeners.has(listener)) setTimeout(() => start(mealId, feed, listener), 200);
			}
		);
	};

	const boardKeys = (mealId: string) => [key({ kind: 'board', mealId }), key({ kind: 'updates', mealId })];

	return {
		async load(mealId): Promise<StoredBoard> {
			observer.roundTrip('redis', 'load');
			const [seq, snapshotSeq, snapshot, ...updates] = await guard.run(() =>
				runScript<[number, number, Buffer | number, ...Buffer[]]>({
					client: commands,
					script: loadScript,
					keys: boardKeys(mealId),
					args: []
				})
			);
			return {
				snapshot: typeof snapshot === 'number' ? null : new Uint8Array(snapshot),
				snapshotSeq,
				updates: updates.map((u) => new Uint8Array(u)),
				seq
			};
		},
		async append(mealId, expectedSeq, update) {
			observer.roundTrip('redis', 'append');
			// Past the deadline the append may still apply: the caller reloads to learn the truth.
			const [ok, seq] = await guard.run(() =>
				runScript<[number, number]>({
					client: commands,
					script: appendScript,
					keys: boardKeys(mealId),
					args: [String(expectedSeq), Buffer.from(update.buffer, update.byteOffset, update.byteLength)]
				})
			);
			return ok === 1 ? { ok: true, seq } : { ok: false, reason: 'conflict', seq };
		},
		async compact(mealId, seq, snapshot) {
			observer.roundTrip('redis', 'compact');
			await guard.run(() =>
				runScript({
					client: commands,
					script: compactScript,
					keys: boardKeys(mealId),
					args: [String(seq), Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength)]
				})
			);
		},
		async drop(mealId) {
			observer.roundTrip('redis', 'drop');
			await guard.run(() => commands.sendCommand(['DEL', ...boardKeys(mealId)]));
		},
		subscribe(mealId, call) {
			let feed = feeds.get(mealId);
			if (!feed) feeds.set(mealId, (feed = { cursor: null, listeners: new Set() }));
			const listener: Listener = { call, from: null, held: [] };
			feed.listeners.add(listener);
			start(mealId, feed, listener);
			const own = feed;
			return () => {
				own.listeners.delete(listener);
				if (own.listeners.size === 0 && feeds.get(mealId) === own) feeds.delete(mealId);
			};
		},
		ping: () => guard.ping(),
		async close() {
			if (closed) return;
			closed = true;
			wakeIdle?.();
			// Bounded: a frozen Redis must not hold a stopping process (closeWithin).
			await guard.run(() => commands.sendCommand(['DEL', readerKey])).catch(onError);
			reader.destroy();
			await reading;
			await closeWithin(commands, deadlineMs);
		}
	};
}
