/**
 * Task timers over real sockets: the Canteen Master starts one, every phone and screen of
 * the meal receives its end on the server's clock; pause, resume, reset and stop; members
 * and the screen are refused and nothing is stored; bad input is answered, never applied.
 */
import { describe, expect, it, vi } from 'vitest';
import { connect, masterConnection, memberConnection, startServer, tasksOf } from '../helpers/server.ts';

const MIN = 60_000;

describe('task timers', async () => {
	const server = await startServer({
		joinRate: { burst: 1000, perSecond: 100 },
		commandRate: { burst: 1000, perSecond: 100 }
	});
	const mealId = server.demo.meal.id;
	const seq = async () => (await server.tablee.storage.boardLog.load(mealId)).seq;

	it('counts down from the same server moment on every device', async () => {
		const master = await masterConnection(server);
		const member = await memberConnection(server, 'Awa');
		const screen = await connect(server.url, { role: 'screen', mealId, key: server.demo.screenKey });
		const soup = tasksOf(master).find((t) => t.status === 'open')!;

		const before = Date.now();
		expect(await master.send('task:timer', { taskId: soup.id, action: 'start', minutes: 25 })).toEqual({ ok: true });
		const after = Date.now();
		for (const c of [member.conn, screen, master]) {
			await vi.waitFor(() => expect(c.state.tasks.get(soup.id)?.timer?.durationMs).toBe(25 * MIN));
		}
		const endsAt = screen.state.tasks.get(soup.id)!.timer!.endsAt!;
		// Set by the server's clock when it decided, between our send and its answer.
		expect(endsAt - 25 * MIN).toBeGreaterThanOrEqual(before);
		expect(endsAt - 25 * MIN).toBeLessThanOrEqual(after);
		expect(member.conn.state.tasks.get(soup.id)!.timer).toEqual(screen.state.tasks.get(soup.id)!.timer);
		// The welcome carries the server's time, from which each device takes its clock offset.
		expect(screen.welcome?.serverTime).toEqual(expect.any(Number));

		expect(await master.send('task:timer', { taskId: soup.id, action: 'pause' })).toEqual({ ok: true });
		await vi.waitFor(() => expect(member.conn.state.tasks.get(soup.id)?.timer?.remainingMs).toBeDefined());
		const left = member.conn.state.tasks.get(soup.id)!.timer!.remainingMs!;
		expect(left).toBeGreaterThan(0);
		expect(left).toBeLessThanOrEqual(25 * MIN);
		expect(member.conn.state.tasks.get(soup.id)!.timer!.endsAt).toBeUndefined();
		// Paused twice is refused, with a code the console translates.
		expect(await master.send('task:timer', { taskId: soup.id, action: 'pause' })).toMatchObject({
			ok: false,
			code: 'timer_not_running',
			message: expect.any(String)
		});

		expect(await master.send('task:timer', { taskId: soup.id, action: 'reset' })).toEqual({ ok: true });
		await vi.waitFor(() => expect(screen.state.tasks.get(soup.id)?.timer?.remainingMs).toBe(25 * MIN));
		expect(await master.send('task:timer', { taskId: soup.id, action: 'resume' })).toEqual({ ok: true });
		await vi.waitFor(() => expect(screen.state.tasks.get(soup.id)?.timer?.endsAt).toBeDefined());
		expect(await master.send('task:timer', { taskId: soup.id, action: 'resume' })).toMatchObject({
			ok: false,
			code: 'timer_not_paused'
		});

		expect(await master.send('task:timer', { taskId: soup.id, action: 'stop' })).toEqual({ ok: true });
		await vi.waitFor(() => expect(screen.state.tasks.get(soup.id)?.timer).toBeUndefined());
		expect(member.conn.state.tasks.get(soup.id)?.title).toEqual(soup.title);
		// Stopping again changes nothing and stores nothing.
		const stored = await seq();
		expect(await master.send('task:timer', { taskId: soup.id, action: 'stop' })).toEqual({ ok: true });
		expect(await seq()).toBe(stored);
		for (const c of [master, member.conn, screen]) c.close();
	});

	it('is refused to a member and to the screen, and answers bad input without storing', async () => {
		const master = await masterConnection(server);
		const member = await memberConnection(server, 'Basile');
		const screen = await connect(server.url, { role: 'screen', mealId, key: server.demo.screenKey });
		const task = tasksOf(master).find((t) => t.status === 'open')!;
		const before = await seq();
		for (const by of [member.conn, screen]) {
			expect(await by.send('task:timer', { taskId: task.id, action: 'start', minutes: 5 })).toMatchObject({
				ok: false,
				code: 'forbidden'
			});
		}
		expect(await master.send('task:timer', { taskId: 't_nosuchtask', action: 'start', minutes: 5 })).toMatchObject({
			ok: false,
			code: 'task_not_found'
		});
		expect(await master.send('task:timer', { taskId: task.id, action: 'reset' })).toMatchObject({
			ok: false,
			code: 'no_timer'
		});
		for (const bad of [
			{ taskId: task.id, action: 'start', minutes: 0 },
			{ taskId: task.id, action: 'start' },
			{ taskId: task.id, action: 'pause', minutes: 5 },
			{ taskId: task.id, action: 'start', minutes: 5, endsAt: 1 }
		]) {
			expect(await master.send('task:timer', bad as never), JSON.stringify(bad)).toMatchObject({
				ok: false,
				code: 'bad_request',
				issues: expect.any(Array)
			});
		}
		expect(await seq()).toBe(before);
		expect(screen.state.tasks.get(task.id)?.timer).toBeUndefined();
		for (const c of [master, member.conn, screen]) c.close();
	});
});
