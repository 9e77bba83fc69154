/** Bans and refused words in PostgreSQL. */
import type { ModerationRepository } from '../moderation.ts';
// The columns are SQLite's, so rows read the same way.
import { toBan } from '../sqlite/moderation.ts';
import type { Database } from './db.ts';

type BanRow = Parameters<typeof toBan>[0];

export function postgresModeration(db: Database): ModerationRepository {
	return {
		async createBan(b) {
			await db.query(
				'insert into bans (id, canteen_id, device_hash, name, by_meal, at) values ($1, $2, $3, $4, $5, $6) on conflict (id) do nothing',
				[b.id, b.canteenId, b.deviceHash, b.name, b.by, b.at]
			);
		},
		async listBans(canteenId) {
			const { rows } = await db.query<BanRow>('select * from bans where canteen_id = $1 order by at, id', [canteenId]);
			return rows.map(toBan);
		},
		async deleteBan(canteenId, banId) {
			return (await db.query('delete from bans where canteen_id = $1 and id = $2', [canteenId, banId])).rowCount > 0;
		},
		async isDeviceBanned(canteenId, deviceHash) {
			const found = await db.query('select 1 from bans where canteen_id = $1 and device_hash = $2 limit 1', [
				canteenId,
				deviceHash
			]);
			return found.rowCount > 0;
		},
		async getRefusedWords(canteenId) {
			const [r] = (
				await db.query<{ words: string }>('select words from refused_words where canteen_id = $1', [canteenId])
			).rows;
			return r ? (JSON.parse(r.words) as string[]) : [];
		},
		async setRefusedWords(canteenId, words) {
			await db.query(
				`insert into refused_words (canteen_id, words) values ($1, $2)
				 on conflict (canteen_id) do update set words = excluded.words`,
				[canteenId, JSON.stringify(words)]
			);
		}
	};
}
