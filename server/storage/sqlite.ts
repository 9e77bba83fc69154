/**
 * The embedded store: one SQLite file in DATA_DIR through better-sqlite3, in WAL mode.
 * better-sqlite3 is synchronous, so an append is on disk (in the WAL) before the promise
 * resolves; synchronous=NORMAL keeps committed transactions across a process crash
 * (SIGKILL), which is the durability an ack promises. Power loss may drop the last
 * transactions; set TABLEE_SQLITE_SYNC=full to fsync every commit.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppendResult, BoardLog, CanteenRecord, MealRecord, MemberRecord, Store } from './store.ts';

const MIGRATIONS: string[] = [
	`create table canteens (
		id text primary key,
		name text not null,
		created_at integer not null
	);
	create table meals (
		id text primary key,
		canteen_id text not null references canteens(id),
		join_code text not null unique,
		master_key_hash text not null,
		screen_key_hash text not null,
		created_at integer not null
	);
	create index meals_by_canteen on meals(canteen_id);
	create table members (
		id text primary key,
		meal_id text not null references meals(id),
		token_hash text not null unique,
		created_at integer not null
	);
	create table board_snapshots (
		meal_id text primary key,
		seq integer not null,
		data blob not null
	);
	create table board_updates (
		meal_id text not null,
		seq integer not null,
		data blob not null,
		primary key (meal_id, seq)
	) without rowid;`
];

interface MealRow {
	id: string;
	canteen_id: string;
	join_code: string;
	master_key_hash: string;
	screen_key_hash: string;
	created_at: number;
}

const toMeal = (r: MealRow): MealRecord => ({
	id: r.id,
	canteenId: r.canteen_id,
	joinCode: r.join_code,
	masterKeyHash: r.master_key_hash,
	screenKeyHash: r.screen_key_hash,
	createdAt: r.created_at
});

export interface SqliteStoreOptions {
	/** Directory for tablee.db; `:memory:` for a throwaway store. */
	dataDir: string;
	synchronous?: 'normal' | 'full';
}

