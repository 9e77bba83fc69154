/**
 * Partner webhooks: registration (by a partner with its link token, or by staff), events
 * when a meal opens and closes, and their delivery. Docs: docs/partners-api.md.
 *
 * An event becomes one delivery row per webhook of every live link whose scope holds the
 * meal's canteen, its body fixed then (the meal's figures under the small-count rule, no
 * name or id of anyone). A worker sends due deliveries: POST, signed HMAC-SHA256 over
 * `<timestamp>.<body>` with the webhook's secret, headers `Tablee-Delivery` (unique, the
 * receiver's dedup key), `Tablee-Timestamp` (seconds, for the receiver's tolerance window),
 * `Tablee-Signature: v1=<hex>`, `Tablee-Event`. A non-2xx answer, a timeout, a refused
 * connection or a refused target is retried with exponential backoff and jitter
 * (src/lib/partners/webhooks.ts), up to `maxAttempts`, then the delivery is marked
 * failed. Every attempt is written to storage before the next is planned, so a restart
 * resumes where the last process stopped, and a delivery is claimed before each attempt
 * (several instances never send the same attempt twice).
 */
import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ErrorCode } from '../../src/lib/protocol/errors.ts';
import { mealFigures } from '../../src/lib/partners/figures.ts';
import {
	checkWebhookUrl,
	DEFAULT_RETRY,
	delivered,
	isPrivateAddress,
	retryDelay,
	WEBHOOKS_PER_LINK,
	type RetryPolicy,
	type WebhookEvent
} from '../../src/lib/partners/webhooks.ts';
import type { MealStatus } from '../../src/lib/domain/types.ts';
import { newId, newSecret } from '../auth/secrets.ts';
import { canteenAccess, type SessionUser } from '../auth/sessions.ts';
import type { Logger } from '../log.ts';
import type { DeliveryRecord, PartnerLinkRecord, Storage, WebhookRecord } from '../storage/storage.ts';
import { mealArrivals } from './figures.ts';

export const WEBHOOK_BODY_VERSION = 1;
/** Deliveries listed per webhook on the staff page and in the API. */
export const RECENT_DELIVERIES = 10;

export interface WebhookOptions {
	/** http to localhost and private targets allowed: development and tests only. */
	allowLocal: boolean;
	retry?: Partial<RetryPolicy>;
	/** How long one attempt may take before it counts as failed. */
	timeoutMs?: number;
	/** How often due deliveries are looked for (a new event is sent at once). */
	pollMs?: number;
	now?: () => number;
	random?: () => number;
}

/** A webhook as staff and partners see it: never its secret. */
export interface ListedWebhook {
	id: string;
	url: string;
	createdAt: number;
	createdBy: 'partner' | 'staff';
	deliveries: {
		id: string;
		event: string;
		status: DeliveryRecord['status'];
		attempts: number;
		createdAt: number;
		/** When the next attempt is due, while pending. */
		nextAttemptAt?: number;
		lastStatus?: number;
		lastError?: string;
	}[];
}

export type WebhookRefusal = Extract<ErrorCode, 'webhook_url_invalid' | 'too_many_webhooks' | 'webhook_not_found'>;

export type PartnerWebhooks = ReturnType<typeof createPartnerWebhooks>;

