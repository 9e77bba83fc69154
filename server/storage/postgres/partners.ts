/**
 * Partner links in PostgreSQL: one row per link, its canteens in a join table (listing by
 * canteen), the same tables as SQLite's (../sqlite/partners.ts).
 */
import type { PartnerLinkRecord, PartnerRepository } from '../partners.ts';
import { toPartnerLink, type LinkRow } from '../sqlite/partners.ts';
import type { Database } from './db.ts';

export function postgresPartners(db: Database): PartnerRepository {
	async function toRecord(r: LinkRow): Promise<PartnerLinkRecord> {
		const scope = await db.query<{ canteen_id: string }>(
			'select canteen_id from partner_link_canteens where link_id = $1 order by canteen_id',
			[r.id]
		);
		return toPartnerLink(
			r,
			scope.rows.map((s) => s.canteen_id)
		);
	}
	const first = async (text: string, param: string) => {
		const [r] = (await db.query<LinkRow>(text, [param])).rows;
		return r && toRecord(r);
	};
	return {
		async createPartnerLink(link) {
			// The link and its scope together: a link never opens no canteen, even for a moment.
			await db.transaction(async (tx) => {
				await tx.query(
					`insert into partner_links (id, token_hash, label, created_by, created_at, expires_at)
					 values ($1, $2, $3, $4, $5, $6)`,
					[link.id, link.tokenHash, link.label, link.createdBy, link.createdAt, link.expiresAt ?? null]
				);
				for (const canteenId of new Set(link.canteenIds)) {
					await tx.query('insert into partner_link_canteens (link_id, canteen_id) values ($1, $2)', [
						link.id,
						canteenId
					]);
				}
			});
		},
		async getPartnerLink(id) {
			return first('select * from partner_links where id = $1', id);
		},
		async findPartnerLinkByTokenHash(tokenHash) {
			return first('select * from partner_links where token_hash = $1', tokenHash);
		},
		async listPartnerLinks(canteenId) {
			const { rows } = await db.query<LinkRow>(
				`select l.* from partner_links l join partner_link_canteens c on c.link_id = l.id
				 where c.canteen_id = $1 order by l.created_at desc, l.id`,
				[canteenId]
			);
			return Promise.all(rows.map(toRecord));
		},
		async revokePartnerLink(id, at) {
			return (
				(await db.query('update partner_links set revoked_at = $1 where id = $2 and revoked_at is null', [at, id]))
					.rowCount > 0
			);
		}
	};
}
