/**
 * Staff accounts over real HTTP against the production build: the SvelteKit form actions
 * and loads through build/handler.js, cookies as a browser keeps them, and the master
 * socket opened by the session cookie alone. Who can do what is checked for anonymous,
 * staff of canteen A, staff of canteen B and the administrator.
 */
import * as devalue from 'devalue';
import { describe, expect, it, vi } from 'vitest';
import { hashSecret, newSecret } from '../../server/auth/secrets.ts';
import { createMeal } from '../../server/board/meals.ts';
import { BoardConnection } from '../../src/lib/client/connection.ts';
import { loadHandler } from '../browser/build.ts';
import { startServer } from '../helpers/server.ts';
import { fr } from '../../src/lib/i18n/fr.ts';

type ActionResult = { type: string; status: number; location?: string; data?: Record<string, unknown> };

describe('staff accounts over HTTP', async () => {
	const server = await startServer({ appHandler: await loadHandler() });
	const { storage, accounts } = server.tablee;
	const setupToken = (await accounts.startSetup())!;

	/** One browser: keeps the session cookie it is given, sends it back. */
	class Client {
		cookie: string | undefined;
		async post(path: string, fields: Record<string, string>, origin = server.url): Promise<ActionResult> {
			const res = await fetch(`${server.url}${path}`, {
				method: 'POST',
				redirect: 'manual',
				headers: {
					origin,
					'content-type': 'application/x-www-form-urlencoded',
					accept: 'application/json',
					'x-sveltekit-action': 'true',
					...(this.cookie ? { cookie: this.cookie } : {})
				},
				body: new URLSearchParams(fields)
			});
			this.#keep(res);
			if (!res.headers.get('content-type')?.includes('json')) {
				return { type: 'refused', status: res.status, data: { message: await res.text() } };
			}
			const body = (await res.json()) as ActionResult & { data?: string };
			// An error thrown before the action (hooks, guards) is a plain { message } body.
			if (!body.type) return { type: 'error', status: res.status, data: body };
			return { ...body, data: typeof body.data === 'string' ? devalue.parse(body.data) : body.data };
		}
		/** A page's server data as the client router fetches it. */
		async load(path: string): Promise<{ type: string; status?: number; location?: string; text: string }> {
			const res = await fetch(`${server.url}${path}/__data.json`, {
				redirect: 'manual',
				headers: this.cookie ? { cookie: this.cookie } : {}
			});
			this.#keep(res);
			const text = await res.text();
			const body = JSON.parse(text) as { type: string; status?: number; location?: string };
			return { type: body.type, status: body.status ?? res.status, location: body.location, text };
		}
		#keep(res: Response) {
			for (const set of res.headers.getSetCookie()) {
				const [pair] = set.split(';');
				const [name, value] = pair!.split('=');
				if (name !== 'tablee_session') continue;
				this.cookie = value ? `tablee_session=${value}` : undefined;
			}
		}
	}

	async function socketAs(client: Client | undefined, mealId: string, origin?: string) {
		const conn = new BoardConnection({
			url: server.url,
			credentials: { role: 'master', mealId },
			socket: {
				transports: ['websocket'],
				forceNew: true,
				reconnection: false,
				extraHeaders: { ...(client?.cookie ? { cookie: client.cookie } : {}), ...(origin ? { origin } : {}) }
			}
		});
		await vi.waitFor(() => expect(['synced', 'refused']).toContain(conn.status), { timeout: 5000 });
		const outcome = conn.status === 'synced' ? 'opened' : conn.refusal?.code;
		conn.close();
		return outcome;
	}

	const password = 'une soupe de potiron';
	const admin = new Client();
	const anonymous = new Client();
	const staffA = new Client();
	const staffB = new Client();
	let canteenA = '';
	let canteenB = '';
	let mealA = '';

	async function invite(canteenId: string): Promise<string> {
		const result = await admin.post('/admin?/invite', { canteenId });
		expect(result).toMatchObject({ type: 'success' });
		return String(result.data!.link).split('#token=')[1]!;
	}

	it('creates the first administrator through the setup link, once', async () => {
		const bad = await admin.post('/setup', {
			token: setupToken,
			email: 'chef@example.org',
			name: 'Chef',
			password,
			confirm: 'autre chose'
		});
		expect(bad).toMatchObject({ type: 'failure', status: 400, data: { error: 'auth.passwordMismatch' } });
		const short = await admin.post('/setup', {
			token: setupToken,
			email: 'chef@example.org',
			name: 'Chef',
			password: 'court',
			confirm: 'court'
		});
		expect(short.data).toEqual({ error: 'auth.passwordShort' });
		const noEmail = await admin.post('/setup', {
			token: setupToken,
			email: 'chef',
			name: 'Chef',
			password,
			confirm: password
		});
		expect(noEmail.data).toEqual({ error: 'auth.emailInvalid' });
		expect(await storage.accounts.countUsers()).toBe(0);

		const ok = await admin.post('/setup', {
			token: setupToken,
			email: 'Chef@Example.org',
			name: 'Chef',
			password,
			confirm: password
		});
		expect(ok).toMatchObject({ type: 'redirect', location: '/admin' });
		expect(admin.cookie).toBeDefined();
		expect((await storage.accounts.getUserByEmail('chef@example.org'))?.role).toBe('admin');

		const again = await new Client().post('/setup', {
			token: setupToken,
			email: 'x@example.org',
			name: 'X',
			password,
			confirm: password
		});
		expect(again).toMatchObject({ type: 'failure', status: 403, data: { error: 'auth.linkInvalid' } });
		expect(await storage.accounts.countUsers()).toBe(1);
	});

	it('sets the session cookie HttpOnly, SameSite=Lax, Path=/, for 30 days, Secure only over https', async () => {
		const login = async (proto?: string) => {
			const res = await fetch(`${server.url}/login`, {
				method: 'POST',
				redirect: 'manual',
				headers: {
					origin: proto ? `${proto}://${new URL(server.url).host}` : server.url,
					'content-type': 'application/x-www-form-urlencoded',
					// A plain browser form post (no JavaScript): the answer is a real 303.
					accept: 'text/html',
					...(proto ? { 'x-forwarded-proto': proto } : {})
				},
				body: new URLSearchParams({ email: 'chef@example.org', password })
			});
			expect(res.status).toBe(303);
			return res.headers.getSetCookie().find((c) => c.startsWith('tablee_session='))!;
		};
		const plain = await login();
		expect(plain).toMatch(/; HttpOnly/i);
		expect(plain).toMatch(/; SameSite=Lax/i);
		expect(plain).toMatch(/; Path=\//i);
		expect(plain).not.toMatch(/; Secure/i);
		const expires = Date.parse(/Expires=([^;]+)/i.exec(plain)![1]!);
		expect(Math.abs(expires - (Date.now() + 30 * 24 * 3600 * 1000))).toBeLessThan(60_000);
		expect(await login('https')).toMatch(/; Secure/i);
	});

	it('lets the administrator create canteens and invitations, and no one else', async () => {
		expect(await admin.post('/admin?/canteen', { name: '   ' })).toMatchObject({
			type: 'failure',
			data: { action: 'canteen', error: 'admin.canteenNameInvalid' }
		});
		expect(await admin.post('/admin?/canteen', { name: 'x'.repeat(81) })).toMatchObject({ type: 'failure' });
		expect(await admin.post('/admin?/canteen', { name: 'Cantine du Canal' })).toMatchObject({ type: 'success' });
		expect(await admin.post('/admin?/canteen', { name: 'Cantine des Lilas' })).toMatchObject({ type: 'success' });
		const canteens = await storage.meals.listCanteens();
		canteenA = canteens.find((c) => c.name === 'Cantine du Canal')!.id;
		canteenB = canteens.find((c) => c.name === 'Cantine des Lilas')!.id;
		mealA = (
			await createMeal(storage, {
				canteenId: canteenA,
				title: 'Déjeuner du canal',
				date: '2030-05-02',
				time: '12:30',
				status: 'open',
				tasks: []
			})
		).meal.id;
		await createMeal(storage, {
			canteenId: canteenB,
			title: 'Déjeuner des lilas',
			date: '2030-05-02',
			time: '12:30',
			status: 'open',
			tasks: []
		});

		expect(await admin.post('/admin?/invite', { canteenId: 'canteen_nope' })).toMatchObject({
			type: 'failure',
			status: 404
		});
		expect(await admin.post('/admin?/invite', { canteenId: '../x' })).toMatchObject({ type: 'failure', status: 400 });

		const tokenA = await invite(canteenA);
		const tokenB = await invite(canteenB);
		expect(
			await staffA.post('/invite', {
				token: tokenA,
				email: 'awa@example.org',
				name: 'Awa',
				password,
				confirm: password
			})
		).toMatchObject({ type: 'redirect', location: '/staff' });
		expect(
			await staffB.post('/invite', {
				token: tokenB,
				email: 'bruno@example.org',
				name: 'Bruno',
				password,
				confirm: password
			})
		).toMatchObject({ type: 'redirect', location: '/staff' });

		// Anonymous is sent to the login page; staff are refused, whatever they post.
		for (const [who, client, expected] of [
			['anonymous', anonymous, { type: 'redirect', location: '/login' }],
			['staff A', staffA, { status: 403 }],
			['staff B', staffB, { status: 403 }]
		] as const) {
			expect(await client.load('/admin'), who).toMatchObject(expected);
			expect(await client.post('/admin?/canteen', { name: 'Pirate' }), who).toMatchObject(expected);
			expect(await client.post('/admin?/invite', { canteenId: canteenA }), who).toMatchObject(expected);
		}
		expect((await storage.meals.listCanteens()).map((c) => c.name)).not.toContain('Pirate');
		expect((await admin.load('/admin')).text).toContain('Cantine du Canal');
	});

	it('answers malformed forms on every action with a translated error and changes nothing', async () => {
		const before = {
			users: await storage.accounts.countUsers(),
			canteens: (await storage.meals.listCanteens()).length
		};
		const cases: [Client, string, Record<string, string>][] = [
			[admin, '/admin?/canteen', {}],
			[admin, '/admin?/canteen', { name: 'a\u0000b' }],
			[admin, '/admin?/invite', {}],
			[admin, '/admin?/invite', { canteenId: 'nope' }],
			[admin, '/admin?/invite', { canteenId: 'x'.repeat(5000) }],
			[anonymous, '/login', {}],
			[anonymous, '/login', { email: 'ada@example.org', password: 'x'.repeat(10_000) }],
			[admin, '/account?/password', {}],
			[admin, '/account?/password', { current: password, password: 'short', confirm: 'short' }],
			[anonymous, '/setup', {}],
			[anonymous, '/invite', { token: 'short', email: 'x', name: '', password: '', confirm: '' }]
		];
		for (const [client, path, fields] of cases) {
			const result = await client.post(path, fields);
			const where = `${path} ${JSON.stringify(fields).slice(0, 60)}`;
			expect(result.type, where).toBe('failure');
			expect(result.status, where).toBeGreaterThanOrEqual(400);
			expect(result.status, where).toBeLessThan(500);
			const error = (result.data as { error?: string }).error;
			expect(Object.keys(fr), where).toContain(error);
		}
		expect({
			users: await storage.accounts.countUsers(),
			canteens: (await storage.meals.listCanteens()).length
		}).toEqual(before);
		// The administrator is still signed in: bad input never costs a session.
		expect(await admin.load('/admin')).toMatchObject({ type: 'data' });
	});

	it('shows each person only the canteens they belong to; the administrator sees all', async () => {
		const seen = async (client: Client) => {
			const data = await client.load('/staff');
			expect(data.type).toBe('data');
			return ['Cantine du Canal', 'Cantine des Lilas', 'Déjeuner du canal'].filter((n) => data.text.includes(n));
		};
		expect(await seen(admin)).toEqual(['Cantine du Canal', 'Cantine des Lilas', 'Déjeuner du canal']);
		expect(await seen(staffA)).toEqual(['Cantine du Canal', 'Déjeuner du canal']);
		expect(await seen(staffB)).toEqual(['Cantine des Lilas']);
		expect(await anonymous.load('/staff')).toMatchObject({ type: 'redirect', location: '/login' });
		expect(await anonymous.load('/account')).toMatchObject({ type: 'redirect', location: '/login' });
	});

	it('opens a meal’s master socket by session cookie for its canteen’s staff and administrators only', async () => {
		expect(await socketAs(admin, mealA)).toBe('opened');
		expect(await socketAs(staffA, mealA)).toBe('opened');
		expect(await socketAs(staffB, mealA)).toBe('unauthorized');
		expect(await socketAs(anonymous, mealA)).toBe('unauthorized');
		expect(await socketAs(undefined, mealA)).toBe('unauthorized');
		const forged = new Client();
		forged.cookie = `tablee_session=${newSecret()}`;
		expect(await socketAs(forged, mealA)).toBe('unauthorized');
		// Another site's page cannot ride the session (cross-site WebSocket hijacking)…
		expect(await socketAs(staffA, mealA, 'https://evil.example')).toBe('unauthorized');
		// …while our own page, which sends its own origin, can.
		expect(await socketAs(staffA, mealA, server.url)).toBe('opened');
		// The key path still works for the same meal, signed in or not.
		expect(await socketAs(staffB, server.demo.meal.id)).toBe('unauthorized');
	});

	it('uses an invitation once, and never after it expires', async () => {
		const token = await invite(canteenA);
		const fields = { token, email: 'chloe@example.org', name: 'Chloé', password, confirm: password };
		const taken = await new Client().post('/invite', { ...fields, email: 'AWA@example.org' });
		expect(taken).toMatchObject({ type: 'failure', status: 409, data: { error: 'auth.emailTaken' } });
		expect(await new Client().post('/invite', fields)).toMatchObject({ type: 'redirect' });
		expect(await new Client().post('/invite', { ...fields, email: 'dan@example.org' })).toMatchObject({
			type: 'failure',
			status: 403,
			data: { error: 'auth.linkInvalid' }
		});

		const expired = newSecret();
		await storage.accounts.createInvitation({
			tokenHash: hashSecret(expired),
			canteenId: canteenA,
			role: 'staff',
			createdBy: (await storage.accounts.getUserByEmail('chef@example.org'))!.id,
			createdAt: 1,
			expiresAt: Date.now() - 1,
			usedAt: null
		});
		expect(await new Client().post('/invite', { ...fields, token: expired, email: 'eve@example.org' })).toMatchObject({
			status: 403
		});
		expect(await new Client().post('/invite', { email: 'eve@example.org' })).toMatchObject({
			status: 400,
			data: { error: 'auth.badForm' }
		});
		expect(await storage.accounts.getUserByEmail('eve@example.org')).toBeUndefined();
	});

	it('answers a wrong password and an unknown email alike, and logs out for good', async () => {
		const wrong = await new Client().post('/login', { email: 'awa@example.org', password: 'pas le bon mot de passe' });
		const unknown = await new Client().post('/login', { email: 'nobody@example.org', password });
		const garbage = await new Client().post('/login', { email: 'awa@example.org' });
		for (const r of [wrong, unknown, garbage])
			expect(r).toMatchObject({ type: 'failure', status: 400, data: { error: 'auth.loginFailed' } });

		const laptop = new Client();
		expect(await laptop.post('/login', { email: 'AWA@example.org ', password })).toMatchObject({
			type: 'redirect',
			location: '/staff'
		});
		const session = laptop.cookie!;
		expect((await laptop.load('/staff')).type).toBe('data');
		expect(await laptop.post('/account?/logout', {})).toMatchObject({ type: 'redirect', location: '/login' });
		expect(laptop.cookie).toBeUndefined();
		// The old cookie, replayed, opens nothing any more.
		laptop.cookie = session;
		expect(await laptop.load('/staff')).toMatchObject({ type: 'redirect', location: '/login' });
		expect(await socketAs(laptop, mealA)).toBe('unauthorized');
	});

	it('rotates the session on login and revokes the other sessions on a password change', async () => {
		const phone = new Client();
		await phone.post('/login', { email: 'awa@example.org', password });
		const before = phone.cookie;
		await phone.post('/login', { email: 'awa@example.org', password });
		expect(phone.cookie).not.toBe(before);
		const replay = new Client();
		replay.cookie = before;
		expect(await replay.load('/staff')).toMatchObject({ type: 'redirect' });

		const next = 'un gratin de courgettes';
		expect(
			await staffA.post('/account?/password', { current: 'faux mot de passe', password: next, confirm: next })
		).toMatchObject({ status: 400, data: { error: 'auth.currentWrong' } });
		expect(
			await staffA.post('/account?/password', { current: password, password: 'court', confirm: 'court' })
		).toMatchObject({ status: 400, data: { error: 'auth.passwordShort' } });
		const old = staffA.cookie;
		expect(await staffA.post('/account?/password', { current: password, password: next, confirm: next })).toMatchObject(
			{ type: 'success', data: { changed: true } }
		);
		expect(staffA.cookie).not.toBe(old);
		expect((await staffA.load('/staff')).type).toBe('data');
		expect(await phone.load('/staff')).toMatchObject({ type: 'redirect', location: '/login' });
		expect(await socketAs(phone, mealA)).toBe('unauthorized');
		expect(await new Client().post('/login', { email: 'awa@example.org', password })).toMatchObject({ status: 400 });
		expect(await new Client().post('/login', { email: 'awa@example.org', password: next })).toMatchObject({
			type: 'redirect'
		});
	});

	it('refuses a cross-site form post (SvelteKit’s origin check)', async () => {
		const res = await fetch(`${server.url}/admin?/canteen`, {
			method: 'POST',
			headers: {
				origin: 'https://evil.example',
				'content-type': 'application/x-www-form-urlencoded',
				cookie: admin.cookie!
			},
			body: new URLSearchParams({ name: 'Cross-site' })
		});
		expect(res.status).toBe(403);
		expect((await storage.meals.listCanteens()).map((c) => c.name)).not.toContain('Cross-site');
	});

	it('slows down repeated login attempts for one email', async () => {
		const results = [];
		for (let i = 0; i < 11; i++)
			results.push(
				(await new Client().post('/login', { email: 'bruno@example.org', password: `essai numéro ${i}` })).status
			);
		expect(results.slice(0, 10).every((s) => s === 400)).toBe(true);
		expect(results[10]).toBe(429);
		// Even the right password waits its turn.
		expect(await new Client().post('/login', { email: 'bruno@example.org', password })).toMatchObject({
			status: 429,
			data: { error: 'auth.rateLimited' }
		});
	});
});
