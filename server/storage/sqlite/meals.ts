/** Canteens, meals, members and screen links in SQLite. */
import type Database from 'better-sqlite3';
import type { MealSummary } from '../../../src/lib/domain/plan-board.ts';
import type { MealStatus } from '../../../src/lib/domain/types.ts';
import type { MealRecord, MealRepository, MemberRecord } from '../meals.ts';
import { sqliteJoinCodes } from './join-codes.ts';

interface MealRow {
	id: string;
	canteen_id: string;
	join_code: string;
	master_key_hash: string;
	screen_key_hash: string;
	created_at: number;
	title: string;
	date: string;
	time: string;
	status: MealStatus;
	plan: string | null;
	joined: number;
	checked_in: number;
	title_en: string | null;
}

export const toMeal = (r: MealRow): MealRecord => ({
	id: r.id,
	canteenId: r.canteen_id,
	joinCode: r.join_code,
	masterKeyHash: r.master_key_hash,
	screenKeyHash: r.screen_key_hash,
	createdAt: r.created_at,
	title: r.title,
	...(r.title_en ? { titleEn: r.title_en } : {}),
	date: r.date,
	time: r.time,
	status: r.status,
	...(r.plan ? { plan: JSON.parse(r.plan) as MealRecord['plan'] } : {}),
	joined: r.joined,
	checkedIn: r.checked_in
});

/** The summary as named parameters of the statements below. */
export const summaryParams = (s: MealSummary) => ({
	title: s.title,
	date: s.date,
	time: s.time,
	status: s.status,
	plan: s.plan ? JSON.stringify(s.plan) : null,
	joined: s.joined,
	checkedIn: s.checkedIn,
	titleEn: s.titleEn ?? null
});

interface MemberRow {
	id: string;
	meal_id: string;
	token_hash: string;
	created_at: number;
	device_hash: string | null;
}

