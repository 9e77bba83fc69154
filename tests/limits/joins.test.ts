/**
 * One address cannot fill a meal: real joins over HTTP, each party on its own loopback
 * address, the Canteen Master's console on a real socket hearing of the refusals and
 * letting a network in, or removing the wave it brought.
 */
import { describe, expect, it, vi } from 'vitest';
import type { JoinsRefused } from '../../src/lib/protocol/events.ts';
import { joinFrom, requestFrom } from '../helpers/from-address.ts';
import { connect, masterConnection, startServer } from '../helpers/server.ts';

describe('joins per network', async () => {
	// Production's limits, except the join rate, so the cap per network is what refuses here.
	const server = await startServer({ limits: { joins: { joins: { points: 10_000, perSeconds: 600 } } } });
	const code = server.demo.meal.joinCode;
	const members = () => server.tablee.sessions.read(server.demo.meal.id, (s) => s.members.size);

	it('stops a scripted flood from one address at the network cap, tells the Canteen Master, and still lets a neighbour in', async () => {
		const master = await masterConnection(server);
		const notices: JoinsRefused[] = [];
		master.socket.on('joins:refused', (n) => notices.push(n));
		const before = await members();

		const flood = await Promise.all(
			Array.from({ length: 220 }, (_, i) =>
				joinFrom({ address: '127.0.0.2', base: server.url, code, name: `Robot ${i}` })
			)
		);
		const admitted = flood.filter((r) => r.status === 201).length;
		expect(admitted).toBe(40);
		expect(flood.filter((r) => r.status === 409).every((r) => r.body.code === 'network_full')).toBe(true);
		expect(await members()).toBe(before + 40);

		const neighbour = await joinFrom({ address: '127.0.0.3', base: server.url, code, name: 'Voisine' });
		expect(neighbour.status).toBe(201);

		await vi.waitFor(() => expect(notices.at(-1)).toMatchObject({ refused: 180, cap: 40 }));
		const network = notices.at(-1)!.network;
		expect(network).toMatch(/^[0-9A-F]{6}$/);
		// The tag is not the address.
		expect(JSON.stringify(notices)).not.toContain('127.0.0.2');

		// A class on one phone: the Canteen Master lets ten more in from that network.
		expect(await master.send('joins:allow', { network, more: 10 })).toEqual({ ok: true, cap: 50 });
		const more = await Promise.all(
			Array.from({ length: 12 }, (_, i) =>
				joinFrom({ address: '127.0.0.2', base: server.url, code, name: `Élève ${i}` })
			)
		);
		expect(more.filter((r) => r.status === 201)).toHaveLength(10);

		// And removes the whole wave from that network at once; the neighbour stays.
		const robot = flood.find((r) => r.status === 201)!.body as { mealId: string; token: string };
		const removed = await master.send('members:remove-wave', { network });
		expect(removed).toEqual({ ok: true, removed: 50 });
		expect(await members()).toBe(before + 1);
		// Their tokens no longer open the board.
		await expect(connect(server.url, { role: 'member', mealId: robot.mealId, token: robot.token })).rejects.toThrow();
		master.close();
	});

	it('removes everyone who joined in the last minutes, never a walk-in or someone before', async () => {
		const master = await masterConnection(server);
		const walkIn = await master.send('member:walkin', { name: 'Sans Téléphone' });
		expect(walkIn.ok).toBe(true);
		const before = await members();
		for (let i = 0; i < 3; i++) {
			expect((await joinFrom({ address: '127.0.0.4', base: server.url, code, name: `Vague ${i}` })).status).toBe(201);
		}
		expect(await members()).toBe(before + 3);
		const removed = await master.send('members:remove-wave', { sinceMinutes: 1 });
		expect(removed).toMatchObject({ ok: true });
		// Those three, and the neighbour of the first test only if within the minute; never the walk-in.
		expect(await members()).toBeLessThanOrEqual(before);
		expect(
			await server.tablee.sessions.read(server.demo.meal.id, (s) => [...s.members.values()].some((m) => m.walkIn))
		).toBe(true);
		// Members cannot send it.
		const member = await joinFrom({ address: '127.0.0.5', base: server.url, code, name: 'Curieux' });
		const body = member.body as { mealId: string; token: string };
		const phone = await connect(server.url, { role: 'member', mealId: body.mealId, token: body.token });
		expect(await phone.send('members:remove-wave', { sinceMinutes: 5 })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		phone.close();
		master.close();
	});
});

describe('join-code lookups and joins per address', async () => {
	const server = await startServer();
	const code = server.demo.meal.joinCode;

	it('answers 429 with Retry-After past the lookup rate, for that address only', async () => {
		const statuses: number[] = [];
		let retryAfter: string | string[] | undefined;
		for (let i = 0; i < 130; i++) {
			const reply = await requestFrom({ address: '127.0.0.6', url: `${server.url}/api/join/${code}` });
			statuses.push(reply.status);
			if (reply.status === 429) retryAfter = reply.headers['retry-after'];
		}
		expect(statuses.filter((s) => s === 200)).toHaveLength(120);
		expect(statuses.at(-1)).toBe(429);
		expect(Number(retryAfter)).toBeGreaterThan(0);
		expect((await requestFrom({ address: '127.0.0.7', url: `${server.url}/api/join/${code}` })).status).toBe(200);
	});

	it('keeps a limited address limited however many other addresses come and go', async () => {
		const proxied = await startServer({ limits: { trustProxy: true } });
		const lookup = (address: string) =>
			fetch(`${proxied.url}/api/join/${proxied.demo.meal.joinCode}`, { headers: { 'x-forwarded-for': address } });
		for (let i = 0; i < 120; i++) expect((await lookup('203.0.113.9')).status).toBe(200);
		expect((await lookup('203.0.113.9')).status).toBe(429);
		// A flood from other addresses (server/limits/limiter.spec.ts goes past the 10,000
		// keys at which the old limiter forgot everyone).
		for (let i = 0; i < 1000; i++) await lookup(`198.51.${(i >> 8) & 255}.${i & 255}`);
		expect((await lookup('203.0.113.9')).status).toBe(429);
	});
});
