/**
 * The retention job on a real server: a meal dated 35 days ago (30 days kept) loses every
 * name from its board and stored log, profiles of people who have not come back since are
 * deleted, old introductions too; today's meal keeps its names, and partner figures —
 * including "returning", which depends on the old meal's anonymous member records — are
 * exactly the same. A second run changes nothing.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createMeal } from '../../server/board/meals.ts';
import { createPartnerLinks } from '../../server/partners/links.ts';
import { localDate } from '../../src/lib/domain/local-time.ts';
import { connect, startServer } from '../helpers/server.ts';
import { admin, deviceOf, joinWithDevice, TIME_ZONE, type Joined } from '../partners/fixtures.ts';

const DAY = 86_400_000;
const nameOf = (i: number) => `Anatole${i} Brindezingue`;
const contains = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text, 'utf8'));

describe('the retention job', async () => {
	const server = await startServer({ timeZone: TIME_ZONE, retention: { days: 30, everyMs: 3_600_000 } });
	const { storage, retention } = server.tablee;
	await storage.meals.createCanteen({ id: 'canteen_r', name: 'Cantine des Remparts', createdAt: 1 });
	const now = Date.now();
	const base = { canteenId: 'canteen_r', title: 'Déjeuner', time: '12:00', status: 'open' as const, tasks: [] };
	const old = await createMeal(storage, { ...base, date: localDate({ at: now - 35 * DAY, timeZone: TIME_ZONE }) });
	const lunch = await createMeal(storage, { ...base, date: localDate({ at: now, timeZone: TIME_ZONE }) });

	// Six came 35 days ago and shared an age bracket and a fact then; five of them are back today, with one newcomer.
	const then: Joined[] = [];
	for (let i = 0; i < 6; i++)
		then.push(await joinWithDevice(server.url, old.meal.joinCode, { name: nameOf(i), device: deviceOf('r', i) }));
	const keyOf = async (j: Joined) => `d:${(await storage.meals.getMember(j.memberId))!.deviceHash}`;
	for (const j of then)
		await storage.people.putProfile({
			canteenId: 'canteen_r',
			key: await keyOf(j),
			consentAt: now - 35 * DAY,
			facts: [{ id: 'f1', kind: 'skill', text: `Secret de ${j.name}`, tags: [] }],
			languages: ['fr'],
			ageBracket: '41-60',
			updatedAt: now - 35 * DAY
		});
	await storage.people.recordIntroduction({
		canteenId: 'canteen_r',
		a: await keyOf(then[0]!),
		b: await keyOf(then[1]!),
		mealId: old.meal.id,
		at: now - 35 * DAY
	});
	const today: Joined[] = [];
	for (let i = 0; i < 6; i++)
		today.push(
			await joinWithDevice(server.url, lunch.meal.joinCode, { name: nameOf(i), device: deviceOf('r', i === 5 ? 9 : i) })
		);
	const master = await connect(server.url, { role: 'master', mealId: old.meal.id, key: old.masterKey });
	expect(await master.send('meal:status', { status: 'closed' })).toEqual({ ok: true });
	master.close();

	const made = await createPartnerLinks({ storage }).create(admin, 'canteen_r', {
		label: 'Mairie',
		alsoCanteenIds: []
	});
	if (!made.ok) throw new Error(made.reason);
	const figures = async () =>
		(
			(await (
				await fetch(`${server.url}/api/partners/figures`, { headers: { authorization: `Bearer ${made.token}` } })
			).json()) as { canteens: { figures: Record<string, unknown> }[] }
		).canteens;
	const storedLog = async (mealId: string) => {
		const stored = await storage.boardLog.load(mealId);
		return [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates];
	};
	const synced = async (meal: typeof old) => {
		const conn = await connect(server.url, { role: 'screen', mealId: meal.meal.id, key: meal.screenKey });
		const state = { members: [...conn.state.members.values()], bytes: Y.encodeStateAsUpdate(conn.doc) };
		conn.close();
		return state;
	};

	it('erases names of meals older than the period and keeps the counts partners see', async () => {
		const before = await figures();
		// The returning members are known from the old meal's anonymous records.
		expect(before[0]!.figures.visitsToday).toMatchObject({ returning: { kind: 'count', value: 5 } });
		expect((await storedLog(old.meal.id)).some((u) => contains(u, nameOf(0)))).toBe(true);

		const run = await retention.run();
		expect(run).toMatchObject({ meals: 1, members: 6, profiles: 1, introductions: 1 });

		const board = await synced(old);
		expect(board.members).toHaveLength(6);
		for (const m of board.members) expect(m).toMatchObject({ name: '', emoji: '', erased: true });
		for (let i = 0; i < 6; i++) {
			expect(contains(board.bytes, nameOf(i)), nameOf(i)).toBe(false);
			for (const u of await storedLog(old.meal.id)) expect(contains(u, nameOf(i))).toBe(false);
		}
		// The meal's own counts are those of its summary, unchanged.
		expect(await storage.meals.getMeal(old.meal.id)).toMatchObject({ joined: 6, status: 'closed' });
		// Today's meal keeps its names; those who came back keep what they shared; the one who did not, not.
		const todays = await synced(lunch);
		expect(todays.members.map((m) => m.name).sort()).toEqual(today.map((j) => j.name).sort());
		for (const j of then.slice(0, 5))
			expect(await storage.people.getProfile('canteen_r', await keyOf(j))).toBeDefined();
		expect(await storage.people.getProfile('canteen_r', await keyOf(then[5]!))).toBeUndefined();
		expect(await storage.people.listIntroductions({ canteenId: 'canteen_r', since: 0 })).toEqual([]);
		expect(await figures()).toEqual(before);
	});

	it('is idempotent: a second run finds nothing and writes nothing', async () => {
		const seq = (await storage.boardLog.load(old.meal.id)).seq;
		const before = await figures();
		expect(await retention.run()).toEqual({ meals: 0, members: 0, profiles: 0, introductions: 0 });
		expect((await storage.boardLog.load(old.meal.id)).seq).toBe(seq);
		expect(await figures()).toEqual(before);
	});
});
