/** Bans and refused words in SQLite. */
import type Database from 'better-sqlite3';
import type { BanRecord, ModerationRepository } from '../moderation.ts';

interface BanRow {
	id: string;
	canteen_id: string;
	device_hash: string;
	name: string;
	by_meal: string;
	at: number;
}

export const toBan = (r: BanRow): BanRecord => ({
	id: r.id,
	canteenId: r.canteen_id,
	deviceHash: r.device_hash,
	name: r.name,
	by: r.by_meal,
	at: r.at
});

export function sqliteModeration(db: Database.Database): ModerationRepository {
	const q = {
		insertBan: db.prepare(
			`insert into bans (id, canteen_id, device_hash, name, by_meal, at) values (?, ?, ?, ?, ?, ?)
			 on conflict (id) do nothing`
		),
		listBans: db.prepare<[string], BanRow>('select * from bans where canteen_id = ? order by at, id'),
		deleteBan: db.prepare('delete from bans where canteen_id = ? and id = ?'),
		findBan: db.prepare<[string, string], { id: string }>(
			'select id from bans where canteen_id = ? and device_hash = ? limit 1'
		),
		getWords: db.prepare<[string], { words: string }>('select words from refused_words where canteen_id = ?'),
		setWords: db.prepare(
			`insert into refused_words (canteen_id, words) values (?, ?)
			on conflict(canteen_id) do update set words = excluded.words`
		)
	};
	return {
		async createBan(b) {
			q.insertBan.run(b.id, b.canteenId, b.deviceHash, b.name, b.by, b.at);
		},
		async listBans(canteenId) {
			return q.listBans.all(canteenId).map(toBan);
		},
		async deleteBan(canteenId, banId) {
			return q.deleteBan.run(canteenId, banId).changes > 0;
		},
		async isDeviceBanned(canteenId, deviceHash) {
			return q.findBan.get(canteenId, deviceHash) !== undefined;
		},
		async getRefusedWords(canteenId) {
			const r = q.getWords.get(canteenId);
			return r ? (JSON.parse(r.words) as string[]) : [];
		},
		async setRefusedWords(canteenId, words) {
			q.setWords.run(canteenId, JSON.stringify(words));
		}
	};
}
