/**
 * A ban must never be lost: it is stored before the member leaves the board, so when the
 * board write fails (here the store refuses it as a full disk would) the device is already
 * blocked, and the Canteen Master's retry finishes the removal under the same ban, even a
 * retry that comes after the removal went through (a lost answer).
 */
import { describe, expect, it } from 'vitest';
import { connect, masterConnection, startServer } from '../helpers/server.ts';

describe('moderation survives a failed write', async () => {
	const server = await startServer();
	const { storage } = server.tablee;
	const mealId = server.demo.meal.id;
	const canteenId = server.demo.meal.canteenId;
	const device = 'device-0042-abcdefghijkl';

	it('stores the ban before the removal and answers a retry with the same ban', async () => {
		const res = await fetch(`${server.url}/api/join/${server.demo.meal.joinCode}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Perturbateur', device })
		});
		const joined = (await res.json()) as { memberId: string; token: string };
		const master = await masterConnection(server);

		// The next board write fails, as SQLite does on a full disk.
		const { boardLog } = storage;
		const append = boardLog.append.bind(boardLog);
		boardLog.append = async () => {
			boardLog.append = append;
			throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
		};
		const failed = await master.send('member:ban', { memberId: joined.memberId, cid: 'ban-1' });
		expect(failed).toMatchObject({ ok: false, code: 'saving_paused' });
		// The device is blocked already, though the member is still on the board.
		const bans = await storage.moderation.listBans(canteenId);
		expect(bans.filter((b) => b.name === 'Perturbateur')).toHaveLength(1);
		expect(await server.tablee.sessions.read(mealId, (s) => s.members.has(joined.memberId))).toBe(true);

		const retried = await master.send('member:ban', { memberId: joined.memberId, cid: 'ban-1' });
		expect(retried).toEqual({ ok: true, banId: bans[0]!.id });
		expect(await server.tablee.sessions.read(mealId, (s) => s.members.has(joined.memberId))).toBe(false);

		// Its answer lost, the console asks again with a new cid: done, same ban, no second one.
		const again = await master.send('member:ban', { memberId: joined.memberId, cid: 'ban-2' });
		expect(again).toEqual({ ok: true, banId: bans[0]!.id });
		expect((await storage.moderation.listBans(canteenId)).filter((b) => b.name === 'Perturbateur')).toHaveLength(1);
		await expect(connect(server.url, { role: 'member', mealId, token: joined.token })).rejects.toThrow();
		master.close();
	});

	it('stores no ban when the ban is refused', async () => {
		const master = await masterConnection(server);
		const before = (await storage.moderation.listBans(canteenId)).length;
		expect(await master.send('member:ban', { memberId: 'm_nobodyhere' })).toMatchObject({
			ok: false,
			code: 'member_not_found'
		});
		expect(await storage.moderation.listBans(canteenId)).toHaveLength(before);
		master.close();
	});
});
