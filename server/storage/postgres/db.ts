/**
 * The PostgreSQL connection pool and the two ways the repositories use it: one statement
 * (`query`), or several as one transaction (`transaction`). Transactions run SERIALIZABLE
 * and are retried on a serialization failure, so a check-then-write (a join code still
 * free, the first administrator, a series date unclaimed) decides as SQLite's single
 * writer does, whichever instance asks.
 */
import pg from 'pg';
import {
	causeOf,
	PING_DEADLINE_MS,
	STORAGE_DEADLINE_MS,
	StorageUnavailableError,
	withDeadline,
	type PartHealth
} from '../availability.ts';
import { quietObserver, type StorageObserver } from '../observer.ts';

/** bigint (int8) columns hold millisecond times and counts, well inside Number's range. */
const INT8 = 20;
const types = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === INT8
			? (value: string) => Number(value)
			: pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
};

export type Params = unknown[];

export interface Queryable {
	query<Row>(text: string, params?: Params): Promise<{ rows: Row[]; rowCount: number }>;
}

export interface Database extends Queryable {
	/**
	 * `read committed` is for work serialized otherwise (an advisory lock): a serializable
	 * snapshot would be taken before the lock is granted.
	 */
	transaction<T>(work: (tx: Queryable) => Promise<T>, isolation?: 'serializable' | 'read committed'): Promise<T>;
	close(): Promise<void>;
	/** `select 1` within PING_DEADLINE_MS, for /readyz. */
	ping(): Promise<PartHealth>;
}

/**
 * The server is away, not the statement wrong: no connection (refused, reset, timed out),
 * or SQLSTATE class 08 (connection exception) / 57P0x (shutting down, starting up).
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
function isConnectionFailure(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('08') || /^57P0[1-4]$/.test(code)))
		return true;
	// pg says these without a code.
	const message = error instanceof Error ? error.message : '';
	return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection ended/i.test(
		message
	);
}

/** A connection failure as StorageUnavailableError (the phone hears saving_paused); anything else unchanged. */
function unavailable(error: unknown): unknown {
	return isConnectionFailure(error) ? new StorageUnavailableError('postgres', causeOf(error)) : error;
}

const SERIALIZATION_FAILURE = '40001';
const DEADLOCK = '40P01';
const ATTEMPTS = 10;

export function openDatabase({
	url,
	schema,
	onError,
	observer = quietObserver,
	deadlineMs = STORAGE_DEADLINE_MS
}: {
	url: string;
	/** Tables live in this schema (tests give each run its own); `public` by default. */
	schema?: string;
	/** An idle connection's error: logged, the pool replaces the connection. */
	onError: (error: unknown) => void;
	observer?: StorageObserver;
	/** How long a connection attempt may take (a query: twice that) before the server counts as away. */
	deadlineMs?: number;
}): Database {
	const pool = new pg.Pool({
		connectionString: url,
		types,
		max: 10,
		// A server that is away is noticed within the deadline, not after the OS's TCP timeouts.
		connectionTimeoutMillis: deadlineMs,
		query_timeout: deadlineMs * 2,
		...(schema ? { options: `-c search_path=${schema}` } : {})
	});
	pool.on('error', onError);
	const on = (client: pg.Pool | pg.PoolClient): Queryable => ({
		async query<Row>(text: string, params: Params = []) {
			observer.roundTrip('postgres', 'query');
			try {
				const result = await client.query(text, params);
				return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
			} catch (error) {
				throw unavailable(error);
			}
		}
	});
	return {
		...on(pool),
		async transaction(work, isolation = 'serializable') {
			for (let attempt = 1; ; attempt++) {
				const client = await pool.connect().catch((error: unknown) => {
					throw unavailable(error);
				});
				try {
					await client.query(`begin isolation level ${isolation}`);
					const result = await work(on(client));
					await client.query('commit');
					return result;
				} catch (error) {
					await client.query('rollback').catch(() => {});
					const code = (error as { code?: string }).code;
					if (attempt >= ATTEMPTS || (code !== SERIALIZATION_FAILURE && code !== DEADLOCK)) throw unavailable(error);
				} finally {
					client.release();
				}
			}
		},
		async ping() {
			try {
				await withDeadline(pool.query('select 1'), { part: 'postgres', ms: PING_DEADLINE_MS });
				return { part: 'postgres', ok: true };
			} catch (error) {
				return { part: 'postgres', ok: false, cause: causeOf(unavailable(error)) };
			}
		},
		async close() {
			if (pool.ended) return;
			await pool.end();
		}
	};
}
