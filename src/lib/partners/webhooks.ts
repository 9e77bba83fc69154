/**
 * Partner webhooks, the rules without I/O: which stage change is an event, where a
 * webhook may point (SSRF), how long to wait before the next attempt. Delivery, signing
 * and storage are in server/partners/webhooks.ts; the wire format is in docs/partners-api.md.
 */
import type { MealStatus } from '../domain/types.ts';

export const WEBHOOK_EVENTS = ['meal.opened', 'meal.closed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Webhooks one partner link may register. */
export const WEBHOOKS_PER_LINK = 5;
export const WEBHOOK_URL_MAX = 500;

/** The event a meal's stage change is, if any: opened from planned, closed from anything. */
export function webhookEventFor(from: MealStatus | undefined, to: MealStatus): WebhookEvent | undefined {
	if (from === to) return undefined;
	if (to === 'open' && (from === undefined || from === 'planned')) return 'meal.opened';
	if (to === 'closed') return 'meal.closed';
	return undefined;
}

export type WebhookUrlRefusal = 'not_a_url' | 'scheme' | 'credentials' | 'private_target' | 'too_long';

/**
 * Where a webhook may point. `allowLocal` is for development and tests only: then http is
 * accepted for localhost and loopback addresses, and private targets are allowed. In
 * production (`allowLocal` false) only https to a public host: no loopback, private,
 * link-local or unique-local literal address, no `localhost` — the server must not be
 * made to call into its own network (SSRF). A host name is resolved again at delivery
 * time (server/partners/webhooks.ts) and refused if it resolves to such an address.
 */
export function checkWebhookUrl(
	raw: string,
	{ allowLocal }: { allowLocal: boolean }
): { ok: true; url: string } | { ok: false; reason: WebhookUrlRefusal } {
	if (raw.length > WEBHOOK_URL_MAX) return { ok: false, reason: 'too_long' };
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return { ok: false, reason: 'not_a_url' };
	}
	if (url.username || url.password) return { ok: false, reason: 'credentials' };
	const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	const local = isLocalHostName(host) || isPrivateAddress(host);
	if (url.protocol === 'https:') {
		if (local && !allowLocal) return { ok: false, reason: 'private_target' };
	} else if (url.protocol === 'http:') {
		if (!allowLocal || !(isLocalHostName(host) || isLoopback(host))) return { ok: false, reason: 'scheme' };
	} else return { ok: false, reason: 'scheme' };
	url.hash = '';
	return { ok: true, url: url.toString() };
}

function isLocalHostName(host: string): boolean {
	return host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host === '';
}

function isLoopback(host: string): boolean {
	return /^127\./.test(host) || host === '::1';
}

/**
 * Whether a literal IP address is one a partner's server cannot be: loopback, private
 * (RFC 1918), carrier-grade NAT, link-local (cloud metadata lives there), unspecified,
 * multicast/reserved, IPv6 unique-local and link-local, and IPv4 mapped into IPv6.
 * A host name (not an address) answers false.
 */
export function isPrivateAddress(address: string): boolean {
	const a = address.toLowerCase();
	const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
	if (v4) {
		const [b0, b1] = [Number(v4[1]), Number(v4[2])];
		return (
			b0 === 0 ||
			b0 === 10 ||
			b0 === 127 ||
			(b0 === 100 && b1 >= 64 && b1 <= 127) ||
			(b0 === 169 && b1 === 254) ||
			(b0 === 172 && b1 >= 16 && b1 <= 31) ||
			(b0 === 192 && b1 === 168) ||
			(b0 === 192 && b1 === 0) ||
			(b0 === 198 && (b1 === 18 || b1 === 19)) ||
			b0 >= 224
		);
	}
	if (!a.includes(':')) return false;
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
	if (mapped) return isPrivateAddress(mapped[1]!);
	// The same, as the URL parser writes it: ::ffff:7f00:1 is 127.0.0.1.
	const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
	if (hex) {
		const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
		return isPrivateAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
	}
	return a === '::' || a === '::1' || /^f[cd]/.test(a) || /^fe[89ab]/.test(a) || /^ff/.test(a);
}

export interface RetryPolicy {
	/** Attempts in all, the first included; then the delivery is given up. */
	maxAttempts: number;
	/** Wait after the first failure; doubled after each next one, up to `maxDelayMs`. */
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 30_000, maxDelayMs: 6 * 3_600_000 };

/**
 * The wait before attempt `failed + 1`, after `failed` failures (≥ 1): exponential, capped,
 * with jitter so that many webhooks failing together do not all come back at once
 * ("equal jitter": half fixed, half random). `random` is in [0, 1).
 */
export function retryDelay(failed: number, random: number, policy: RetryPolicy): number {
	const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failed - 1));
	return Math.round(exp / 2 + (exp / 2) * random);
}

/** Whether an answer status counts as delivered. */
export const delivered = (status: number) => status >= 200 && status < 300;
