/**
 * Live icebreakers through real sockets: a prompt for everyone is in the board (screen,
 * phones, late arrivals); a prompt for one member reaches that member's sockets only;
 * only the Canteen Master may push, clear or read the history; every library push is
 * recorded with who heard it.
 */
import { describe, expect, it, vi } from 'vitest';
import type { BoardConnection } from '../../src/lib/client/connection.ts';
import { checkedInIds } from '../../src/lib/domain/prompts-live.ts';
import type { LivePrompt } from '../../src/lib/domain/types.ts';
import { libraryPrompt } from '../../src/lib/prompts/library.ts';
import { connect, masterConnection, memberConnection, startServer } from '../helpers/server.ts';

/** Every `prompt` event this connection receives from now on. */
function privatePrompts(conn: BoardConnection): LivePrompt[] {
	const seen: LivePrompt[] = [];
	conn.socket.on('prompt', (p) => seen.push(p));
	return seen;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live icebreakers over real sockets', async () => {
	const server = await startServer({ joinRate: { burst: 1000, perSecond: 100 } });
	const mealId = server.demo.meal.id;
	const canteenId = server.demo.meal.canteenId;
	const screenOf = () => connect(server.url, { role: 'screen', mealId, key: server.demo.screenKey });
	const storage = server.tablee.storage;
	const fmText = libraryPrompt('fm-001')!.text;

	it('shows a prompt for everyone on phones and the screen, and to people who arrive later', async () => {
		const master = await masterConnection(server);
		const a = await memberConnection(server, 'Awa');
		const screen = await screenOf();

		const ack = await master.send('prompt:push', { promptId: 'fm-001' });
		if (!ack.ok) throw new Error(ack.code);
		expect(ack).toEqual({ ok: true, id: expect.any(String) });
		const expected = { id: ack.id, promptId: 'fm-001', text: fmText, pushedAt: expect.any(Number) };
		await vi.waitFor(() => expect(a.conn.state.prompt).toEqual(expected));
		await vi.waitFor(() => expect(screen.state.prompt).toEqual(expected));

		const late = await memberConnection(server, 'Late Lou');
		expect(late.conn.state.prompt).toEqual(expected);

		const custom = await master.send('prompt:push', { text: { fr: 'Votre marché préféré ?' } });
		if (!custom.ok) throw new Error(custom.code);
		await vi.waitFor(() =>
			expect(screen.state.prompt).toEqual({
				id: custom.id,
				text: { fr: 'Votre marché préféré ?', en: '' },
				pushedAt: expect.any(Number)
			})
		);

		expect(await master.send('prompt:clear', {})).toEqual({ ok: true });
		await vi.waitFor(() => expect(a.conn.state.prompt).toBeUndefined());
		expect(screen.state.prompt).toBeUndefined();
		expect(await master.send('prompt:clear', {})).toEqual({ ok: true });
		for (const c of [master, a.conn, screen, late.conn]) c.close();
	});

	it('sends a prompt for one member to that member only, never into the board', async () => {
		const master = await masterConnection(server);
		const a = await memberConnection(server, 'Bilal');
		const aSecondPhone = await connect(server.url, { role: 'member', mealId, token: a.token });
		const b = await memberConnection(server, 'Chloé');
		const screen = await screenOf();
		const got = { a: privatePrompts(a.conn), a2: privatePrompts(aSecondPhone), b: privatePrompts(b.conn) };
		const screenGot = privatePrompts(screen);
		const masterGot = privatePrompts(master);
		const seqBefore = (await storage.boardLog.load(mealId)).seq;

		const ack = await master.send('prompt:push', { promptId: 'fm-001', to: a.memberId });
		if (!ack.ok) throw new Error(ack.code);
		await vi.waitFor(() =>
			expect(got.a).toEqual([{ id: ack.id, promptId: 'fm-001', text: fmText, pushedAt: expect.any(Number) }])
		);
		await vi.waitFor(() => expect(got.a2).toHaveLength(1));
		await pause(150);
		expect(got.b).toEqual([]);
		expect(screenGot).toEqual([]);
		expect(masterGot).toEqual([]);
		expect((await storage.boardLog.load(mealId)).seq).toBe(seqBefore);
		expect(b.conn.state.prompt).toBeUndefined();
		expect(screen.state.prompt).toBeUndefined();
		for (const c of [master, a.conn, aSecondPhone, b.conn, screen]) c.close();
	});

	it('refuses pushing, clearing and the history to members and the screen', async () => {
		const a = await memberConnection(server, 'Dédé');
		const screen = await screenOf();
		for (const conn of [a.conn, screen]) {
			expect(await conn.send('prompt:push', { promptId: 'fm-001' })).toMatchObject({ ok: false, code: 'forbidden' });
			expect(await conn.send('prompt:push', { text: { fr: 'Salut' }, to: a.memberId })).toMatchObject({
				ok: false,
				code: 'forbidden'
			});
			expect(await conn.send('prompt:clear', {})).toMatchObject({ ok: false, code: 'forbidden' });
			expect(await conn.send('prompt:history', {})).toMatchObject({ ok: false, code: 'forbidden' });
		}
		expect(await screen.send('member:locale', { locale: 'en' })).toMatchObject({ ok: false, code: 'forbidden' });
		a.conn.close();
		screen.close();
	});

	it('refuses bad input', async () => {
		const master = await masterConnection(server);
		const bad = [
			{},
			{ promptId: 'fm-001', text: { fr: 'Les deux' } },
			{ text: { fr: '' } },
			{ text: { fr: 'x'.repeat(201) } },
			{ text: { de: 'Hallo' } },
			{ text: 'Salut' },
			{ promptId: 'fm 001' },
			{ promptId: 'fm-001', to: '' },
			{ promptId: 'fm-001', audience: ['x'] }
		];
		for (const payload of bad) {
			expect(await master.send('prompt:push', payload as never), JSON.stringify(payload)).toMatchObject({
				ok: false,
				code: 'bad_request'
			});
		}
		expect(await master.send('prompt:push', { promptId: 'no-such-prompt' })).toMatchObject({
			ok: false,
			code: 'prompt_not_found'
		});
		expect(await master.send('prompt:push', { promptId: 'fm-001', to: 'm_nobody' })).toMatchObject({
			ok: false,
			code: 'member_not_found'
		});
		const leaving = await memberConnection(server, 'Emma');
		expect(await leaving.conn.send('member:checkout', {})).toEqual({ ok: true });
		expect(await master.send('prompt:push', { promptId: 'fm-001', to: leaving.memberId })).toMatchObject({
			ok: false,
			code: 'recipient_not_here'
		});
		expect(await master.send('prompt:history', { since: 0 } as never)).toMatchObject({
			ok: false,
			code: 'bad_request'
		});
		expect(await leaving.conn.send('member:locale', { locale: 'de' } as never)).toMatchObject({
			ok: false,
			code: 'bad_request'
		});
		master.close();
		leaving.conn.close();
	});

	it('records each library push with its audience and gives the history to the Canteen Master', async () => {
		const master = await masterConnection(server);
		const a = await memberConnection(server, 'Fatou');
		const before = await storage.prompts.listPromptHistory({ canteenId, since: 0 });

		expect(await master.send('prompt:push', { promptId: 'nb-001' })).toMatchObject({ ok: true });
		const everyone = checkedInIds(master.state.members);
		expect(everyone).toContain(a.memberId);
		expect(await master.send('prompt:push', { promptId: 'fm-005', to: a.memberId })).toMatchObject({ ok: true });
		expect(await master.send('prompt:push', { text: { en: 'One-off?' } })).toMatchObject({ ok: true });

		const after = await storage.prompts.listPromptHistory({ canteenId, since: 0 });
		expect(after.slice(before.length)).toEqual([
			{ canteenId, mealId, promptId: 'nb-001', usedAt: expect.any(Number), audience: everyone },
			{ canteenId, mealId, promptId: 'fm-005', usedAt: expect.any(Number), audience: [a.memberId] }
		]);

		const history = await master.send('prompt:history', {});
		if (!history.ok) throw new Error(history.code);
		expect(history.history.slice(-2)).toEqual([
			{ promptId: 'nb-001', mealId, usedAt: expect.any(Number), audience: everyone },
			{ promptId: 'fm-005', mealId, usedAt: expect.any(Number), audience: [a.memberId] }
		]);
		expect(await a.conn.send('prompt:history', {})).toMatchObject({ ok: false, code: 'forbidden' });
		master.close();
		a.conn.close();
	});

	it('keeps the language each phone shows on the member', async () => {
		const a = await memberConnection(server, 'Gus');
		expect(await a.conn.send('member:locale', { locale: 'en' })).toEqual({ ok: true });
		await vi.waitFor(() => expect(a.conn.state.members.get(a.memberId)?.locale).toBe('en'));
		a.conn.close();
	});
});
