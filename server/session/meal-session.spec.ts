import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { applyServerMessage } from '../../src/lib/board-doc/sync.ts';
import { readBoard } from '../../src/lib/board-doc/doc.ts';
import { accept, refuse } from '../../src/lib/domain/result.ts';
import { member, meta, task } from '../../tests/helpers/board-fixtures.ts';
import { MemoryLog } from '../../tests/helpers/memory-log.ts';
import { MealSession, type SessionMessage } from './meal-session.ts';
import { docsFromEntries } from './stored-board.ts';

/** An in-memory subscriber: a phone's document fed by the frames it receives. */
function phone(session: MealSession) {
	const doc = new Y.Doc();
	const messages: SessionMessage[] = [];
	session.subscribe({
		send: (m) => {
			// What a phone's socket receives of the session: the board document's updates.
			if (m.type !== 'update') return;
			messages.push(m);
			applyServerMessage(doc, m.frame, 'server');
		},
		close: () => undefined
	});
	return { doc, messages };
}

async function loaded(options: Partial<{ compactEvery: number; onCompactDue: () => void }> = {}) {
	const log = new MemoryLog();
	log.writeElsewhere([
		{ type: 'meta:set', meta: meta() },
		{ type: 'task:set', task: task('t1', { slots: 1 }) },
		{ type: 'member:set', member: member('m_a') },
		{ type: 'member:set', member: member('m_b') }
	]);
	const session = await MealSession.load({
		mealId: 'meal',
		log,
		presenceIntervalMs: 50,
		compactEvery: options.compactEvery ?? 200,
		maxRetries: 3,
		onCompactDue: options.onCompactDue ?? (() => undefined),
		onSummaryChanged: async () => undefined
	});
	return { log, session };
}

const claim = (memberId: string) => (state: { tasks: ReadonlyMap<string, ReturnType<typeof task>> }) => {
	const t = state.tasks.get('t1')!;
	if (t.claims.length >= t.slots) return refuse('task_full');
	return accept([{ type: 'task:set', task: { ...t, claims: [...t.claims, { memberId, at: 1 }] } }]);
};