export function openSqliteStore({ dataDir, synchronous = 'normal' }: SqliteStoreOptions): Store {
	let file = ':memory:';
	if (dataDir !== ':memory:') {
		mkdirSync(dataDir, { recursive: true });
		file = join(dataDir, 'tablee.db');
	}
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	migrate(db);

	const q = {
		insertCanteen: db.prepare('insert into canteens (id, name, created_at) values (?, ?, ?)'),
		getCanteen: db.prepare<[string], { id: string; name: string; created_at: number }>(
			'select * from canteens where id = ?'
		),
		listCanteens: db.prepare<[], { id: string; name: string; created_at: number }>(
			'select * from canteens order by created_at, id'
		),
		insertMeal: db.prepare(
			`insert into meals (id, canteen_id, join_code, master_key_hash, screen_key_hash, created_at)
			 values (@id, @canteenId, @joinCode, @masterKeyHash, @screenKeyHash, @createdAt)`
		),
		getMeal: db.prepare<[string], MealRow>('select * from meals where id = ?'),
		getMealByCode: db.prepare<[string], MealRow>('select * from meals where join_code = ?'),
		listMeals: db.prepare<[string], MealRow>('select * from meals where canteen_id = ? order by created_at, id'),
		insertMember: db.prepare('insert into members (id, meal_id, token_hash, created_at) values (?, ?, ?, ?)'),
		getMemberByToken: db.prepare<[string], { id: string; meal_id: string; token_hash: string; created_at: number }>(
			'select * from members where token_hash = ?'
		),
		snapshot: db.prepare<[string], { seq: number; data: Buffer }>(
			'select seq, data from board_snapshots where meal_id = ?'
		),
		updatesAfter: db.prepare<[string, number], { seq: number; data: Buffer }>(
			'select seq, data from board_updates where meal_id = ? and seq > ? order by seq'
		),
		lastSeq: db.prepare<[string], { seq: number | null }>(
			'select max(seq) as seq from board_updates where meal_id = ?'
		),
		insertUpdate: db.prepare('insert into board_updates (meal_id, seq, data) values (?, ?, ?)'),
		upsertSnapshot: db.prepare(
			`insert into board_snapshots (meal_id, seq, data) values (?, ?, ?)
			 on conflict (meal_id) do update set seq = excluded.seq, data = excluded.data`
		),
		deleteUpdatesUpTo: db.prepare('delete from board_updates where meal_id = ? and seq <= ?')
	};

	const currentSeq = (mealId: string): number => {
		const last = q.lastSeq.get(mealId)?.seq;
		if (last != null) return last;
		return q.snapshot.get(mealId)?.seq ?? 0;
	};

	const append = db.transaction((mealId: string, expectedSeq: number, update: Uint8Array): AppendResult => {
		const seq = currentSeq(mealId);
		if (seq !== expectedSeq) return { ok: false, reason: 'conflict', seq };
		q.insertUpdate.run(mealId, seq + 1, update);
		return { ok: true, seq: seq + 1 };
	});

	const compact = db.transaction((mealId: string, seq: number, snapshot: Uint8Array) => {
		const existing = q.snapshot.get(mealId);
		if (existing && existing.seq >= seq) return;
		if (seq > currentSeq(mealId)) throw new Error(`cannot compact ${mealId} beyond its log`);
		q.upsertSnapshot.run(mealId, seq, snapshot);
		q.deleteUpdatesUpTo.run(mealId, seq);
	});

	const createMeal = db.transaction((meal: MealRecord) => {
		if (q.getMeal.get(meal.id)) return { ok: false as const, reason: 'exists' as const };
		if (q.getMealByCode.get(meal.joinCode)) return { ok: false as const, reason: 'join_code_taken' as const };
		q.insertMeal.run(meal);
		return { ok: true as const };
	});

	return {
		kind: 'sqlite',
		async createCanteen(c: CanteenRecord) {
			q.insertCanteen.run(c.id, c.name, c.createdAt);
		},
		async getCanteen(id) {
			const r = q.getCanteen.get(id);
			return r && { id: r.id, name: r.name, createdAt: r.created_at };
		},
		async listCanteens() {
			return q.listCanteens.all().map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
		},
		async createMeal(meal) {
			return createMeal(meal);
		},
		async getMeal(id) {
			const r = q.getMeal.get(id);
			return r && toMeal(r);
		},
		async getMealByJoinCode(code) {
			const r = q.getMealByCode.get(code);
			return r && toMeal(r);
		},
		async listMeals(canteenId) {
			return q.listMeals.all(canteenId).map(toMeal);
		},
		async createMember(m: MemberRecord) {
			q.insertMember.run(m.id, m.mealId, m.tokenHash, m.createdAt);
		},
		async getMemberByTokenHash(hash) {
			const r = q.getMemberByToken.get(hash);
			return r && { id: r.id, mealId: r.meal_id, tokenHash: r.token_hash, createdAt: r.created_at };
		},
		async loadBoard(mealId): Promise<BoardLog> {
			// One read transaction so a concurrent compaction cannot split the picture.
			return db.transaction(() => {
				const snap = q.snapshot.get(mealId);
				const snapshotSeq = snap?.seq ?? 0;
				const rows = q.updatesAfter.all(mealId, snapshotSeq);
				return {
					snapshot: snap ? new Uint8Array(snap.data) : null,
					snapshotSeq,
					updates: rows.map((r) => new Uint8Array(r.data)),
					seq: rows.at(-1)?.seq ?? snapshotSeq
				};
			})();
		},
		async appendUpdate(mealId, expectedSeq, update) {
			return append(mealId, expectedSeq, update);
		},
		async compactBoard(mealId, seq, snapshot) {
			compact(mealId, seq, snapshot);
		},
		async close() {
			if (db.open) db.close();
		}
	};
}

function migrate(db: Database.Database) {
	const version = db.pragma('user_version', { simple: true }) as number;
	for (let i = version; i < MIGRATIONS.length; i++) {
		db.transaction(() => {
			db.exec(MIGRATIONS[i]!);
			db.pragma(`user_version = ${i + 1}`);
		})();
	}
}
