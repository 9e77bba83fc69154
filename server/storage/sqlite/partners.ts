/** Partner links in SQLite: one row per link, its canteens in a join table (listing by canteen). */
import type Database from 'better-sqlite3';
import type { PartnerLinkRecord, PartnerRepository } from '../partners.ts';

/** The `partner_links` row as both engines return it (postgres/partners.ts reuses these). */
export interface LinkRow {
	id: string;
	token_hash: string;
	label: string;
	created_by: string;
	created_at: number;
	expires_at: number | null;
	revoked_at: number | null;
}

export function sqlitePartners(db: Database.Database): PartnerRepository {
	const q = {
		insert: db.prepare(
			`insert into partner_links (id, token_hash, label, created_by, created_at, expires_at)
			 values (@id, @tokenHash, @label, @createdBy, @createdAt, @expiresAt)`
		),
		insertScope: db.prepare('insert into partner_link_canteens (link_id, canteen_id) values (?, ?)'),
		get: db.prepare<[string], LinkRow>('select * from partner_links where id = ?'),
		byHash: db.prepare<[string], LinkRow>('select * from partner_links where token_hash = ?'),
		scope: db.prepare<[string], { canteen_id: string }>(
			'select canteen_id from partner_link_canteens where link_id = ? order by canteen_id'
		),
		list: db.prepare<[string], LinkRow>(
			`select l.* from partner_links l join partner_link_canteens c on c.link_id = l.id
			 where c.canteen_id = ? order by l.created_at desc, l.id`
		),
		revoke: db.prepare('update partner_links set revoked_at = ? where id = ? and revoked_at is null')
	};
	const create = db.transaction((link: PartnerLinkRecord) => {
		q.insert.run({ ...link, expiresAt: link.expiresAt ?? null });
		for (const canteenId of new Set(link.canteenIds)) q.insertScope.run(link.id, canteenId);
	});
	const toRecord = (r: LinkRow) =>
		toPartnerLink(
			r,
			q.scope.all(r.id).map((s) => s.canteen_id)
		);
	return {
		async createPartnerLink(link) {
			create(link);
		},
		async getPartnerLink(id) {
			const r = q.get.get(id);
			return r && toRecord(r);
		},
		async findPartnerLinkByTokenHash(tokenHash) {
			const r = q.byHash.get(tokenHash);
			return r && toRecord(r);
		},
		async listPartnerLinks(canteenId) {
			return q.list.all(canteenId).map(toRecord);
		},
		async revokePartnerLink(id, at) {
			return q.revoke.run(at, id).changes > 0;
		}
	};
}

/** A link row and its canteens as the repository answers them. */
export function toPartnerLink(r: LinkRow, canteenIds: string[]): PartnerLinkRecord {
	return {
		id: r.id,
		tokenHash: r.token_hash,
		label: r.label,
		canteenIds,
		createdBy: r.created_by,
		createdAt: r.created_at,
		...(r.expires_at !== null ? { expiresAt: r.expires_at } : {}),
		...(r.revoked_at !== null ? { revokedAt: r.revoked_at } : {})
	};
}