describe('a meal session', () => {
	it('stores a change, then hands every subscriber the same frame, and keeps its state in step', async () => {
		const { log, session } = await loaded();
		const a = phone(session);
		const b = phone(session);
		expect(await session.apply(claim('m_a'))).toMatchObject({ ok: true });
		expect(log.updates).toHaveLength(2);
		expect(a.messages).toHaveLength(1);
		expect(a.messages[0]).toBe(b.messages[0]);
		expect(session.state.tasks.get('t1')?.claims).toEqual([{ memberId: 'm_a', at: 1 }]);
		// A refusal without changes stores and sends nothing.
		expect(await session.apply(claim('m_b'))).toEqual({ ok: false, code: 'task_full' });
		expect(log.updates).toHaveLength(2);
		expect(a.messages).toHaveLength(1);
	});

	it('reloads when an append fails, so memory never holds what is not stored', async () => {
		const { log, session } = await loaded();
		const a = phone(session);
		log.failNext = true;
		await expect(session.apply(claim('m_a'))).rejects.toThrow('disk full');
		expect(session.state.tasks.get('t1')?.claims).toEqual([]);
		expect(a.messages).toEqual([]);
		// And the next command works on what is stored.
		expect(await session.apply(claim('m_b'))).toMatchObject({ ok: true });
		expect(session.state.tasks.get('t1')?.claims.map((c) => c.memberId)).toEqual(['m_b']);
	});

	it('decides again on what is true when another process stored first, and sends what it missed', async () => {
		const { log, session } = await loaded();
		const a = phone(session);
		Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(docsFromEntries(log.updates).docs.board));
		// Not heard through the subscription (it would be applied first): the append conflicts.
		log.writeUnheard([{ type: 'task:set', task: task('t1', { slots: 1, claims: [{ memberId: 'm_b', at: 0 }] }) }]);
		expect(await session.apply(claim('m_a'))).toEqual({ ok: false, code: 'task_full' });
		expect(session.state.tasks.get('t1')?.claims.map((c) => c.memberId)).toEqual(['m_b']);
		expect(
			readBoard(a.doc)
				.tasks.get('t1')
				?.claims.map((c) => c.memberId)
		).toEqual(['m_b']);
	});

	it('answers a first sync from a cache until the board changes, and a returning phone with what it misses', async () => {
		const { session } = await loaded();
		const empty = Y.encodeStateVector(new Y.Doc());
		const first = await session.syncStep2(empty);
		expect(await session.syncStep2(empty)).toBe(first);
		const returning = new Y.Doc();
		applyServerMessage(returning, first, 'server');
		await session.apply(claim('m_a'));
		const fresh = await session.syncStep2(empty);
		expect(fresh).not.toBe(first);
		const missed = await session.syncStep2(Y.encodeStateVector(returning));
		expect(missed.length).toBeLessThan(fresh.length / 2);
		applyServerMessage(returning, missed, 'server');
		// The phone's copy: who holds the place, not since when.
		expect(readBoard(returning).tasks.get('t1')?.claims).toEqual([{ memberId: 'm_a' }]);
		expect(readBoard(returning).members.get('m_a')).toEqual({ id: 'm_a', name: 'm_a', emoji: '', checkedIn: true });
		// The same, deflated for a phone that can inflate: cached too.
		const deflated = await session.syncStep2Deflated(empty);
		expect((await session.syncStep2Deflated(empty)).frame).toBe(deflated.frame);
	});

	it('asks for compaction off the command path once the log is long', async () => {
		let due = 0;
		const { session } = await loaded({ compactEvery: 2, onCompactDue: () => due++ });
		await session.apply(claim('m_a'));
		expect(due).toBe(1);
		await session.compact();
		expect(session.seq).toBe(2);
	});

	it('after an append of unknown outcome with the log unreadable, serves only what is stored, then learns the truth', async () => {
		const { log, session } = await loaded();
		const a = phone(session);
		applyServerMessage(a.doc, await session.syncStep2(new Uint8Array([0])), 'server');
		// Redis away past the deadline: the append reaches the log but its answer never comes
		// back, and the log cannot be read for a while either.
		const load = log.load.bind(log);
		let readable = false;
		log.load = async () => {
			if (!readable) throw new Error('redis is unavailable');
			return load();
		};
		// (Nor does the log's reader hear it: Redis is away for it too.)
		const append = log.append.bind(log);
		log.append = async (_mealId, _expectedSeq, update) => {
			log.updates.push(update);
			throw new Error('no answer within 2000 ms');
		};
		await expect(session.apply(claim('m_a'))).rejects.toThrow('no answer');
		// Nothing was fanned out, and the board a new phone gets is what is known stored.
		expect(a.messages).toHaveLength(0);
		expect(session.state.tasks.get('t1')?.claims).toEqual([]);
		const fresh = new Y.Doc();
		applyServerMessage(fresh, await session.syncStep2(new Uint8Array([0])), 'server');
		expect(readBoard(fresh).tasks.get('t1')?.claims).toEqual([]);
		// The log answers again: the session reloads by itself and fans out what did land.
		log.append = append;
		readable = true;
		await vi.waitFor(() => expect(session.state.tasks.get('t1')?.claims).toEqual([{ memberId: 'm_a', at: 1 }]), {
			timeout: 10_000
		});
		// (The phone's board document carries no claim times: they stay in the masters document.)
		expect(readBoard(a.doc).tasks.get('t1')?.claims).toEqual([{ memberId: 'm_a' }]);
		// And the next change goes on from the true sequence.
		expect(await session.apply(claim('m_b'))).toMatchObject({ ok: false, code: 'task_full' });
		session.close('unloaded');
	});

	it('applies another instance’s append heard from the log, in its queue, and fans it out', async () => {
		const { log, session } = await loaded();
		const a = phone(session);
		Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(docsFromEntries(log.updates).docs.board));
		log.writeElsewhere([{ type: 'task:set', task: task('t1', { slots: 1, claims: [{ memberId: 'm_b', at: 0 }] }) }]);
		await session.exclusive(() => undefined);
		expect(session.seq).toBe(2);
		expect(session.state.tasks.get('t1')?.claims.map((c) => c.memberId)).toEqual(['m_b']);
		expect(a.messages.filter((m) => m.type === 'update')).toHaveLength(1);
		// The phone holds exactly the board document the session serves (times stay in the masters document).
		expect(readBoard(a.doc)).toEqual(await boardAsServed(session));
		// Decided on what is now true, without a conflict.
		expect(await session.apply(claim('m_a'))).toEqual({ ok: false, code: 'task_full' });
	});

	it('reloads on a gap in what it heard, sending what it missed once', async () => {
		const { log, session } = await loaded();
		const a = phone(session);
		Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(docsFromEntries(log.updates).docs.board));
		log.writeUnheard([{ type: 'member:set', member: member('m_c') }]);
		log.writeElsewhere([{ type: 'task:set', task: task('t1', { slots: 1, claims: [{ memberId: 'm_c', at: 0 }] }) }]);
		await session.exclusive(() => undefined);
		expect(session.seq).toBe(3);
		expect(session.state.members.has('m_c')).toBe(true);
		// The phone holds exactly the board document the session serves (times stay in the masters document).
		expect(readBoard(a.doc)).toEqual(await boardAsServed(session));
	});

	it('skips its own appends when it hears them, and stops hearing the log once closed', async () => {
		const { log, session } = await loaded();
		const a = phone(session);
		await session.apply(claim('m_a'));
		await session.exclusive(() => undefined);
		expect(a.messages.filter((m) => m.type === 'update')).toHaveLength(1);
		session.close('unloaded');
		log.writeElsewhere([{ type: 'member:set', member: member('m_c') }]);
		await session.exclusive(() => undefined);
		expect(session.seq).toBe(2);
	});

	it('sends times and invitations apart from the board: masters document and the members concerned', async () => {
		const { session } = await loaded();
		const all: SessionMessage[] = [];
		session.subscribe({ send: (m) => void all.push(m), close: () => undefined });
		await session.apply(claim('m_a'));
		const board = all.find((m) => m.type === 'update');
		const masters = all.find((m) => m.type === 'masters');
		expect(board && masters).toBeTruthy();
		expect(Buffer.from((board as { frame: Uint8Array }).frame).toString('latin1')).not.toContain('"at"');
		const phoneDoc = new Y.Doc();
		applyServerMessage(phoneDoc, await session.syncStep2(Y.encodeStateVector(new Y.Doc())), 'server');
		expect(phoneDoc.getMap('claims').toJSON()).toEqual({ t1: [{ memberId: 'm_a' }] });
		const mastersDoc = new Y.Doc();
		applyServerMessage(mastersDoc, await session.mastersSync(), 'server');
		expect(mastersDoc.getMap('claims').toJSON()).toEqual({ t1: [{ memberId: 'm_a', at: 1 }] });
		expect(mastersDoc.getMap('attendance').toJSON()).toMatchObject({ m_a: { joinedAt: 1, checkedInAt: 1 } });

		all.length = 0;
		const invite = {
			id: 'i1',
			taskId: 't1',
			memberId: 'm_b',
			by: 'm_a',
			kind: 'handover' as const,
			createdAt: 2,
			status: 'declined' as const
		};
		await session.apply(() => accept([{ type: 'invite:set', invite }]));
		// An invitation changes nothing every phone syncs: no board update at all.
		expect(all.map((m) => m.type).sort()).toEqual(['invites', 'masters']);
		expect(all.find((m) => m.type === 'invites')).toEqual({ type: 'invites', invites: [invite] });
	});
});

/** The board document as a first-time phone receives it from the session. */
async function boardAsServed(session: MealSession) {
	const doc = new Y.Doc();
	applyServerMessage(doc, await session.syncStep2(Y.encodeStateVector(new Y.Doc())), 'server');
	return readBoard(doc);
}
