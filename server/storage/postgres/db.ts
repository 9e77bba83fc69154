/**
 * The PostgreSQL connection pool and the two ways the repositories use it: one statement
 * (`query`), or several as one transaction (`transaction`). Transactions run SERIALIZABLE
 * and are retried on a serialization failure, so a check-then-write (a join code still
 * free, the first administrator, a series date unclaimed) decides as SQLite's single
 * writer does, whichever instance asks.
 */
import pg from 'pg';
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
}

const SERIALIZATION_FAILURE = '40001';
const DEADLOCK = '40P01';
const ATTEMPTS = 10;

export function openDatabase({
	url,
	schema,
	onError,
	observer = quietObserver
}: {
	url: string;
	/** Tables live in this schema (tests give each run its own); `public` by default. */
	schema?: string;
	/** An idle connection's error: logged, the pool replaces the connection. */
	onError: (error: unknown) => void;
	observer?: StorageObserver;
}): Database {
	const pool = new pg.Pool({
		connectionString: url,
		types,
		max: 10,
		...(schema ? { options: `-c search_path=${schema}` } : {})
	});
	pool.on('error', onError);
	const on = (client: pg.Pool | pg.PoolClient): Queryable => ({
		async query<Row>(text: string, params: Params = []) {
			observer.roundTrip('postgres', 'query');
			const result = await client.query(text, params);
			return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
		}
	});
	return {
		...on(pool),
		async transaction(work, isolation = 'serializable') {
			for (let attempt = 1; ; attempt++) {
				const client = await pool.connect();
				try {
					await client.query(`begin isolation level ${isolation}`);
					const result = await work(on(client));
					await client.query('commit');
					return result;
				} catch (error) {
					await client.query('rollback').catch(() => {});
					const code = (error as { code?: string }).code;
					if (attempt >= ATTEMPTS || (code !== SERIALIZATION_FAILURE && code !== DEADLOCK)) throw error;
				} finally {
					client.release();
				}
			}
		},
		async close() {
			if (pool.ended) return;
			await pool.end();
		}
	};
}
