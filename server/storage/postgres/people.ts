/** Profiles, introductions and visits by device in PostgreSQL. */
import type { DeviceVisit, IntroductionRecord, PeopleRepository } from '../people.ts';
// The columns are SQLite's, so rows read the same way.
import { toProfile } from '../sqlite/people.ts';
import type { Database } from './db.ts';

type ProfileRow = Parameters<typeof toProfile>[0];

interface IntroductionRow {
	canteen_id: string;
	a_key: string;
	b_key: string;
	meal_id: string;
	at: number;
}

export function postgresPeople(db: Database): PeopleRepository {
	return {
		async getProfile(canteenId, key) {
			const [r] = (
				await db.query<ProfileRow>('select * from profiles where canteen_id = $1 and key = $2', [canteenId, key])
			).rows;
			return r && toProfile(r);
		},
		async listProfiles(canteenId, keys) {
			const { rows } = await db.query<ProfileRow>(
				'select * from profiles where canteen_id = $1 and key = any($2::text[]) order by key',
				[canteenId, keys]
			);
			return rows.map(toProfile);
		},
		async putProfile(p) {
			const data = { consentAt: p.consentAt, facts: p.facts, languages: p.languages, ageBracket: p.ageBracket };
			await db.query(
				`insert into profiles (canteen_id, key, data, updated_at) values ($1, $2, $3, $4)
				 on conflict (canteen_id, key) do update set data = excluded.data, updated_at = excluded.updated_at`,
				[p.canteenId, p.key, JSON.stringify(data), p.updatedAt]
			);
		},
		async deleteProfile(canteenId, key) {
			// The row's bytes stay in the table file until VACUUM reuses the space: see
			// docs/architecture.md (Scale-out) for what an operator does about backups.
			return (await db.query('delete from profiles where canteen_id = $1 and key = $2', [canteenId, key])).rowCount > 0;
		},
		async recordIntroduction(i) {
			await db.query('insert into introductions (canteen_id, a_key, b_key, meal_id, at) values ($1, $2, $3, $4, $5)', [
				i.canteenId,
				i.a,
				i.b,
				i.mealId,
				i.at
			]);
		},
		async listIntroductions({ canteenId, since }) {
			const { rows } = await db.query<IntroductionRow>(
				'select * from introductions where canteen_id = $1 and at >= $2 order by at, id',
				[canteenId, since]
			);
			return rows.map(
				(r) =>
					({
						canteenId: r.canteen_id,
						a: r.a_key,
						b: r.b_key,
						mealId: r.meal_id,
						at: r.at
					}) satisfies IntroductionRecord
			);
		},
		async listDeviceVisits(canteenId, deviceHashes) {
			const { rows } = await db.query<{ device_hash: string; meal_id: string; at: number }>(
				`select m.device_hash, m.meal_id, min(m.created_at) as at
				 from members m join meals ml on ml.id = m.meal_id
				 where ml.canteen_id = $1 and m.device_hash = any($2::text[])
				 group by m.device_hash, m.meal_id
				 order by at, m.meal_id, m.device_hash`,
				[canteenId, deviceHashes]
			);
			return rows.map((r) => ({ deviceHash: r.device_hash, mealId: r.meal_id, at: r.at }) satisfies DeviceVisit);
		}
	};
}