export function createPartnerWebhooks({
	storage,
	log,
	options
}: {
	storage: Pick<Storage, 'meals' | 'people' | 'partners' | 'webhooks'>;
	log: Logger;
	options: WebhookOptions;
}) {
	const now = options.now ?? Date.now;
	const random = options.random ?? Math.random;
	const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
	const timeoutMs = options.timeoutMs ?? 10_000;
	const pollMs = options.pollMs ?? Math.min(5_000, policy.baseDelayMs);
	let timer: ReturnType<typeof setTimeout> | undefined;
	let running: Promise<void> | undefined;
	let again = false;
	let stopped = true;
	/** Aborts attempts in flight at stop: their lease runs out and a later start sends them again. */
	let halt = new AbortController();

	const live = (link: PartnerLinkRecord) =>
		link.revokedAt === undefined && (link.expiresAt === undefined || link.expiresAt > now());

	async function listed(linkId: string): Promise<ListedWebhook[]> {
		const hooks = await storage.webhooks.listWebhooks(linkId);
		return Promise.all(
			hooks.map(async (h) => ({
				id: h.id,
				url: h.url,
				createdAt: h.createdAt,
				createdBy: h.createdBy === 'partner' ? ('partner' as const) : ('staff' as const),
				deliveries: (await storage.webhooks.listDeliveries(h.id, RECENT_DELIVERIES)).map((d) => ({
					id: d.id,
					event: d.event,
					status: d.status,
					attempts: d.attempts,
					createdAt: d.createdAt,
					...(d.status === 'pending' ? { nextAttemptAt: d.nextAttemptAt } : {}),
					...(d.lastStatus !== undefined ? { lastStatus: d.lastStatus } : {}),
					...(d.lastError !== undefined ? { lastError: d.lastError } : {})
				}))
			}))
		);
	}

	/** Sends every due delivery, one after another; a second call while running runs once more after. */
	function tick(): Promise<void> {
		if (running) {
			again = true;
			return running;
		}
		running = (async () => {
			do {
				again = false;
				const due = await storage.webhooks.dueDeliveries(now(), 50);
				for (const d of due) {
					if (halt.signal.aborted) return;
					if (!(await storage.webhooks.claimDelivery(d.id, now(), now() + timeoutMs + 5_000))) continue;
					await attempt(d);
				}
				if (due.length === 50) again = true;
			} while (again);
		})()
			.catch((error) => log.warn('webhook deliveries not sent', { error: String(error) }))
			.finally(() => (running = undefined));
		return running;
	}

	async function attempt(d: DeliveryRecord): Promise<void> {
		const hook = await storage.webhooks.getWebhook(d.webhookId);
		if (!hook) return;
		const link = await storage.partners.getPartnerLink(hook.linkId);
		const attempts = d.attempts + 1;
		if (!link || !live(link)) {
			await storage.webhooks.recordAttempt(d.id, {
				status: 'failed',
				attempts,
				nextAttemptAt: now(),
				lastError: 'link_closed'
			});
			return;
		}
		const result = await send(hook, d);
		if (halt.signal.aborted) return;
		if (result.status !== undefined && delivered(result.status)) {
			await storage.webhooks.recordAttempt(d.id, {
				status: 'delivered',
				attempts,
				nextAttemptAt: now(),
				lastStatus: result.status
			});
			return;
		}
		const outcome = {
			...(result.status !== undefined ? { lastStatus: result.status } : {}),
			...(result.error !== undefined ? { lastError: result.error } : {})
		};
		if (attempts >= policy.maxAttempts) {
			log.warn('webhook delivery given up', { webhookId: hook.id, deliveryId: d.id, attempts, ...outcome });
			await storage.webhooks.recordAttempt(d.id, { status: 'failed', attempts, nextAttemptAt: now(), ...outcome });
			return;
		}
		const nextAttemptAt = now() + retryDelay(attempts, random(), policy);
		await storage.webhooks.recordAttempt(d.id, { status: 'pending', attempts, nextAttemptAt, ...outcome });
	}

	async function send(hook: WebhookRecord, d: DeliveryRecord): Promise<{ status?: number; error?: string }> {
		const checked = checkWebhookUrl(hook.url, { allowLocal: options.allowLocal });
		if (!checked.ok) return { error: 'target_refused' };
		if (!options.allowLocal && !(await resolvesPublic(new URL(hook.url).hostname))) return { error: 'target_refused' };
		const timestamp = String(Math.floor(now() / 1000));
		try {
			const res = await fetch(hook.url, {
				method: 'POST',
				body: d.body,
				// A redirect could point anywhere, our own network included: it is an answer, not followed.
				redirect: 'manual',
				signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), halt.signal]),
				headers: {
					'content-type': 'application/json',
					'user-agent': 'Tablee-Webhooks/1',
					'tablee-event': d.event,
					'tablee-delivery': d.id,
					'tablee-timestamp': timestamp,
					'tablee-signature': `v1=${signWebhook(hook.secret, timestamp, d.body)}`
				}
			});
			await res.body?.cancel().catch(() => undefined);
			return { status: res.status };
		} catch (error) {
			return { error: attemptError(error) };
		}
	}

	async function staffLink(
		user: SessionUser,
		canteenId: string,
		linkId: string
	): Promise<{ ok: true; link: PartnerLinkRecord } | { ok: false; code: 'forbidden' | 'webhook_not_found' }> {
		const access = await canteenAccess(storage, user, canteenId);
		if (!access.ok) return { ok: false, code: 'forbidden' };
		const link = await storage.partners.getPartnerLink(linkId);
		if (!link || !link.canteenIds.includes(canteenId)) return { ok: false, code: 'webhook_not_found' };
		return { ok: true, link };
	}

	function schedule() {
		if (stopped) return;
		clearTimeout(timer);
		timer = setTimeout(() => void tick().finally(schedule), pollMs);
		timer.unref?.();
	}

	return {
		/** Registers a webhook for a link; the secret is in the answer and nowhere else it can be read back. */
		async register(
			link: PartnerLinkRecord,
			url: string,
			createdBy: string
		): Promise<{ ok: true; webhook: ListedWebhook; secret: string } | { ok: false; code: WebhookRefusal }> {
			const checked = checkWebhookUrl(url, { allowLocal: options.allowLocal });
			if (!checked.ok) return { ok: false, code: 'webhook_url_invalid' };
			if ((await storage.webhooks.listWebhooks(link.id)).length >= WEBHOOKS_PER_LINK)
				return { ok: false, code: 'too_many_webhooks' };
			const secret = newSecret();
			const record: WebhookRecord = {
				id: newId('wh_'),
				linkId: link.id,
				url: checked.url,
				secret,
				createdBy,
				createdAt: now()
			};
			await storage.webhooks.createWebhook(record);
			const webhook = (await listed(link.id)).find((w) => w.id === record.id)!;
			return { ok: true, webhook, secret };
		},

		/** The link's webhooks with their recent deliveries. */
		list: listed,

		/**
		 * Staff: a webhook added to one of the page canteen's links, by someone who runs that
		 * canteen (checked here, like every staff operation). Not on a revoked or expired link.
		 */
		async addByStaff(
			user: SessionUser,
			canteenId: string,
			linkId: string,
			url: string
		): Promise<
			{ ok: true; webhook: ListedWebhook; secret: string } | { ok: false; code: WebhookRefusal | 'forbidden' }
		> {
			const link = await staffLink(user, canteenId, linkId);
			if (!link.ok) return link;
			if (!live(link.link)) return { ok: false, code: 'webhook_not_found' };
			return this.register(link.link, url, user.id);
		},

		async removeByStaff(
			user: SessionUser,
			canteenId: string,
			linkId: string,
			webhookId: string
		): Promise<{ ok: true } | { ok: false; code: 'webhook_not_found' | 'forbidden' }> {
			const link = await staffLink(user, canteenId, linkId);
			if (!link.ok) return link;
			return (await this.remove(linkId, webhookId)) ? { ok: true } : { ok: false, code: 'webhook_not_found' };
		},

		async remove(linkId: string, webhookId: string): Promise<boolean> {
			const hook = await storage.webhooks.getWebhook(webhookId);
			if (!hook || hook.linkId !== linkId) return false;
			return storage.webhooks.deleteWebhook(webhookId);
		},

		/**
		 * After a meal's summary was written with a new stage: `meal.opened` or `meal.closed`
		 * queued for every webhook of the canteen's live links, then sent at once.
		 */
		async stageChanged(mealId: string, event: WebhookEvent): Promise<void> {
			const meal = await storage.meals.getMeal(mealId);
			if (!meal) return;
			const links = (await storage.partners.listPartnerLinks(meal.canteenId)).filter(live);
			const hooks = (await Promise.all(links.map((l) => storage.webhooks.listWebhooks(l.id)))).flat();
			if (hooks.length === 0) return;
			const canteen = await storage.meals.getCanteen(meal.canteenId);
			const figures = mealFigures({ checkedIn: meal.checkedIn, arrivals: await mealArrivals({ storage, meal }) });
			const at = now();
			for (const hook of hooks) {
				const id = newId('wd_', 20);
				const body = JSON.stringify({
					v: WEBHOOK_BODY_VERSION,
					event,
					deliveryId: id,
					at,
					canteen: { id: meal.canteenId, name: canteen?.name ?? '' },
					meal: { id: meal.id, date: meal.date, time: meal.time, status: meal.status },
					figures
				});
				await storage.webhooks.enqueueDelivery({
					id,
					webhookId: hook.id,
					event,
					body,
					status: 'pending',
					attempts: 0,
					nextAttemptAt: at,
					createdAt: at
				});
			}
			void tick();
		},

		/** Sends what is due now (the timer calls it; tests with their own clock too). */
		tick,

		start() {
			stopped = false;
			halt = new AbortController();
			void tick().finally(schedule);
		},

		async stop(): Promise<void> {
			stopped = true;
			clearTimeout(timer);
			halt.abort();
			await running;
		}
	};
}

