/**
 * Canteens, meals, members and screen links in PostgreSQL. The board log is not here
 * (Redis keeps it): deleting a meal drops its log afterwards, in the composition
 * (server/storage/scaled.ts).
 */
import type { MealRecord, MealRepository, MemberRecord } from '../meals.ts';
import type { Database } from './db.ts';

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

interface MemberRow {
	id: string;
	meal_id: string;
	token_hash: string;
	created_at: number;
	device_hash: string | null;
}

const toMember = (r: MemberRow): MemberRecord => ({
	id: r.id,
	mealId: r.meal_id,
	tokenHash: r.token_hash,
	createdAt: r.created_at,
	...(r.device_hash ? { deviceHash: r.device_hash } : {})
});

interface CanteenRow {
	id: string;
	name: string;
	created_at: number;
}

const toCanteen = (r: CanteenRow) => ({ id: r.id, name: r.name, createdAt: r.created_at });

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
				if ((await tx.query('select 1 from meals where join_code = $1', [meal.joinCode])).rowCount > 0) {
					return { ok: false as const, reason: 'join_code_taken' as const };
				}
				await tx.query(
					`insert into meals (id, canteen_id, join_code, master_key_hash, screen_key_hash, created_at)
					 values ($1, $2, $3, $4, $5, $6)`,
					[meal.id, meal.canteenId, meal.joinCode, meal.masterKeyHash, meal.screenKeyHash, meal.createdAt]
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
		async deleteMealIfUnjoined(mealId) {
			return db.transaction(async (tx) => {
				if ((await tx.query('select 1 from meals where id = $1', [mealId])).rowCount === 0) return false;
				if ((await tx.query('select 1 from members where meal_id = $1 limit 1', [mealId])).rowCount > 0) return false;
				await tx.query('delete from prompt_uses where meal_id = $1', [mealId]);
				await tx.query('delete from screen_links where meal_id = $1', [mealId]);
				await tx.query('delete from introductions where meal_id = $1', [mealId]);
				// A series date keeps its claim, marked cancelled, so top-ups never bring the meal back.
				await tx.query('update series_dates set meal_id = null, cancelled = true where meal_id = $1', [mealId]);
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
		}
	};
}
