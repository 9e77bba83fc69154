/**
 * Canteens, meals, members and screen links in PostgreSQL. The board log is not here
 * (Redis keeps it): deleting a meal drops its log afterwards, in the composition
 * (server/storage/scaled.ts).
 */
import type { MealSummary } from '../../../src/lib/domain/plan-board.ts';
import type { MealRepository } from '../meals.ts';
// The columns are SQLite's, so rows read the same way.
import { toCanteen, toMeal, toMember } from '../sqlite/meals.ts';
import type { Database } from './db.ts';
import { postgresJoinCodes } from './join-codes.ts';

type MealRow = Parameters<typeof toMeal>[0];
type MemberRow = Parameters<typeof toMember>[0];
type CanteenRow = Parameters<typeof toCanteen>[0];

const summaryValues = (s: MealSummary) => [
	s.title,
	s.date,
	s.time,
	s.status,
	s.plan ? JSON.stringify(s.plan) : null,
	s.joined,
	s.checkedIn,
	// English title: last, after the original columns (migration appended).
	s.titleEn ?? null
];

export function postgresMeals(db: Database): MealRepository {
	const rows = async <Row>(text: string, params: unknown[] = []) => (await db.query<Row>(text, params)).rows;
	return {
		async createCanteen(c) {
			await db.query('insert into canteens (id, name, created_at) values ($1, $2, $3)', [c.id, c.name, c.createdAt]);
		},
		async getCanteen(id) {
			const [r] = await rows<CanteenRow>('select * from canteens where id = $1', [id]);
			return r && toCanteen(r);
		},
		async listCanteens() {
			return (await rows<CanteenRow>('select * from canteens order by created_at, id')).map(toCanteen);
		},
		async createMeal(meal) {
			return db.transaction(async (tx) => {
				if ((await tx.query('select 1 from meals where id = $1', [meal.id])).rowCount > 0) {
					return { ok: false as const, reason: 'exists' as const };
				}
				const codeTaken =
					(await tx.query('select 1 from meals where join_code = $1', [meal.joinCode])).rowCount > 0 ||
					(await tx.query('select 1 from join_codes where code = $1', [meal.joinCode])).rowCount > 0;
				if (codeTaken) {
					return { ok: false as const, reason: 'join_code_taken' as const };
				}
				await tx.query(
					`insert into meals (id, canteen_id, join_code, master_key_hash, screen_key_hash, created_at,
					 title, date, time, status, plan, joined, checked_in, title_en)
					 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
					[
						meal.id,
						meal.canteenId,
						meal.joinCode,
						meal.masterKeyHash,
						meal.screenKeyHash,
						meal.createdAt,
						...summaryValues(meal)
					]
				);
				return { ok: true as const };
			});
		},
		async getMeal(id) {
			const [r] = await rows<MealRow>('select * from meals where id = $1', [id]);
			return r && toMeal(r);
		},
		async getMealByJoinCode(code) {
			const [r] = await rows<MealRow>('select * from meals where join_code = $1', [code]);
			return r && toMeal(r);
		},
		async listMeals(canteenId) {
			return (
				await rows<MealRow>('select * from meals where canteen_id = $1 order by created_at, id', [canteenId])
			).map(toMeal);
		},
		async updateSummary(mealId, summary) {
			await db.query(
				`update meals set title = $2, date = $3, time = $4, status = $5, plan = $6, joined = $7, checked_in = $8,
				 title_en = $9 where id = $1`,
				[mealId, ...summaryValues(summary)]
			);
		},
		async deleteMealIfUnjoined(mealId) {
			return db.transaction(async (tx) => {
				if ((await tx.query('select 1 from meals where id = $1', [mealId])).rowCount === 0) return false;
				if ((await tx.query('select 1 from members where meal_id = $1 limit 1', [mealId])).rowCount > 0) return false;
				await tx.query('delete from prompt_uses where meal_id = $1', [mealId]);
				await tx.query('delete from screen_links where meal_id = $1', [mealId]);
				await tx.query('delete from join_codes where meal_id = $1', [mealId]);
				await tx.query('delete from introductions where meal_id = $1', [mealId]);
				// A series date keeps its claim, marked cancelled, so top-ups never bring the meal back.
				await tx.query('update series_dates set meal_id = null, cancelled = 1 where meal_id = $1', [mealId]);
				await tx.query('delete from meals where id = $1', [mealId]);
				return true;
			});
		},
		async createMember(m) {
			await db.query(
				'insert into members (id, meal_id, token_hash, created_at, device_hash) values ($1, $2, $3, $4, $5)',
				[m.id, m.mealId, m.tokenHash, m.createdAt, m.deviceHash ?? null]
			);
		},
		async getMemberByTokenHash(hash) {
			const [r] = await rows<MemberRow>('select * from members where token_hash = $1', [hash]);
			return r && toMember(r);
		},
		async getMember(id) {
			const [r] = await rows<MemberRow>('select * from members where id = $1', [id]);
			return r && toMember(r);
		},
		async listMealMembers(mealId) {
			return (await rows<MemberRow>('select * from members where meal_id = $1 order by created_at, id', [mealId])).map(
				toMember
			);
		},
		async createScreenLink(link) {
			await db.query('insert into screen_links (key_hash, meal_id, created_at) values ($1, $2, $3)', [
				link.keyHash,
				link.mealId,
				link.createdAt
			]);
		},
		async hasScreenLink(mealId, keyHash) {
			return (
				(await db.query('select 1 from screen_links where meal_id = $1 and key_hash = $2', [mealId, keyHash]))
					.rowCount > 0
			);
		},
		async countScreenLinks(mealId) {
			return (await rows<{ n: number }>('select count(*) as n from screen_links where meal_id = $1', [mealId]))[0]!.n;
		},
		async revokeScreenLinks(mealId) {
			return (await db.query('delete from screen_links where meal_id = $1', [mealId])).rowCount;
		},
		async getScreenKey(mealId) {
			return (await rows<{ key: string }>('select key from screen_keys where meal_id = $1', [mealId]))[0]?.key;
		},
		async setScreenKey(mealId, { key, keyHash, at }) {
			return db.transaction(async (tx) => {
				const updated = await tx.query('update meals set screen_key_hash = $1 where id = $2', [keyHash, mealId]);
				if (updated.rowCount === 0) return false;
				await tx.query(
					`insert into screen_keys (meal_id, key, issued_at) values ($1, $2, $3)
					 on conflict (meal_id) do update set key = excluded.key, issued_at = excluded.issued_at`,
					[mealId, key, at]
				);
				await tx.query('delete from screen_links where meal_id = $1', [mealId]);
				return true;
			});
		},
		...postgresJoinCodes(db)
	};
}
