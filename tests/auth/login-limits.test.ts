/**
 * Guessing the administrator's password from elsewhere must stay slow, and must not lock
 * the administrator out: over real HTTP through the production build, each party with its
 * own loopback address.
 */
import { describe, expect, it } from 'vitest';
import { loadHandler } from '../browser/build.ts';
import { startServer } from '../helpers/server.ts';
import { postFormFrom } from '../helpers/from-address.ts';
import { HttpClient } from '../helpers/http-client.ts';

describe('sign-in limits', async () => {
	const server = await startServer({ appHandler: await loadHandler() });
	const setup = (await server.tablee.accounts.startSetup())!;
	const email = 'cheffe@example.org';
	const password = 'une soupe de potiron';
	const owner = '127.0.0.1';
	const login = (address: string, pass: string) =>
		postFormFrom({ address, base: server.url, path: '/login', fields: { email, password: pass } });

	it('keeps letting the owner in from their own address while a stranger keeps guessing', async () => {
		const created = await new HttpClient(server.url).post('/setup', {
			token: setup,
			email,
			name: 'Cheffe',
			password,
			confirm: password
		});
		expect(created.type).toBe('redirect');
		// The owner has signed in from here before.
		expect(await login(owner, password)).toBe(303);

		// A stranger on three addresses tries 60 passwords: well past every per-account count.
		const statuses: number[] = [];
		for (let i = 0; i < 60; i++) statuses.push(await login(`127.0.0.${2 + (i % 3)}`, `essai ${i}`));
		expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
		expect(statuses.at(-1)).toBe(429);
		// Each of the stranger's addresses is slowed down, even with the right password now.
		expect(await login('127.0.0.2', password)).toBe(429);
		// A new address is held back while the account is under attack.
		expect(await login('127.0.0.9', password)).toBe(429);

		// The owner, at their usual place, still gets in.
		expect(await login(owner, password)).toBe(303);
	});
});
