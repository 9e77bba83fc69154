/**
 * Rotated join codes in PostgreSQL, part of the meals repository (../meals.ts); the first
 * code stays on `meals`. A rotation is one SERIALIZABLE transaction (db.ts): of two
 * instances rotating from the same code, one commits and the other reads `stale`.
 */
import type { JoinCodeEntry } from '../../../src/lib/domain/join-codes.ts';
import type { MealRepository, RotateResult } from '../meals.ts';
import { toEntry, type CodeRow, type MealCodeRow } from '../sqlite/join-codes.ts';
import type { Database, Queryable } from './db.ts';

async function one<Row>(db: Queryable, text: string, params: unknown[]): Promise<Row | undefined> {
	return (await db.query<Row>(text, params)).rows[0];
}

/** A meal's first code as an entry: retired when the first rotation replaced it. */
async function firstCode(db: Queryable, meal: MealCodeRow): Promise<JoinCodeEntry> {
	const rotated = await one<CodeRow>(
		db,
		'select * from join_codes where meal_id = $1 order by issued_at asc, code asc limit 1',
		[meal.id]
	);
	return {
		code: meal.join_code,
		mealId: meal.id,
		issuedAt: meal.created_at,
		...(rotated ? { retiredAt: rotated.issued_at } : {})
	};
}

async function current(db: Queryable, mealId: string): Promise<JoinCodeEntry | undefined> {
	const latest = await one<CodeRow>(
		db,
		'select * from join_codes where meal_id = $1 order by issued_at desc, code desc limit 1',
		[mealId]
	);
	if (latest) return toEntry(latest);
	const meal = await one<MealCodeRow>(db, 'select id, join_code, created_at from meals where id = $1', [mealId]);
	return meal ? firstCode(db, meal) : undefined;
}

export function postgresJoinCodes(
	db: Database
): Pick<MealRepository, 'currentJoinCode' | 'findJoinCode' | 'rotateJoinCode'> {
	return {
		async currentJoinCode(mealId) {
			return current(db, mealId);
		},
		async findJoinCode(code) {
			const rotated = await one<CodeRow>(db, 'select * from join_codes where code = $1', [code]);
			if (rotated) return toEntry(rotated);
			const meal = await one<MealCodeRow>(db, 'select id, join_code, created_at from meals where join_code = $1', [
				code
			]);
			return meal ? firstCode(db, meal) : undefined;
		},
		async rotateJoinCode({ mealId, expected, next, now }) {
			return db.transaction(async (tx): Promise<RotateResult> => {
				if ((await current(tx, mealId))?.code !== expected) return { ok: false, reason: 'stale' };
				const taken =
					(await tx.query('select 1 from join_codes where code = $1', [next])).rowCount > 0 ||
					(await tx.query('select 1 from meals where join_code = $1', [next])).rowCount > 0;
				if (taken) return { ok: false, reason: 'join_code_taken' };
				await tx.query('update join_codes set retired_at = $1 where code = $2 and retired_at is null', [now, expected]);
				await tx.query('insert into join_codes (code, meal_id, issued_at) values ($1, $2, $3)', [next, mealId, now]);
				return { ok: true };
			});
		}
	};
}
