/**
 * Partner webhooks and their deliveries (server/partners/webhooks.ts). A webhook belongs to
 * one partner link and receives the events of the link's canteens. Its signing secret is
 * kept as it is (an HMAC key must be known to sign); it is shown once, at creation, and
 * never listed. A delivery is one event for one webhook: its body is fixed when it is
 * queued, and each attempt updates the row, so a restart picks up what is still pending.
 */
export interface WebhookRecord {
	id: string;
	linkId: string;
	url: string;
	/** The HMAC-SHA256 key, base64url. */
	secret: string;
	/** `partner` (through the API with the link's token) or the staff user's id. */
	createdBy: string;
	createdAt: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRecord {
	/** Unique per delivery: the receiver's key to drop a replayed or repeated one. */
	id: string;
	webhookId: string;
	event: string;
	/** The JSON body exactly as signed and sent. */
	body: string;
	status: DeliveryStatus;
	attempts: number;
	/** When the next attempt is due (pending), else when it ended. */
	nextAttemptAt: number;
	createdAt: number;
	/** The last attempt's HTTP status, or its error ("timeout", "refused"…). */
	lastStatus?: number;
	lastError?: string;
}

export interface AttemptOutcome {
	status: DeliveryStatus;
	attempts: number;
	nextAttemptAt: number;
	lastStatus?: number;
	lastError?: string;
}

export interface WebhookRepository {
	createWebhook(webhook: WebhookRecord): Promise<void>;
	getWebhook(id: string): Promise<WebhookRecord | undefined>;
	/** The link's webhooks, oldest first. */
	listWebhooks(linkId: string): Promise<WebhookRecord[]>;
	/** Deletes the webhook and its deliveries; false when unknown. */
	deleteWebhook(id: string): Promise<boolean>;
	/** Queues a delivery; a second call with the same id keeps the first. */
	enqueueDelivery(delivery: DeliveryRecord): Promise<void>;
	/** Pending deliveries due at `now`, oldest due first. */
	dueDeliveries(now: number, limit: number): Promise<DeliveryRecord[]>;
	/**
	 * Takes a due delivery for one attempt: moves its `nextAttemptAt` to `leaseUntil` iff it
	 * is still pending and due at `now`. Two processes never both send the same attempt.
	 */
	claimDelivery(id: string, now: number, leaseUntil: number): Promise<boolean>;
	recordAttempt(id: string, outcome: AttemptOutcome): Promise<void>;
	/** The webhook's latest deliveries, newest first. */
	listDeliveries(webhookId: string, limit: number): Promise<DeliveryRecord[]>;
}
