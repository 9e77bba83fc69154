/** Partner webhooks and their deliveries in SQLite (../webhooks.ts). */
import type Database from 'better-sqlite3';
import type { DeliveryRecord, WebhookRecord, WebhookRepository } from '../webhooks.ts';
import type { PrivacyRepository } from '../privacy.ts';

/** Rows as both engines return them (postgres/webhooks.ts reuses these). */
export interface WebhookRow {
	id: string;
	link_id: string;
	url: string;
	secret: string;
	created_by: string;
	created_at: number;
}

export interface DeliveryRow {
	id: string;
	webhook_id: string;
	event: string;
	body: string;
	status: DeliveryRecord['status'];
	attempts: number;
	next_attempt_at: number;
	created_at: number;
	last_status: number | null;
	last_error: string | null;
}

export const toWebhook = (r: WebhookRow): WebhookRecord => ({
	id: r.id,
	linkId: r.link_id,
	url: r.url,
	secret: r.secret,
	createdBy: r.created_by,
	createdAt: r.created_at
});

export const toDelivery = (r: DeliveryRow): DeliveryRecord => ({
	id: r.id,
	webhookId: r.webhook_id,
	event: r.event,
	body: r.body,
	status: r.status,
	attempts: r.attempts,
	nextAttemptAt: r.next_attempt_at,
	createdAt: r.created_at,
	...(r.last_status !== null ? { lastStatus: r.last_status } : {}),
	...(r.last_error !== null ? { lastError: r.last_error } : {})
});

export function sqliteWebhooks(db: Database.Database): WebhookRepository {
	const q = {
		insert: db.prepare(
			`insert into webhooks (id, link_id, url, secret, created_by, created_at)
			 values (@id, @linkId, @url, @secret, @createdBy, @createdAt)`
		),
		get: db.prepare<[string], WebhookRow>('select * from webhooks where id = ?'),
		list: db.prepare<[string], WebhookRow>('select * from webhooks where link_id = ? order by created_at, id'),
		del: db.prepare('delete from webhooks where id = ?'),
		enqueue: db.prepare(
			`insert into webhook_deliveries (id, webhook_id, event, body, status, attempts, next_attempt_at, created_at, last_status, last_error)
			 values (@id, @webhookId, @event, @body, @status, @attempts, @nextAttemptAt, @createdAt, @lastStatus, @lastError)
			 on conflict (id) do nothing`
		),
		due: db.prepare<[number, number], DeliveryRow>(
			`select * from webhook_deliveries where status = 'pending' and next_attempt_at <= ?
			 order by next_attempt_at, id limit ?`
		),
		claim: db.prepare(
			`update webhook_deliveries set next_attempt_at = ?
			 where id = ? and status = 'pending' and next_attempt_at <= ?`
		),
		record: db.prepare(
			`update webhook_deliveries set status = @status, attempts = @attempts, next_attempt_at = @nextAttemptAt,
			 last_status = @lastStatus, last_error = @lastError where id = @id`
		),
		deliveries: db.prepare<[string, number], DeliveryRow>(
			'select * from webhook_deliveries where webhook_id = ? order by created_at desc, id desc limit ?'
		)
	};
	return {
		async createWebhook(w) {
			q.insert.run(w);
		},
		async getWebhook(id) {
			const r = q.get.get(id);
			return r && toWebhook(r);
		},
		async listWebhooks(linkId) {
			return q.list.all(linkId).map(toWebhook);
		},
		async deleteWebhook(id) {
			return q.del.run(id).changes > 0;
		},
		async enqueueDelivery(d) {
			q.enqueue.run({ ...d, lastStatus: d.lastStatus ?? null, lastError: d.lastError ?? null });
		},
		async dueDeliveries(now, limit) {
			return q.due.all(now, limit).map(toDelivery);
		},
		async claimDelivery(id, now, leaseUntil) {
			return q.claim.run(leaseUntil, id, now).changes > 0;
		},
		async recordAttempt(id, o) {
			q.record.run({ id, ...o, lastStatus: o.lastStatus ?? null, lastError: o.lastError ?? null });
		},
		async listDeliveries(webhookId, limit) {
			return q.deliveries.all(webhookId, limit).map(toDelivery);
		}
	};
}

export function sqlitePrivacy(db: Database.Database): PrivacyRepository {
	const q = {
		toErase: db.prepare<[string, number], { id: string; canteenId: string }>(
			`select m.id, m.canteen_id as canteenId from meals m
			 where m.date <> '' and m.date < ? and not exists (select 1 from meal_erasures e where e.meal_id = m.id)
			 order by m.date, m.id limit ?`
		),
		mark: db.prepare('insert into meal_erasures (meal_id, erased_at) values (?, ?) on conflict (meal_id) do nothing'),
		introsBefore: db.prepare('delete from introductions where at < ?'),
		profilesBefore: db.prepare(
			`delete from profiles where updated_at < @at and not exists (
				select 1 from members m join meals ml on ml.id = m.meal_id
				where ml.canteen_id = profiles.canteen_id and ml.date >= @sinceDate
				and (profiles.key = 'd:' || m.device_hash or profiles.key = 'm:' || m.id))`
		)
	};
	return {
		async mealsToErase(beforeDate, limit) {
			return q.toErase.all(beforeDate, limit);
		},
		async markMealErased(mealId, at) {
			q.mark.run(mealId, at);
		},
		async deleteIntroductionsOf(canteenId, keys) {
			if (keys.length === 0) return 0;
			const marks = keys.map(() => '?').join(', ');
			return db
				.prepare(`delete from introductions where canteen_id = ? and (a_key in (${marks}) or b_key in (${marks}))`)
				.run(canteenId, ...keys, ...keys).changes;
		},
		async deleteIntroductionsBefore(at) {
			return q.introsBefore.run(at).changes;
		},
		async deleteProfilesBefore({ at, sinceDate }) {
			return q.profilesBefore.run({ at, sinceDate }).changes;
		}
	};
}
