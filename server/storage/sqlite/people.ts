/** Profiles, introductions and visits by device in SQLite. */
import type Database from 'better-sqlite3';
import type { DeviceVisit, IntroductionRecord, PeopleRepository, ProfileRecord } from '../people.ts';

interface ProfileRow {
	canteen_id: string;
	key: string;
	data: string;
	updated_at: number;
}

export const toProfile = (r: ProfileRow): ProfileRecord => ({
	...(JSON.parse(r.data) as Omit<ProfileRecord, 'canteenId' | 'key' | 'updatedAt'>),
	canteenId: r.canteen_id,
	key: r.key,
	updatedAt: r.updated_at
});

/** A statement taking a first parameter and then a list of `n` values, prepared once per `n`. */
function perLength<Row>(db: Database.Database, sql: (marks: string) => string) {
	const prepared = new Map<number, Database.Statement<unknown[], Row>>();
	return (n: number) => {
		let statement = prepared.get(n);
		if (!statement) prepared.set(n, (statement = db.prepare<unknown[], Row>(sql(Array(n).fill('?').join(', ')))));
		return statement;
	};
}

/** `inMemory`: there is no WAL to empty after a deletion. */
export function sqlitePeople({ db, inMemory }: { db: Database.Database; inMemory: boolean }): PeopleRepository {
	const q = {
		getProfile: db.prepare<[string, string], ProfileRow>('select * from profiles where canteen_id = ? and key = ?'),
		putProfile: db.prepare(
			`insert into profiles (canteen_id, key, data, updated_at) values (?, ?, ?, ?)
			 on conflict (canteen_id, key) do update set data = excluded.data, updated_at = excluded.updated_at`
		),
		deleteProfile: db.prepare('delete from profiles where canteen_id = ? and key = ?'),
		insertIntroduction: db.prepare(
			'insert into introductions (canteen_id, a_key, b_key, meal_id, at) values (?, ?, ?, ?, ?)'
		),
		listIntroductions: db.prepare<
			[string, number],
			{ canteen_id: string; a_key: string; b_key: string; meal_id: string; at: number }
		>('select * from introductions where canteen_id = ? and at >= ? order by at, id'),
		// A plain `in (?, …)` list rather than an engine's JSON functions, so the SQL ports;
		// one statement per list length, prepared once.
		listProfiles: perLength<ProfileRow>(
			db,
			(marks) => `select * from profiles where canteen_id = ? and key in (${marks}) order by key`
		),
		listVisits: perLength<{ device_hash: string; meal_id: string; at: number }>(
			db,
			(marks) => `select m.device_hash, m.meal_id, min(m.created_at) as at
			 from members m join meals ml on ml.id = m.meal_id
			 where ml.canteen_id = ? and m.device_hash in (${marks})
			 group by m.device_hash, m.meal_id
			 order by at, m.meal_id, m.device_hash`
		)
	};
	return {
		async getProfile(canteenId, key) {
			const r = q.getProfile.get(canteenId, key);
			return r && toProfile(r);
		},
		async listProfiles(canteenId, keys) {
			if (keys.length === 0) return [];
			return q
				.listProfiles(keys.length)
				.all(canteenId, ...keys)
				.map(toProfile);
		},
		async putProfile(p) {
			const data = { consentAt: p.consentAt, facts: p.facts, languages: p.languages, ageBracket: p.ageBracket };
			q.putProfile.run(p.canteenId, p.key, JSON.stringify(data), p.updatedAt);
		},
		async deleteProfile(canteenId, key) {
			const deleted = q.deleteProfile.run(canteenId, key).changes > 0;
			// secure_delete zeroes the row in the database file; the checkpoint also empties
			// the WAL, which still holds the page as it was before.
			if (deleted && !inMemory) db.pragma('wal_checkpoint(TRUNCATE)');
			return deleted;
		},
		async recordIntroduction(i) {
			q.insertIntroduction.run(i.canteenId, i.a, i.b, i.mealId, i.at);
		},
		async listIntroductions({ canteenId, since }) {
			return q.listIntroductions.all(canteenId, since).map(
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
			if (deviceHashes.length === 0) return [];
			return q
				.listVisits(deviceHashes.length)
				.all(canteenId, ...deviceHashes)
				.map((r) => ({ deviceHash: r.device_hash, mealId: r.meal_id, at: r.at }) satisfies DeviceVisit);
		}
	};
}
