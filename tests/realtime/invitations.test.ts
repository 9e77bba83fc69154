/**
 * Walk-ins, invitations, hand-overs and moving tasks, over real sockets: who may do what,
 * what every phone then sees, and that a refused command leaves the board as it was.
 */
import type { Socket } from 'socket.io-client';
import { describe, expect, it, vi } from 'vitest';
import { attendance } from '../../src/lib/domain/board.ts';
import type { BoardConnection } from '../../src/lib/client/connection.ts';
import { masterConnection, memberConnection, startServer, tasksOf } from '../helpers/server.ts';

const claimsOf = (conn: BoardConnection, taskId: string) =>
	conn.state.tasks.get(taskId)?.claims.map((c) => c.memberId) ?? [];

describe('walk-ins, invitations and hand-overs over real sockets', async () => {
	const server = await startServer({
		joinRate: { burst: 1000, perSecond: 100 },
		commandRate: { burst: 10_000, perSecond: 10_000 }
	});
	const master = await masterConnection(server);
	const seq = async () => (await server.tablee.storage.boardLog.load(server.demo.meal.id)).seq;

	async function addTask(title: string, slots: number, kind: 'cooking' | 'dishes' = 'cooking') {
		const added = await master.send('task:add', { kind, title: { fr: title }, slots });
		if (!added.ok) throw new Error(added.code);
		await vi.waitFor(() => expect(master.state.tasks.has(added.taskId)).toBe(true));
		return added.taskId;
	}

	it('adds a walk-in without a phone, counted in attendance, assignable and checked out by the master', async () => {
		const ann = await memberConnection(server, 'Annick');
		const before = attendance(master.state, new Set()).checkedIn;
		const added = await master.send('member:walkin', { name: 'Josette' });
		if (!added.ok) throw new Error(added.code);
		await vi.waitFor(() =>
			expect(ann.conn.state.members.get(added.memberId)).toMatchObject({
				name: 'Josette',
				walkIn: true,
				checkedIn: true
			})
		);
		expect(attendance(ann.conn.state, new Set()).checkedIn).toBe(before + 1);

		const taskId = await addTask('Éplucher les carottes', 2);
		expect(await master.send('task:assign', { taskId, memberId: added.memberId })).toEqual({ ok: true });
		await vi.waitFor(() => expect(claimsOf(ann.conn, taskId)).toEqual([added.memberId]));
		// A member with a phone is invited, never assigned.
		expect(await master.send('task:assign', { taskId, memberId: ann.memberId })).toMatchObject({
			ok: false,
			code: 'not_walk_in'
		});
		expect(await master.send('task:invite', { taskId, memberId: added.memberId })).toMatchObject({
			ok: false,
			code: 'walk_in'
		});

		expect(await master.send('member:checkout-by-master', { memberId: added.memberId })).toEqual({ ok: true });
		await vi.waitFor(() => {
			expect(ann.conn.state.members.get(added.memberId)?.checkedIn).toBe(false);
			expect(claimsOf(ann.conn, taskId)).toEqual([]);
		});
		expect(await master.send('member:checkout-by-master', { memberId: 'nobody' })).toMatchObject({
			ok: false,
			code: 'member_not_found'
		});
	});

	it('refuses members the Canteen Master’s commands and other people’s invitations', async () => {
		const ann = await memberConnection(server, 'Aline');
		const bob = await memberConnection(server, 'Bastien');
		const taskId = await addTask('Mettre les verres', 3);
		const invited = await master.send('task:invite', { taskId, memberId: ann.memberId });
		if (!invited.ok) throw new Error(invited.code);
		await vi.waitFor(() => expect(ann.conn.state.invites?.has(invited.inviteId)).toBe(true));
		// Someone else's invitation never reaches Bastien's phone.
		expect(bob.conn.state.invites?.has(invited.inviteId)).toBe(false);

		const before = await seq();
		expect(await bob.conn.send('invite:answer', { inviteId: invited.inviteId, accept: true })).toMatchObject({
			ok: false,
			code: 'invite_not_found'
		});
		expect(await bob.conn.send('invite:cancel', { inviteId: invited.inviteId })).toMatchObject({
			ok: false,
			code: 'invite_not_found'
		});
		for (const [name, payload] of [
			['task:invite', { taskId, memberId: ann.memberId }],
			['task:assign', { taskId, memberId: bob.memberId }],
			['member:walkin', { name: 'Quelqu’un' }],
			['member:checkout-by-master', { memberId: ann.memberId }],
			['task:move', { taskId, direction: 'up' }]
		] as const) {
			expect(await bob.conn.send(name, payload as never), name).toMatchObject({ ok: false, code: 'forbidden' });
		}
		expect(await master.send('invite:answer', { inviteId: invited.inviteId, accept: true })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		expect(await seq()).toBe(before);
		expect(claimsOf(master, taskId)).toEqual([]);
	});

	it('claims the place when an invitation is accepted, once, and shows it on every phone', async () => {
		const ann = await memberConnection(server, 'Amandine');
		const bob = await memberConnection(server, 'Benoît');
		const taskId = await addTask('Couper les poireaux', 2);
		const invited = await master.send('task:invite', { taskId, memberId: ann.memberId });
		if (!invited.ok) throw new Error(invited.code);
		expect(await master.send('task:invite', { taskId, memberId: ann.memberId })).toMatchObject({
			ok: false,
			code: 'already_invited'
		});
		await vi.waitFor(() =>
			expect(ann.conn.state.invites?.get(invited.inviteId)).toMatchObject({
				taskId,
				memberId: ann.memberId,
				by: 'master',
				kind: 'invite',
				status: 'pending'
			})
		);
		expect(await ann.conn.send('invite:answer', { inviteId: invited.inviteId, accept: true })).toEqual({ ok: true });
		await vi.waitFor(() => {
			expect(claimsOf(bob.conn, taskId)).toEqual([ann.memberId]);
			expect(ann.conn.state.invites?.get(invited.inviteId)?.status).toBe('accepted');
			expect(master.state.invites?.get(invited.inviteId)?.status).toBe('accepted');
		});
		expect(await ann.conn.send('invite:answer', { inviteId: invited.inviteId, accept: true })).toMatchObject({
			ok: false,
			code: 'invite_closed'
		});
	});

	it('answers task_full when the place went meanwhile, and closes the invitation', async () => {
		const ann = await memberConnection(server, 'Apolline');
		const bob = await memberConnection(server, 'Brice');
		const taskId = await addTask('Goûter la soupe', 1);
		const invited = await master.send('task:invite', { taskId, memberId: ann.memberId });
		if (!invited.ok) throw new Error(invited.code);
		await vi.waitFor(() => expect(bob.conn.state.tasks.has(taskId)).toBe(true));
		expect(await bob.conn.send('task:claim', { taskId })).toEqual({ ok: true });
		expect(await ann.conn.send('invite:answer', { inviteId: invited.inviteId, accept: true })).toMatchObject({
			ok: false,
			code: 'task_full',
			message: expect.any(String)
		});
		await vi.waitFor(() => expect(master.state.invites?.get(invited.inviteId)?.status).toBe('cancelled'));
		expect(claimsOf(master, taskId)).toEqual([bob.memberId]);
	});

	it('leaves everything as it was when an invitation is declined, and lets the master withdraw one', async () => {
		const ann = await memberConnection(server, 'Armelle');
		const taskId = await addTask('Essuyer les assiettes', 2, 'dishes');
		const invited = await master.send('task:invite', { taskId, memberId: ann.memberId });
		if (!invited.ok) throw new Error(invited.code);
		expect(await ann.conn.send('invite:answer', { inviteId: invited.inviteId, accept: false })).toEqual({ ok: true });
		await vi.waitFor(() => expect(master.state.invites?.get(invited.inviteId)?.status).toBe('declined'));
		expect(claimsOf(master, taskId)).toEqual([]);

		const again = await master.send('task:invite', { taskId, memberId: ann.memberId });
		if (!again.ok) throw new Error(again.code);
		expect(await master.send('invite:cancel', { inviteId: again.inviteId })).toEqual({ ok: true });
		expect(await ann.conn.send('invite:answer', { inviteId: again.inviteId, accept: true })).toMatchObject({
			ok: false,
			code: 'invite_closed'
		});
		expect(claimsOf(master, taskId)).toEqual([]);
	});

	it('moves a place from giver to receiver in one update on a hand-over', async () => {
		const giver = await memberConnection(server, 'Gisèle');
		const receiver = await memberConnection(server, 'Rémi');
		const taskId = await addTask('Servir le dessert', 1);
		await vi.waitFor(() => expect(giver.conn.state.tasks.has(taskId)).toBe(true));
		expect(await giver.conn.send('task:claim', { taskId })).toEqual({ ok: true });
		const offered = await giver.conn.send('task:handover', { taskId, toMemberId: receiver.memberId });
		if (!offered.ok) throw new Error(offered.code);
		await vi.waitFor(() =>
			expect(receiver.conn.state.invites?.get(offered.inviteId)).toMatchObject({ kind: 'handover', by: giver.memberId })
		);

		// Watch the master's board: at no update does the task hold both, or neither.
		const seen: string[][] = [];
		const watch = () => seen.push(claimsOf(master, taskId));
		master.doc.on('update', watch);
		const before = await seq();
		expect(await receiver.conn.send('invite:answer', { inviteId: offered.inviteId, accept: true })).toEqual({
			ok: true
		});
		expect(await seq()).toBe(before + 1);
		await vi.waitFor(() => expect(claimsOf(master, taskId)).toEqual([receiver.memberId]));
		master.doc.off('update', watch);
		expect(seen.every((claims) => claims.length === 1)).toBe(true);
	});

	it('keeps the place with the giver on decline, and refuses hand-overs that cannot be', async () => {
		const giver = await memberConnection(server, 'Hélène');
		const other = await memberConnection(server, 'Hugo');
		const away = await memberConnection(server, 'Henri');
		const taskId = await addTask('Ranger les chaises', 2);
		await vi.waitFor(() => expect(giver.conn.state.tasks.has(taskId)).toBe(true));
		expect(await giver.conn.send('task:claim', { taskId })).toEqual({ ok: true });
		expect(await other.conn.send('task:claim', { taskId })).toEqual({ ok: true });
		expect(await away.conn.send('member:checkout', {})).toEqual({ ok: true });
		const walkIn = await master.send('member:walkin', { name: 'Huguette' });
		if (!walkIn.ok) throw new Error(walkIn.code);

		const before = await seq();
		const refusals = [
			[giver.conn, { taskId, toMemberId: away.memberId }, 'not_checked_in'],
			[giver.conn, { taskId, toMemberId: other.memberId }, 'already_claimed'],
			[giver.conn, { taskId, toMemberId: walkIn.memberId }, 'walk_in'],
			[giver.conn, { taskId, toMemberId: 'nobody' }, 'member_not_found'],
			[giver.conn, { taskId: 'no_such_task', toMemberId: other.memberId }, 'task_not_found']
		] as const;
		for (const [conn, payload, code] of refusals) {
			expect(await conn.send('task:handover', payload), code).toMatchObject({ ok: false, code });
		}
		expect(await seq()).toBe(before);

		const third = await memberConnection(server, 'Honorine');
		const offered = await giver.conn.send('task:handover', { taskId, toMemberId: third.memberId });
		if (!offered.ok) throw new Error(offered.code);
		expect(await third.conn.send('invite:answer', { inviteId: offered.inviteId, accept: false })).toEqual({ ok: true });
		await vi.waitFor(() => expect(master.state.invites?.get(offered.inviteId)?.status).toBe('declined'));
		expect(claimsOf(master, taskId)).toEqual([giver.memberId, other.memberId]);
		// Someone who is not on the task has nothing to hand over.
		expect(await third.conn.send('task:handover', { taskId, toMemberId: away.memberId })).toMatchObject({
			ok: false,
			code: 'not_claimed'
		});
	});

	it('moves a task up among its kind in one update', async () => {
		const first = await addTask('Tâche A', 1, 'dishes');
		const second = await addTask('Tâche B', 1, 'dishes');
		const dishes = () =>
			tasksOf(master)
				.filter((t) => t.kind === 'dishes')
				.sort((a, b) => a.order - b.order || a.createdAt - b.createdAt)
				.map((t) => t.id);
		const i = dishes().indexOf(first);
		expect(dishes()[i + 1]).toBe(second);
		const before = await seq();
		expect(await master.send('task:move', { taskId: second, direction: 'up' })).toEqual({ ok: true });
		expect(await seq()).toBe(before + 1);
		await vi.waitFor(() => expect(dishes().indexOf(second)).toBe(i));
		expect(dishes()[i + 1]).toBe(first);
		expect(await master.send('task:move', { taskId: 'no_such_task', direction: 'up' })).toMatchObject({
			ok: false,
			code: 'task_not_found'
		});
	});

	it('answers bad input to every new command with bad_request and changes nothing', async () => {
		const ann = await memberConnection(server, 'Bertille');
		const taskId = tasksOf(master)[0]!.id;
		const raw = (conn: BoardConnection) => conn.socket as unknown as Socket;
		const ask = (conn: BoardConnection, event: string, payload: unknown) =>
			raw(conn).timeout(5000).emitWithAck(event, payload) as Promise<Record<string, unknown>>;
		const before = await seq();
		const cases: [BoardConnection, string, unknown][] = [
			[master, 'member:walkin', {}],
			[master, 'member:walkin', { name: '' }],
			[master, 'member:walkin', { name: 'x'.repeat(41) }],
			[master, 'member:walkin', { name: 'Ok', emoji: '🍅', walkIn: false }],
			[master, 'member:checkout-by-master', { memberId: '../x' }],
			[master, 'task:assign', { taskId }],
			[master, 'task:assign', { taskId, memberId: 42 }],
			[master, 'task:invite', { taskId, memberId: ann.memberId, by: 'master' }],
			[master, 'task:invite', { memberId: ann.memberId }],
			[ann.conn, 'task:handover', { taskId, memberId: ann.memberId }],
			[ann.conn, 'task:handover', { taskId, toMemberId: '' }],
			[ann.conn, 'invite:answer', { inviteId: 'i1', accept: 'yes' }],
			[ann.conn, 'invite:answer', { inviteId: 'i1' }],
			[ann.conn, 'invite:answer', { inviteId: 'i1', accept: true, memberId: ann.memberId }],
			[master, 'invite:cancel', { inviteId: null }],
			[master, 'task:move', { taskId, direction: 'left' }],
			[master, 'task:move', { taskId, direction: 'up', order: 0 }],
			[master, 'task:move', [taskId, 'up']]
		];
		for (const [conn, event, payload] of cases) {
			expect(await ask(conn, event, payload), `${event} ${JSON.stringify(payload)}`).toMatchObject({
				ok: false,
				code: 'bad_request',
				issues: expect.any(Array)
			});
		}
		expect(await seq()).toBe(before);
	});
});
