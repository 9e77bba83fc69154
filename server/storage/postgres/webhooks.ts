/** Partner webhooks, their deliveries and erasure marks in PostgreSQL, the same tables as SQLite's. */
import type { PrivacyRepository } from '../privacy.ts';
import { toDelivery, toWebhook, type DeliveryRow, type WebhookRow } from '../sqlite/webhooks.ts';
import type { WebhookRepository } from '../webhooks.ts';
import type { Database } from './db.ts';

export function postgresWebhooks(db: Database): WebhookRepository {
	return {
		async createWebhook(w) {
			await db.query(
				`insert into webhooks (id, link_id, url, secret, created_by, created_at) values ($1, $2, $3, $4, $5, $6)`,
				[w.id, w.linkId, w.url, w.secret, w.createdBy, w.createdAt]
			);
		},
		async getWebhook(id) {
			const [r] = (await db.query<WebhookRow>('select * from webhooks where id = $1', [id])).rows;
			return r && toWebhook(r);
		},
		async listWebhooks(linkId) {
			const { rows } = await db.query<WebhookRow>('select * from webhooks where link_id = $1 order by created_at, id', [
				linkId
			]);
			return rows.map(toWebhook);
		},
		async deleteWebhook(id) {
			return (await db.query('delete from webhooks where id = $1', [id])).rowCount > 0;
		},
		async enqueueDelivery(d) {
			await db.query(
				`insert into webhook_deliveries (id, webhook_id, event, body, status, attempts, next_attempt_at, created_at, last_status, last_error)
				 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (id) do nothing`,
				[
					d.id,
					d.webhookId,
					d.event,
					d.body,
					d.status,
					d.attempts,
					d.nextAttemptAt,
					d.createdAt,
					d.lastStatus ?? null,
					d.lastError ?? null
				]
			);
		},
		async dueDeliveries(now, limit) {
			const { rows } = await db.query<DeliveryRow>(
				`select * from webhook_deliveries where status = 'pending' and next_attempt_at <= $1
				 order by next_attempt_at, id limit $2`,
				[now, limit]
			);
			return rows.map(toDelivery);
		},
		async claimDelivery(id, now, leaseUntil) {
			const { rowCount } = await db.query(
				`update webhook_deliveries set next_attempt_at = $1
				 where id = $2 and status = 'pending' and next_attempt_at <= $3`,
				[leaseUntil, id, now]
			);
			return rowCount > 0;
		},
		async recordAttempt(id, o) {
			await db.query(
				`update webhook_deliveries set status = $1, attempts = $2, next_attempt_at = $3, last_status = $4, last_error = $5
				 where id = $6`,
				[o.status, o.attempts, o.nextAttemptAt, o.lastStatus ?? null, o.lastError ?? null, id]
			);
		},
		async listDeliveries(webhookId, limit) {
			const { rows } = await db.query<DeliveryRow>(
				'select * from webhook_deliveries where webhook_id = $1 order by created_at desc, id desc limit $2',
				[webhookId, limit]
			);
			return rows.map(toDelivery);
		}
	};
}

export function postgresPrivacy(db: Database): PrivacyRepository {
	return {
		async mealsToErase(beforeDate, limit) {
			const { rows } = await db.query<{ id: string; canteenId: string }>(
				`select m.id, m.canteen_id as "canteenId" from meals m
				 where m.date <> '' and m.date < $1 and not exists (select 1 from meal_erasures e where e.meal_id = m.id)
				 order by m.date, m.id limit $2`,
				[beforeDate, limit]
			);
			return rows;
		},
		async markMealErased(mealId, at) {
			await db.query(
				'insert into meal_erasures (meal_id, erased_at) values ($1, $2) on conflict (meal_id) do nothing',
				[mealId, at]
			);
		},
		async deleteIntroductionsOf(canteenId, keys) {
			if (keys.length === 0) return 0;
			return (
				await db.query('delete from introductions where canteen_id = $1 and (a_key = any($2) or b_key = any($2))', [
					canteenId,
					[...keys]
				])
			).rowCount;
		},
		async deleteIntroductionsBefore(at) {
			return (await db.query('delete from introductions where at < $1', [at])).rowCount;
		},
		async deleteProfilesBefore({ at, sinceDate }) {
			return (
				await db.query(
					`delete from profiles p where p.updated_at < $1 and not exists (
						select 1 from members m join meals ml on ml.id = m.meal_id
						where ml.canteen_id = p.canteen_id and ml.date >= $2
						and (p.key = 'd:' || m.device_hash or p.key = 'm:' || m.id))`,
					[at, sinceDate]
				)
			).rowCount;
		}
	};
}
