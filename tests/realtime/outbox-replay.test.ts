/**
 * What the phone's outbox relies on (docs/phone-and-console.md, "Offline taps"): a command
 * sent again with its cid on a new connection — the phone went offline, slept, was
 * reloaded — is answered with the first answer and applied once. Real server, real
 * sockets; a second member's socket watches the board for any second change.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { BoardConnection } from '../../src/lib/client/connection.ts';
import { connect, joinMember, memberConnection, startServer, tasksOf } from '../helpers/server.ts';

describe('replaying a kept command after reconnecting', async () => {
	const server = await startServer();
	const { meal } = server.demo;
	const watcher = await memberConnection(server, 'Zoé');
	/**
	 * Board changes the watcher receives while `during` runs, besides a change of its own
	 * made afterwards: a meal's updates reach a socket in order and before its own ack, so
	 * anything `during` changed has arrived by then.
	 */
	async function updatesDuring(during: () => Promise<void>): Promise<number> {
		const sentinel = taskTitled('Faire la vaisselle');
		let count = 0;
		const count1 = () => void count++;
		watcher.conn.doc.on('update', count1);
		try {
			await during();
			expect(await watcher.conn.send('task:claim', { taskId: sentinel.id })).toEqual({ ok: true });
		} finally {
			watcher.conn.doc.off('update', count1);
		}
		expect(await watcher.conn.send('task:release', { taskId: sentinel.id })).toEqual({ ok: true });
		return count - 1;
	}
	const taskTitled = (title: string) => tasksOf(watcher.conn).find((task) => task.title.fr === title)!;
	const reconnect = (token: string): Promise<BoardConnection> =>
		connect(server.url, { role: 'member', mealId: meal.id, token });

	it('answers a claim applied before the connection dropped with its first answer, applied once', async () => {
		const awa = await joinMember(server.url, meal.joinCode, 'Awa');
		const first = await reconnect(awa.token);
		const soup = taskTitled('Préparer la soupe de potiron');
		// The first attempt reaches the server; its answer is "lost" with the connection.
		expect(await first.send('task:claim', { taskId: soup.id }, 'kept-claim-1')).toEqual({ ok: true });
		first.close();

		const again = await reconnect(awa.token);
		let answer: unknown;
		const changes = await updatesDuring(async () => {
			answer = await again.send('task:claim', { taskId: soup.id }, 'kept-claim-1');
		});
		// The cached "ok", not a fresh decision (which would be already_claimed), and no change.
		expect(answer).toEqual({ ok: true });
		expect(changes).toBe(0);
		expect(taskTitled(soup.title.fr).claims.filter((c) => c.memberId === awa.memberId)).toHaveLength(1);
		// A new cid is a new command: decided again, on what is true now.
		expect(await again.send('task:claim', { taskId: soup.id }, 'kept-claim-2')).toMatchObject({
			ok: false,
			code: 'already_claimed'
		});
		again.close();
	});

	it('applies a kept command that never reached the server once, when it finally arrives', async () => {
		const bruno = await joinMember(server.url, meal.joinCode, 'Bruno');
		const table = taskTitled('Mettre la table');
		const phone = await reconnect(bruno.token);
		const before = Y.encodeStateVector(watcher.conn.doc);
		const changes = await updatesDuring(async () => {
			expect(await phone.send('task:claim', { taskId: table.id }, 'kept-claim-3')).toEqual({ ok: true });
			expect(await phone.send('task:claim', { taskId: table.id }, 'kept-claim-3')).toEqual({ ok: true });
		});
		expect(changes).toBe(1);
		expect(Y.encodeStateVector(watcher.conn.doc)).not.toEqual(before);
		expect(taskTitled(table.title.fr).claims.filter((c) => c.memberId === bruno.memberId)).toHaveLength(1);
		phone.close();
	});

	it('answers a refused kept command with the same refusal, without deciding it again', async () => {
		const carla = await joinMember(server.url, meal.joinCode, 'Carla');
		const bread = taskTitled('Couper le pain');
		expect(await watcher.conn.send('task:claim', { taskId: bread.id })).toEqual({ ok: true });
		const phone = await reconnect(carla.token);
		expect(await phone.send('task:claim', { taskId: bread.id }, 'kept-claim-4')).toMatchObject({
			ok: false,
			code: 'task_full'
		});
		phone.close();
		// The place is free again, but the same cid is the same command: its answer stands.
		expect(await watcher.conn.send('task:release', { taskId: bread.id })).toEqual({ ok: true });
		const back = await reconnect(carla.token);
		expect(await back.send('task:claim', { taskId: bread.id }, 'kept-claim-4')).toMatchObject({
			ok: false,
			code: 'task_full'
		});
		expect(taskTitled(bread.title.fr).claims).toEqual([]);
		back.close();
	});
});
