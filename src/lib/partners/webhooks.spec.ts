import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPrivateAddress, retryDelay, webhookEventFor } from './webhooks.ts';

describe('webhook events', () => {
	it('is meal.opened from planned to open, meal.closed into closed, nothing else', () => {
		expect(webhookEventFor('planned', 'open')).toBe('meal.opened');
		expect(webhookEventFor(undefined, 'open')).toBe('meal.opened');
		expect(webhookEventFor('eating', 'closed')).toBe('meal.closed');
		expect(webhookEventFor('planned', 'closed')).toBe('meal.closed');
		expect(webhookEventFor('cooking', 'open')).toBeUndefined();
		expect(webhookEventFor('open', 'cooking')).toBeUndefined();
		expect(webhookEventFor('open', 'planned')).toBeUndefined();
		expect(webhookEventFor('closed', 'closed')).toBeUndefined();
	});
});

describe('webhook URLs', () => {
	const prod = { allowLocal: false };
	const dev = { allowLocal: true };
	it('takes https to a public host in production, and nothing else', () => {
		expect(checkWebhookUrl('https://partner.example.org/hooks?x=1#frag', prod)).toEqual({
			ok: true,
			url: 'https://partner.example.org/hooks?x=1'
		});
		const refused: [string, string][] = [
			['http://partner.example.org/', 'scheme'],
			['ftp://partner.example.org/', 'scheme'],
			['javascript:alert(1)', 'scheme'],
			['https://user:pw@partner.example.org/', 'credentials'],
			['https://localhost/', 'private_target'],
			['https://tablee.localhost/', 'private_target'],
			['https://printer.local/', 'private_target'],
			['https://127.0.0.1/', 'private_target'],
			['https://10.1.2.3/', 'private_target'],
			['https://172.16.0.1/', 'private_target'],
			['https://192.168.1.1/', 'private_target'],
			['https://169.254.169.254/latest/meta-data', 'private_target'],
			['https://100.64.0.1/', 'private_target'],
			['https://0.0.0.0/', 'private_target'],
			['https://[::1]/', 'private_target'],
			['https://[fd00::1]/', 'private_target'],
			['https://[fe80::1]/', 'private_target'],
			['https://[::ffff:127.0.0.1]/', 'private_target'],
			['https://2130706433/', 'private_target'],
			['not a url', 'not_a_url'],
			[`https://e.org/${'a'.repeat(500)}`, 'too_long']
		];
		for (const [url, reason] of refused) expect(checkWebhookUrl(url, prod), url).toEqual({ ok: false, reason });
	});

	it('takes http only to localhost and loopback in development', () => {
		expect(checkWebhookUrl('http://127.0.0.1:8080/hook', dev)).toMatchObject({ ok: true });
		expect(checkWebhookUrl('http://localhost:8080/hook', dev)).toMatchObject({ ok: true });
		expect(checkWebhookUrl('http://[::1]:8080/hook', dev)).toMatchObject({ ok: true });
		expect(checkWebhookUrl('https://192.168.1.10/hook', dev)).toMatchObject({ ok: true });
		expect(checkWebhookUrl('http://partner.example.org/', dev)).toEqual({ ok: false, reason: 'scheme' });
		expect(checkWebhookUrl('http://192.168.1.10/', dev)).toEqual({ ok: false, reason: 'scheme' });
	});

	it('knows private addresses from public ones', () => {
		for (const a of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '2001:4860:4860::8888', 'example.org'])
			expect(isPrivateAddress(a), a).toBe(false);
		for (const a of ['127.0.0.1', '10.0.0.1', '172.31.255.255', '169.254.1.1', '::1', 'fc00::1', '224.0.0.1', '::'])
			expect(isPrivateAddress(a), a).toBe(true);
	});
});

describe('retry delays', () => {
	const policy = { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 10_000 };
	it('doubles after each failure, capped, with up to half of it random', () => {
		expect([1, 2, 3, 4, 5, 6].map((n) => retryDelay(n, 0, policy))).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000]);
		expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, 0.999999, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000]);
		expect(retryDelay(2, 0.5, policy)).toBe(1_500);
	});
});
