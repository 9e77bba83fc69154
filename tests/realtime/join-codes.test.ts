/**
 * The rotating join code over real HTTP and sockets, on a clock the test moves: the
 * kitchen screen and the console are told each new code as it rotates, members never;
 * the code just replaced still lets people join during the grace, then answers as
 * expired (410) while still naming its meal for phones already in it; members who joined
 * with an old code stay in; a meal nobody watches keeps its code.
 */
import { describe, expect, it, vi } from 'vitest';
import type { JoinCodeInfo } from '../../src/lib/protocol/events.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { connect, joinMember, masterConnection, startServer } from '../helpers/server.ts';

const timing = { everyMs: 5 * 60_000, graceMs: 2 * 60_000 };

describe('rotating join codes', async () => {
	let clock = Date.now();
	const server = await startServer({
		joinRate: { burst: 1000, perSecond: 100 },
		joinCodes: { timing, now: () => clock }
	});
	const { meal, screenKey } = server.demo;
	const first = meal.joinCode;

	async function join(code: string, name = 'Awa') {
		return fetch(`${server.url}/api/join/${code}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name })
		});
	}
	const describeCode = async (code: string) => {
		const res = await fetch(`${server.url}/api/join/${code}`);
		return { status: res.status, body: (await res.json()) as Record<string, unknown> };
	};

	it('keeps the code of a meal nobody watches', async () => {
		clock += timing.everyMs * 3;
		expect((await describeCode(first)).body).toMatchObject({ mealId: meal.id, joinable: true, expired: false });
		expect((await join(first, 'Early')).status).toBe(201);
	});

	it('rotates while watched, tells the screen and the console, never members, and keeps a grace', async () => {
		const screen = await connect(server.url, { role: 'screen', mealId: meal.id, key: screenKey });
		// The first code has been up for three periods: the screen's arrival rotates it.
		const second = screen.joinCode!.code;
		expect(second).not.toBe(first);
		expect(screen.welcome?.joinCode).toBe(second);
		expect(screen.joinCode?.rotatesAt).toBe(clock + timing.everyMs);

		const master = await masterConnection(server);
		expect(master.joinCode?.code).toBe(second);
		const joined = await joinMember(server.url, second, 'Bruno');
		const member = await connect(server.url, { role: 'member', mealId: meal.id, token: joined.token });
		const memberHeard: JoinCodeInfo[] = [];
		member.socket.on('joincode', (info) => memberHeard.push(info));
		expect(member.welcome?.joinCode).toBe(first);

		// Within the grace the first code still lets people in.
		expect((await join(first, 'Chloé')).status).toBe(201);

		// Five minutes on: the next code reaches every screen and console by itself.
		clock += timing.everyMs;
		const another = await connect(server.url, { role: 'screen', mealId: meal.id, key: screenKey });
		const third = another.joinCode!.code;
		expect([first, second]).not.toContain(third);
		await vi.waitFor(() => expect(screen.joinCode?.code).toBe(third));
		await vi.waitFor(() => expect(master.joinCode?.code).toBe(third));

		// The second code works for the grace, then is expired; the third works.
		clock += timing.graceMs - 1;
		expect((await join(second, 'Dev')).status).toBe(201);
		clock += 1;
		const expired = await join(second, 'Eli');
		expect(expired.status).toBe(410);
		expect(await expired.json()).toMatchObject({ code: 'code_expired', message: expect.any(String) });
		expect(await describeCode(second)).toEqual({
			status: 200,
			body: expect.objectContaining({ mealId: meal.id, joinable: false, expired: true })
		});
		expect((await join(first, 'Fanny')).status).toBe(410);
		expect((await join(third, 'Gaston')).status).toBe(201);
		expect((await describeCode('ZZZZ99')).status).toBe(404);

		// Members who came in with an old code are still in: their phone holds a token.
		const again = await connect(server.url, { role: 'member', mealId: meal.id, token: joined.token });
		expect(again.state.members.get(joined.memberId)?.checkedIn).toBe(true);
		expect(memberHeard).toEqual([]);
		for (const c of [screen, another, master, member, again]) c.close();
	});

	it('keeps the rotated codes in the database, for another process to read', async () => {
		const other = openSqliteStorage({ dataDir: server.dataDir });
		try {
			const current = (await other.meals.currentJoinCode(meal.id))!;
			expect(current.code).toBe((await server.tablee.storage.meals.currentJoinCode(meal.id))!.code);
			expect(current.code).not.toBe(first);
			expect(await other.meals.findJoinCode(first)).toMatchObject({ mealId: meal.id, retiredAt: expect.any(Number) });
			// A stale rotation (another process got there first) changes nothing.
			expect(
				await other.meals.rotateJoinCode({ mealId: meal.id, expected: first, next: 'QQQQ22', now: clock })
			).toEqual({
				ok: false,
				reason: 'stale'
			});
			expect(
				await other.meals.rotateJoinCode({ mealId: meal.id, expected: current.code, next: first, now: clock })
			).toEqual({ ok: false, reason: 'join_code_taken' });
		} finally {
			await other.close();
		}
	});
});

describe('rotating join codes on the real clock', async () => {
	// A short period, so the screen's own timer is seen to fire; the test awaits the event.
	const server = await startServer({ joinCodes: { timing: { everyMs: 300, graceMs: 60_000 } } });

	it('sends the next code to a screen that stays connected, with nobody else arriving', async () => {
		const { meal, screenKey } = server.demo;
		const screen = await connect(server.url, { role: 'screen', mealId: meal.id, key: screenKey });
		const shown = new Set([screen.joinCode!.code]);
		await vi.waitFor(() => expect(shown.add(screen.joinCode!.code).size).toBeGreaterThanOrEqual(3), {
			timeout: 10_000,
			interval: 50
		});
		screen.close();
	});
});
