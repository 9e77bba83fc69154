import { describe, expect, it } from 'vitest';
import { createLimiter, takeAll } from './limiter.ts';

describe('limiter', () => {
	it('keeps a limited key limited through a flood of 20,000 other keys', async () => {
		const limiter = createLimiter({ name: 'spec', rule: { points: 3, perSeconds: 60 } });
		for (let i = 0; i < 3; i++) expect(await limiter.take('attacker')).toEqual({ ok: true });
		expect((await limiter.take('attacker')).ok).toBe(false);
		for (let i = 0; i < 20_000; i++) await limiter.take(`other-${i}`);
		const refused = await limiter.take('attacker');
		expect(refused.ok).toBe(false);
		expect(refused.ok === false && refused.retryAfterMs).toBeGreaterThan(0);
	});

	it('charges every budget and refuses when any one is spent', async () => {
		const small = createLimiter({ name: 'small', rule: { points: 2, perSeconds: 60 } });
		const large = createLimiter({ name: 'large', rule: { points: 100, perSeconds: 60 } });
		expect(
			await takeAll([
				[small, 'a'],
				[large, 'a']
			])
		).toEqual({ ok: true });
		expect(
			await takeAll([
				[small, 'a'],
				[large, 'a']
			])
		).toEqual({ ok: true });
		expect(
			(
				await takeAll([
					[small, 'a'],
					[large, 'a']
				])
			).ok
		).toBe(false);
		expect(await large.used('a')).toBe(3);
	});

	it('refuses windows the memory backend cannot time', () => {
		expect(() => createLimiter({ name: 'long', rule: { points: 1, perSeconds: 30 * 24 * 3600 } })).toThrow(/24 days/);
	});
});
