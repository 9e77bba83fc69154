/**
 * When a shared engine (Redis, PostgreSQL) is away: one error type for "could not reach
 * it in time", which the transports answer as `saving_paused`, and the bounded wait that
 * produces it. A refusal is prompt (a dead or frozen engine costs a phone at most
 * `deadlineMs`), and it never claims more than it knows: a command already written to the
 * engine may still apply after the deadline. The board log copes with that (its append is
 * compare-and-append and the session reloads to learn the truth); the repositories'
 * writes are single statements or transactions, so they either happened or did not.
 */

/** The parts of a storage that /readyz names when one is down. */
export type StoragePart = 'sqlite' | 'redis' | 'postgres';

/** One part and whether it answered a ping just now (Storage.ping). */
export type PartHealth = { part: StoragePart; ok: true } | { part: StoragePart; ok: false; cause: string };

export const STORAGE_UNAVAILABLE = 'STORAGE_UNAVAILABLE';

export class StorageUnavailableError extends Error {
	readonly code = STORAGE_UNAVAILABLE;
	constructor(
		readonly part: StoragePart,
		readonly cause: string
	) {
		super(`${part} is unavailable: ${cause}`);
		this.name = 'StorageUnavailableError';
	}
}

export function isStorageUnavailable(error: unknown): error is StorageUnavailableError {
	return (error as { code?: unknown } | null)?.code === STORAGE_UNAVAILABLE;
}

/** Waits for `work` at most `ms`; then rejects with StorageUnavailableError (the work may still finish). */
export function withDeadline<T>(work: Promise<T>, { part, ms }: { part: StoragePart; ms: number }): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new StorageUnavailableError(part, `no answer within ${ms} ms`)), ms);
		timer.unref?.();
	});
	// The work's own failure after the deadline is nobody's business any more.
	work.catch(() => undefined);
	return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** How long a write or a read waits for Redis or PostgreSQL before the phone is told `saving_paused`. */
export const STORAGE_DEADLINE_MS = 2_000;
/** How long /readyz waits for a ping. */
export const PING_DEADLINE_MS = 1_000;

/** A short cause for logs and /readyz, from whatever a client library threw. */
export function causeOf(error: unknown): string {
	if (isStorageUnavailable(error)) return error.cause;
	const code = (error as { code?: unknown } | null)?.code;
	if (typeof code === 'string' && code.length > 0) return code;
	return error instanceof Error ? error.message.slice(0, 120) : String(error).slice(0, 120);
}
