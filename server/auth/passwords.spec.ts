import { describe, expect, it } from 'vitest';
import { decoyHash, hashPassword, needsRehash, SCRYPT_PARAMS, verifyPassword } from './passwords.ts';

describe('passwords', () => {
	it('hashes with scrypt N=2^15 r=8 p=1, a 16-byte salt and a 64-byte key, in a self-describing string', async () => {
		const stored = await hashPassword('une soupe de potiron');
		const [scheme, N, r, p, salt, key] = stored.split('$');
		expect({ scheme, N: Number(N), r: Number(r), p: Number(p) }).toEqual({ scheme: 'scrypt', ...SCRYPT_PARAMS });
		expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
		expect(Buffer.from(key!, 'base64url')).toHaveLength(64);
		expect(needsRehash(stored)).toBe(false);
	});

	it('verifies the right password only, and salts every hash', async () => {
		const a = await hashPassword('une soupe de potiron');
		const b = await hashPassword('une soupe de potiron');
		expect(a).not.toBe(b);
		expect(await verifyPassword('une soupe de potiron', a)).toBe(true);
		expect(await verifyPassword('une soupe de potiron', b)).toBe(true);
		expect(await verifyPassword('une soupe de potiron ', a)).toBe(false);
		expect(await verifyPassword('', a)).toBe(false);
	});

	it('treats composed and decomposed accents as the same password', async () => {
		const stored = await hashPassword('crème brûlée du jeudi');
		expect(await verifyPassword('cre\u0300me bru\u0302le\u0301e du jeudi', stored)).toBe(true);
	});

	it('still verifies hashes made with other parameters, and asks to upgrade weaker ones', async () => {
		const stored = await hashPassword('une soupe de potiron');
		const [, , , , salt, key] = stored.split('$');
		// Same salt, other N: a different key, so verification must use the stored N.
		const weaker = `scrypt$16384$8$1$${salt}$${key}`;
		expect(await verifyPassword('une soupe de potiron', weaker)).toBe(false);
		expect(needsRehash(weaker)).toBe(true);
	});

	it('never matches a malformed or absurd stored hash', async () => {
		for (const stored of [
			'',
			'plain',
			'scrypt$1$2$3',
			'bcrypt$32768$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5',
			`scrypt$${2 ** 30}$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5`,
			'scrypt$1000$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5'
		]) {
			expect(await verifyPassword('une soupe de potiron', stored), stored).toBe(false);
			expect(needsRehash(stored)).toBe(true);
		}
		expect(await verifyPassword('x'.repeat(201), await decoyHash())).toBe(false);
	});
});