export const toMember = (r: MemberRow): MemberRecord => ({
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

export const toCanteen = (r: CanteenRow) => ({ id: r.id, name: r.name, createdAt: r.created_at });

export function sqliteMeals(db: Database.Database): MealRepository {
	const q = {
		insertCanteen: db.prepare('insert into canteens (id, name, created_at) values (?, ?, ?)'),
		getCanteen: db.prepare<[string], CanteenRow>('select * from canteens where id = ?'),
		listCanteens: db.prepare<[], CanteenRow>('select * from canteens order by created_at, id'),
		insertMeal: db.prepare(
			`insert into meals (id, canteen_id, join_code, master_key_hash, screen_key_hash, created_at,
			 title, date, time, status, plan, joined, checked_in, title_en)
			 values (@id, @canteenId, @joinCode, @masterKeyHash, @screenKeyHash, @createdAt,
			 @title, @date, @time, @status, @plan, @joined, @checkedIn, @titleEn)`
		),
		updateSummary: db.prepare(
			`update meals set title = @title, date = @date, time = @time, status = @status, plan = @plan,
			 joined = @joined, checked_in = @checkedIn, title_en = @titleEn where id = @id`
		),
		getMeal: db.prepare<[string], MealRow>('select * from meals where id = ?'),
		getMealByCode: db.prepare<[string], MealRow>('select * from meals where join_code = ?'),
		listMeals: db.prepare<[string], MealRow>('select * from meals where canteen_id = ? order by created_at, id'),
		insertMember: db.prepare(
			'insert into members (id, meal_id, token_hash, created_at, device_hash) values (?, ?, ?, ?, ?)'
		),
		getMemberById: db.prepare<[string], MemberRow>('select * from members where id = ?'),
		getMemberByToken: db.prepare<[string], MemberRow>('select * from members where token_hash = ?'),
		listMealMembers: db.prepare<[string], MemberRow>('select * from members where meal_id = ? order by created_at, id'),
		insertScreenLink: db.prepare('insert into screen_links (key_hash, meal_id, created_at) values (?, ?, ?)'),
		findScreenLink: db.prepare<[string, string], { key_hash: string }>(
			'select key_hash from screen_links where meal_id = ? and key_hash = ?'
		),
		countScreenLinks: db.prepare<[string], { n: number }>('select count(*) as n from screen_links where meal_id = ?'),
		deleteScreenLinks: db.prepare('delete from screen_links where meal_id = ?'),
		getScreenKey: db.prepare<[string], { key: string }>('select key from screen_keys where meal_id = ?'),
		setScreenKeyHash: db.prepare('update meals set screen_key_hash = ? where id = ?'),
		upsertScreenKey: db.prepare(
			`insert into screen_keys (meal_id, key, issued_at) values (?, ?, ?)
			 on conflict (meal_id) do update set key = excluded.key, issued_at = excluded.issued_at`
		),
		// Cancelling a meal nobody joined: everything that names it, in one transaction.
		anyMember: db.prepare<[string], { id: string }>('select id from members where meal_id = ? limit 1'),
		deleteBoardUpdates: db.prepare('delete from board_updates where meal_id = ?'),
		deleteBoardSnapshot: db.prepare('delete from board_snapshots where meal_id = ?'),
		deleteMealPromptUses: db.prepare('delete from prompt_uses where meal_id = ?'),
		deleteMealIntroductions: db.prepare('delete from introductions where meal_id = ?'),
		cancelSeriesMeal: db.prepare('update series_dates set meal_id = null, cancelled = 1 where meal_id = ?'),
		deleteMeal: db.prepare('delete from meals where id = ?'),
		rotatedCodeTaken: db.prepare<[string], { code: string }>('select code from join_codes where code = ?'),
		deleteMealJoinCodes: db.prepare('delete from join_codes where meal_id = ?')
	};

	const createMeal = db.transaction((meal: MealRecord) => {
		if (q.getMeal.get(meal.id)) return { ok: false as const, reason: 'exists' as const };
		if (q.getMealByCode.get(meal.joinCode) || q.rotatedCodeTaken.get(meal.joinCode))
			return { ok: false as const, reason: 'join_code_taken' as const };
		q.insertMeal.run({
			id: meal.id,
			canteenId: meal.canteenId,
			joinCode: meal.joinCode,
			masterKeyHash: meal.masterKeyHash,
			screenKeyHash: meal.screenKeyHash,
			createdAt: meal.createdAt,
			...summaryParams(meal)
		});
		return { ok: true as const };
	});

	const setScreenKey = db.transaction((mealId: string, input: { key: string; keyHash: string; at: number }) => {
		if (q.setScreenKeyHash.run(input.keyHash, mealId).changes === 0) return false;
		q.upsertScreenKey.run(mealId, input.key, input.at);
		q.deleteScreenLinks.run(mealId);
		return true;
	});

	// The board log's tables are in this same database, so the meal and its board go
	// together; a log kept elsewhere (issue #8) is dropped by its owner after this.
	const deleteMealIfUnjoined = db.transaction((mealId: string): boolean => {
		if (!q.getMeal.get(mealId) || q.anyMember.get(mealId)) return false;
		q.deleteBoardUpdates.run(mealId);
		q.deleteBoardSnapshot.run(mealId);
		q.deleteMealPromptUses.run(mealId);
		q.deleteScreenLinks.run(mealId);
		q.deleteMealJoinCodes.run(mealId);
		q.deleteMealIntroductions.run(mealId);
		// A series date keeps its claim, marked cancelled, so top-ups never bring the meal back.
		q.cancelSeriesMeal.run(mealId);
		q.deleteMeal.run(mealId);
		return true;
	});

	return {
		async createCanteen(c) {
			q.insertCanteen.run(c.id, c.name, c.createdAt);
		},
		async getCanteen(id) {
			const r = q.getCanteen.get(id);
			return r && toCanteen(r);
		},
		async listCanteens() {
			return q.listCanteens.all().map(toCanteen);
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
		async updateSummary(mealId, summary) {
			q.updateSummary.run({ id: mealId, ...summaryParams(summary) });
		},
		async deleteMealIfUnjoined(mealId) {
			return deleteMealIfUnjoined(mealId);
		},
		async createMember(m) {
			q.insertMember.run(m.id, m.mealId, m.tokenHash, m.createdAt, m.deviceHash ?? null);
		},
		async getMemberByTokenHash(hash) {
			const r = q.getMemberByToken.get(hash);
			return r && toMember(r);
		},
		async getMember(id) {
			const r = q.getMemberById.get(id);
			return r && toMember(r);
		},
		async listMealMembers(mealId) {
			return q.listMealMembers.all(mealId).map(toMember);
		},
		async createScreenLink(link) {
			q.insertScreenLink.run(link.keyHash, link.mealId, link.createdAt);
		},
		async hasScreenLink(mealId, keyHash) {
			return q.findScreenLink.get(mealId, keyHash) !== undefined;
		},
		async countScreenLinks(mealId) {
			return q.countScreenLinks.get(mealId)!.n;
		},
		async revokeScreenLinks(mealId) {
			return q.deleteScreenLinks.run(mealId).changes;
		},
		async getScreenKey(mealId) {
			return q.getScreenKey.get(mealId)?.key;
		},
		async setScreenKey(mealId, input) {
			return setScreenKey(mealId, input);
		},
		...sqliteJoinCodes(db)
	};
}
