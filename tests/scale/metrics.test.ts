/**
 * GET /metrics on a real server: Prometheus text with the live gauges (connections, meals
 * loaded) read when scraped, every command counted by name and outcome and timed, and no
 * member's name anywhere in it.
 */
import { describe, expect, it } from 'vitest';
import { masterConnection, memberConnection, startServer, tasksOf } from '../helpers/server.ts';

/** The value of one sample line, e.g. `tablee_connections 2`. */
function sample(text: string, series: string): number | undefined {
	const line = text.split('\n').find((l) => l.startsWith(`${series} `));
	return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
	it('reports connections and meals loaded as they are, and the commands recorded, without names', async () => {
		const server = await startServer();
		const before = await fetch(`${server.url}/metrics`);
		expect(before.status).toBe(200);
		expect(before.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
		const idle = await before.text();
		expect(sample(idle, 'tablee_connections')).toBe(0);
		expect(sample(idle, 'tablee_meals_loaded')).toBe(0);

		await masterConnection(server);
		const member = await memberConnection(server, 'Zéphyrine');
		// Real commands through the socket: one taken, one refused.
		const task = tasksOf(member.conn)[0]!;
		expect(await member.conn.send('task:claim', { taskId: task.id })).toMatchObject({ ok: true });
		expect(await member.conn.send('task:claim', { taskId: 't_doesnotexist' })).toMatchObject({
			code: 'task_not_found'
		});
		const busy = await (await fetch(`${server.url}/metrics`)).text();
		expect(sample(busy, 'tablee_connections')).toBe(2);
		expect(sample(busy, 'tablee_meals_loaded')).toBe(1);
		expect(sample(busy, 'tablee_commands_total{name="task:claim",outcome="ok"}')).toBe(1);
		expect(sample(busy, 'tablee_commands_total{name="task:claim",outcome="task_not_found"}')).toBe(1);
		expect(sample(busy, 'tablee_command_duration_seconds_count{name="task:claim"}')).toBe(2);
		expect(busy).not.toContain('Zéphyrine');

		// Only GET and HEAD; anything else under another path is the app's.
		expect((await fetch(`${server.url}/metrics`, { method: 'HEAD' })).status).toBe(200);
		expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).not.toBe(200);
	});

	it('counts the commands run over a real socket, by name and outcome, with their time', async () => {
		const server = await startServer();
		const { conn } = await memberConnection(server, 'Annie');
		const taskId = [...conn.state.tasks.keys()][0]!;
		expect(await conn.send('task:claim', { taskId })).toMatchObject({ ok: true });
		// A member may not add a task: refused, and counted under its code.
		expect(await conn.send('task:add', { kind: 'other', title: { fr: 'Interdit' }, slots: 1 })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		const text = await (await fetch(`${server.url}/metrics`)).text();
		expect(sample(text, 'tablee_commands_total{name="task:claim",outcome="ok"}')).toBe(1);
		expect(sample(text, 'tablee_commands_total{name="task:add",outcome="forbidden"}')).toBe(1);
		expect(sample(text, 'tablee_command_duration_seconds_count{name="task:claim"}')).toBe(1);
	});
});
