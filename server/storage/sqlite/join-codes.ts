/** Rotated join codes in SQLite, part of the meals repository (../meals.ts); the first code stays on `meals`. */
import type Database from 'better-sqlite3';
import type { JoinCodeEntry } from '../../../src/lib/domain/join-codes.ts';
import type { MealRepository, RotateResult } from '../meals.ts';

/** The `join_codes` row as both engines return it (postgres/join-codes.ts reuses these). */
export interface CodeRow {
	code: string;
	meal_id: string;
	issued_at: number;
	retired_at: number | null;
}

export interface MealCodeRow {
	id: string;
	join_code: string;
	created_at: number;
}

export const toEntry = (r: CodeRow): JoinCodeEntry => ({
	code: r.code,
	mealId: r.meal_id,
	issuedAt: r.issued_at,
	...(r.retired_at === null ? {} : { retiredAt: r.retired_at })
});

export function sqliteJoinCodes(
	db: Database.Database
): Pick<MealRepository, 'currentJoinCode' | 'findJoinCode' | 'rotateJoinCode'> {
	const q = {
		latest: db.prepare<[string], CodeRow>(
			'select * from join_codes where meal_id = ? order by issued_at desc, code desc limit 1'
		),
		first: db.prepare<[string], CodeRow>(
			'select * from join_codes where meal_id = ? order by issued_at asc, code asc limit 1'
		),
		byCode: db.prepare<[string], CodeRow>('select * from join_codes where code = ?'),
		meal: db.prepare<[string], MealCodeRow>('select id, join_code, created_at from meals where id = ?'),
		mealByCode: db.prepare<[string], MealCodeRow>('select id, join_code, created_at from meals where join_code = ?'),
		retire: db.prepare('update join_codes set retired_at = ? where code = ? and retired_at is null'),
		insert: db.prepare('insert into join_codes (code, meal_id, issued_at) values (?, ?, ?)')
	};

	/** A meal's first code as an entry: retired when the first rotation replaced it. */
	function firstCode(meal: MealCodeRow): JoinCodeEntry {
		const rotated = q.first.get(meal.id);
		return {
			code: meal.join_code,
			mealId: meal.id,
			issuedAt: meal.created_at,
			...(rotated ? { retiredAt: rotated.issued_at } : {})
		};
	}

	function current(mealId: string): JoinCodeEntry | undefined {
		const latest = q.latest.get(mealId);
		if (latest) return toEntry(latest);
		const meal = q.meal.get(mealId);
		return meal ? firstCode(meal) : undefined;
	}

	const rotate = db.transaction((mealId: string, expected: string, next: string, now: number): RotateResult => {
		if (current(mealId)?.code !== expected) return { ok: false, reason: 'stale' };
		if (q.byCode.get(next) || q.mealByCode.get(next)) return { ok: false, reason: 'join_code_taken' };
		q.retire.run(now, expected);
		q.insert.run(next, mealId, now);
		return { ok: true };
	});

	return {
		async currentJoinCode(mealId) {
			return current(mealId);
		},
		async findJoinCode(code) {
			const rotated = q.byCode.get(code);
			if (rotated) return toEntry(rotated);
			const meal = q.mealByCode.get(code);
			return meal ? firstCode(meal) : undefined;
		},
		async rotateJoinCode({ mealId, expected, next, now }) {
			return rotate(mealId, expected, next, now);
		}
	};
}
