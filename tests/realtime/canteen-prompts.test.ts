/**
 * A canteen's own prompts in the console, through real sockets: `prompt:library` answers
 * the meal's canteen's prompts that are not archived, to its Canteen Masters only (key or
 * session); pushing one by id reaches the board like a library prompt and is recorded in
 * the canteen's history; an archived one, another canteen's or an unknown id is refused
 * with a clear code and nothing changes.
 */
import { describe, expect, it, vi } from 'vitest';
import { createMeal } from '../../server/board/meals.ts';
import type { CanteenPromptRecord } from '../../server/storage/storage.ts';
import { connect, masterConnection, memberConnection, startServer } from '../helpers/server.ts';
import { adminPerson, sessionMaster, staffPerson } from '../helpers/staff.ts';

describe('a canteen’s own prompts over real sockets', async () => {
	const server = await startServer({ joinRate: { burst: 1000, perSecond: 100 } });
	const { storage } = server.tablee;
	const mealA = server.demo.meal.id;
	const canteenA = server.demo.meal.canteenId;
	await storage.meals.createCanteen({ id: 'canteen_b', name: 'Les Lilas', createdAt: 1 });
	const mealB = await createMeal(storage, {
		canteenId: 'canteen_b',
		title: 'Déjeuner des Lilas',
		date: '2030-05-02',
		time: '12:30',
		status: 'open',
		tasks: []
	});

	const own = (over: Partial<CanteenPromptRecord>): CanteenPromptRecord => ({
		id: 'cp_tajine',
		canteenId: canteenA,
		text: { fr: 'Qui a déjà mangé un tajine fait maison ?', en: 'Who has had a home-made tagine?' },
		category: 'menu',
		phases: ['cooking', 'table'],
		keywords: ['tajine'],
		createdBy: 'u_x',
		createdAt: 10,
		archived: false,
		...over
	});
	await storage.prompts.createCanteenPrompt(own({}));
	await storage.prompts.createCanteenPrompt(
		own({ id: 'cp_archived', text: { fr: 'Ancienne question ?', en: '' }, createdAt: 11, archived: true })
	);
	await storage.prompts.createCanteenPrompt(
		own({ id: 'cp_market', category: 'neighbourhood', keywords: [], createdAt: 12 })
	);
	await storage.prompts.createCanteenPrompt(
		own({ id: 'cp_lilas', canteenId: 'canteen_b', text: { fr: 'Les Lilas ?', en: '' } })
	);

	const admin = await adminPerson(storage);
	const staffA = await staffPerson(storage, canteenA, admin.id);
	const staffB = await staffPerson(storage, 'canteen_b', admin.id);

	const entry = (p: CanteenPromptRecord) => ({
		id: p.id,
		category: p.category,
		phases: p.phases,
		text: p.text,
		keywords: p.keywords
	});

	it('answers the canteen’s prompts, not archived, to its Canteen Masters by key or session', async () => {
		const byKey = await masterConnection(server);
		const expected = [
			entry(own({})),
			entry(own({ id: 'cp_market', category: 'neighbourhood', keywords: [], createdAt: 12 }))
		];
		expect(await byKey.send('prompt:library', {})).toEqual({ ok: true, prompts: expected });
		for (const person of [staffA, admin]) {
			const bySession = sessionMaster(server.url, mealA, person.cookie);
			await bySession.whenSynced();
			expect(await bySession.send('prompt:library', {})).toEqual({ ok: true, prompts: expected });
			bySession.close();
		}
		// The Canteen Master of another canteen's meal hears only their own canteen's.
		const masterB = await connect(server.url, { role: 'master', mealId: mealB.meal.id, key: mealB.masterKey });
		expect(await masterB.send('prompt:library', {})).toEqual({
			ok: true,
			prompts: [entry(own({ id: 'cp_lilas', canteenId: 'canteen_b', text: { fr: 'Les Lilas ?', en: '' } }))]
		});
		for (const c of [byKey, masterB]) c.close();
	});

	it('never opens a console to staff of another canteen or to nobody', async () => {
		for (const cookie of [staffB.cookie, undefined]) {
			const conn = sessionMaster(server.url, mealA, cookie);
			await vi.waitFor(() => expect(conn.status).toBe('refused'));
			expect(conn.refusal?.code).toBe('unauthorized');
			conn.close();
		}
	});

	it('refuses the list and pushes of own prompts to members and the kitchen screen', async () => {
		const member = await memberConnection(server, 'Awa');
		const screen = await connect(server.url, { role: 'screen', mealId: mealA, key: server.demo.screenKey });
		const seq = (await storage.boardLog.load(mealA)).seq;
		for (const conn of [member.conn, screen]) {
			expect(await conn.send('prompt:library', {})).toMatchObject({ ok: false, code: 'forbidden' });
			expect(await conn.send('prompt:push', { promptId: 'cp_tajine' })).toMatchObject({ ok: false, code: 'forbidden' });
		}
		expect((await storage.boardLog.load(mealA)).seq).toBe(seq);
		member.conn.close();
		screen.close();
	});

	it('pushes an own prompt by id to everyone and to one member, recording who heard it', async () => {
		const master = await masterConnection(server);
		const member = await memberConnection(server, 'Bilal');
		const screen = await connect(server.url, { role: 'screen', mealId: mealA, key: server.demo.screenKey });
		const since = Date.now();

		const ack = await master.send('prompt:push', { promptId: 'cp_tajine' });
		if (!ack.ok) throw new Error(ack.code);
		const shown = { id: ack.id, promptId: 'cp_tajine', text: own({}).text, pushedAt: expect.any(Number) };
		await vi.waitFor(() => expect(screen.state.prompt).toEqual(shown));
		await vi.waitFor(() => expect(member.conn.state.prompt).toEqual(shown));

		const heard: unknown[] = [];
		member.conn.socket.on('prompt', (p) => heard.push(p));
		const toOne = await master.send('prompt:push', { promptId: 'cp_market', to: member.memberId });
		expect(toOne).toMatchObject({ ok: true });
		await vi.waitFor(() => expect(heard).toEqual([expect.objectContaining({ promptId: 'cp_market' })]));

		const history = await storage.prompts.listPromptHistory({ canteenId: canteenA, since });
		expect(history.map((h) => h.promptId)).toEqual(['cp_tajine', 'cp_market']);
		expect(history[0]!.audience).toContain(member.memberId);
		expect(history[1]!.audience).toEqual([member.memberId]);
		const answered = await master.send('prompt:history', {});
		expect(answered.ok && answered.history.map((h) => h.promptId).slice(-2)).toEqual(['cp_tajine', 'cp_market']);
		for (const c of [master, member.conn, screen]) c.close();
	});

	it('refuses an archived, unknown or other canteen’s prompt with a clear code, changing nothing', async () => {
		const master = await masterConnection(server);
		const member = await memberConnection(server, 'Chloé');
		const before = {
			seq: (await storage.boardLog.load(mealA)).seq,
			history: (await storage.prompts.listPromptHistory({ canteenId: canteenA, since: 0 })).length
		};
		const refusals: [Record<string, unknown>, string][] = [
			[{ promptId: 'cp_archived' }, 'prompt_archived'],
			[{ promptId: 'cp_archived', to: member.memberId }, 'prompt_archived'],
			[{ promptId: 'cp_nope' }, 'prompt_not_found'],
			[{ promptId: 'cp_lilas' }, 'prompt_not_found']
		];
		for (const [payload, code] of refusals) {
			expect(await master.send('prompt:push', payload as never), JSON.stringify(payload)).toMatchObject({
				ok: false,
				code,
				message: expect.any(String)
			});
		}
		// Another canteen's Canteen Master cannot push this canteen's prompt at their meal either.
		const masterB = await connect(server.url, { role: 'master', mealId: mealB.meal.id, key: mealB.masterKey });
		expect(await masterB.send('prompt:push', { promptId: 'cp_tajine' })).toMatchObject({
			ok: false,
			code: 'prompt_not_found'
		});
		expect((await storage.boardLog.load(mealA)).seq).toBe(before.seq);
		expect((await storage.prompts.listPromptHistory({ canteenId: canteenA, since: 0 })).length).toBe(before.history);
		expect(await storage.prompts.listPromptHistory({ canteenId: 'canteen_b', since: 0 })).toEqual([]);

		// Restored on the staff page, it can be pushed again.
		await storage.prompts.setCanteenPromptArchived(canteenA, 'cp_archived', false);
		expect(await master.send('prompt:push', { promptId: 'cp_archived' })).toMatchObject({ ok: true });
		expect((await master.send('prompt:library', {})).ok).toBe(true);
		await storage.prompts.setCanteenPromptArchived(canteenA, 'cp_archived', true);
		for (const c of [master, masterB, member.conn]) c.close();
	});

	it('answers malformed prompt:library payloads with bad_request', async () => {
		const master = await masterConnection(server);
		for (const payload of [{ canteenId: canteenA }, { archived: true }, { cid: 'bad cid' }]) {
			expect(await master.send('prompt:library', payload as never)).toMatchObject({ ok: false, code: 'bad_request' });
		}
		expect(await master.send('prompt:push', { promptId: 'cp tajine' } as never)).toMatchObject({
			ok: false,
			code: 'bad_request'
		});
		master.close();
	});
});
