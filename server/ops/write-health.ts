/**
 * Whether the database takes writes right now, for /readyz and for the answer a phone
 * gets when its change could not be stored. A failed write anywhere marks saving as
 * paused; a probe (one real write) clears it once the disk has room again, the file is
 * writable again, or the lock is gone. Reads keep working meanwhile, so liveness
 * (/healthz) stays up: restarting the process would not free a full disk.
 */
import { isStorageUnavailable } from '../storage/availability.ts';

export interface WriteHealth {
	/** Called by any write path whose store call threw; true when it was a storage failure. */
	failed(error: unknown): boolean;
	/** Probes (at most once per `probeEveryMs`) and answers the current state. */
	check(): Readiness;
}

export type Readiness = { ok: true } | { ok: false; since: string; cause: string };

/** SQLite result codes that mean "the disk or file refused", not a bug in a query. */
const STORAGE_CODES = /^SQLITE_(FULL|IOERR|READONLY|CORRUPT|CANTOPEN|BUSY|LOCKED|NOTADB|PERM)/;

export function isStorageFailure(error: unknown): boolean {
	if (isStorageUnavailable(error)) return true;
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' && STORAGE_CODES.test(code);
}

export function createWriteHealth({
	probe,
	now = Date.now,
	probeEveryMs = 1000
}: {
	/** One real write; throws when writes fail. Absent: only failures reported by writers count. */
	probe?: (now: number) => void;
	now?: () => number;
	probeEveryMs?: number;
}): WriteHealth {
	let failure: { since: number; cause: string } | undefined;
	let probedAt = -Infinity;

	const markFailed = (error: unknown) => {
		const cause = (error as { code?: string }).code ?? String(error);
		failure ??= { since: now(), cause };
		failure.cause = cause;
	};

	return {
		failed(error) {
			if (!isStorageFailure(error)) return false;
			// Redis or PostgreSQL away: /readyz asks them itself (Storage.ping), nothing to remember.
			if (isStorageUnavailable(error)) return true;
			markFailed(error);
			// The next check probes at once rather than trusting an old success.
			probedAt = -Infinity;
			return true;
		},
		check() {
			const at = now();
			if (probe && at - probedAt >= probeEveryMs) {
				probedAt = at;
				try {
					probe(at);
					failure = undefined;
				} catch (error) {
					markFailed(error);
				}
			}
			return failure ? { ok: false, since: new Date(failure.since).toISOString(), cause: failure.cause } : { ok: true };
		}
	};
}