/** The signature of one attempt: hex HMAC-SHA256 of `<timestamp>.<body>` under the webhook's secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
	return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Whether a host name resolves only to public addresses (SSRF guard at delivery time). */
async function resolvesPublic(hostname: string): Promise<boolean> {
	const host = hostname.replace(/^\[|\]$/g, '');
	if (isIP(host)) return !isPrivateAddress(host);
	try {
		const addresses = await lookup(host, { all: true });
		return addresses.length > 0 && addresses.every((a) => !isPrivateAddress(a.address));
	} catch {
		return false;
	}
}

function attemptError(error: unknown): string {
	if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
	const code = (error as { cause?: { code?: string } })?.cause?.code;
	if (code === 'ECONNREFUSED') return 'refused';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'not_found';
	if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'reset';
	return 'network';
}

/**
 * The meals repository, telling `onStage` when a summary write moved a meal to another
 * stage (the previous stage read just before): how webhooks hear of a meal opening and
 * closing without the meal session knowing about partners.
 */
export function stageWatchingSummaries<M extends Pick<Storage['meals'], 'getMeal' | 'updateSummary'>>(
	meals: M,
	onStage: (mealId: string, from: MealStatus | undefined, to: MealStatus) => void
): M {
	const updateSummary: M['updateSummary'] = async (mealId, summary) => {
		const before = await meals.getMeal(mealId);
		await meals.updateSummary(mealId, summary);
		if (before && before.status !== summary.status) onStage(mealId, before.status, summary.status);
	};
	return new Proxy(meals, {
		get(target, key) {
			if (key === 'updateSummary') return updateSummary;
			const value: unknown = Reflect.get(target, key, target);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}
