import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readBoard } from '../../src/lib/board-doc/doc.ts';
import { accept } from '../../src/lib/domain/result.ts';
import type { Invite } from '../../src/lib/domain/types.ts';
import { member, meta, task } from '../../tests/helpers/board-fixtures.ts';
import { MemoryLog } from '../../tests/helpers/memory-log.ts';
import { MealSession } from './meal-session.ts';
import { decodeStored, docsFromEntries, encodeStored } from './stored-board.ts';

const declined: Invite = {
	id: 'i_no',
	taskId: 't1',
	memberId: 'm_b',
	by: 'master',
	kind: 'invite',
	createdAt: 4,
	status: 'declined'
};

/** A board as protocol 2 stored it: one document, times and invitations in it. */
function oldLayoutLog(): Uint8Array[] {
	const old = new Y.Doc();
	old.getMap('meta').set('meal', meta());
	old.getMap('tasks').set('t1', { ...task('t1'), claims: undefined });
	old.getMap('claims').set('t1', [{ memberId: 'm_a', at: 3 }]);
	old.getMap('members').set('m_a', member('m_a', { joinedAt: 1, checkedInAt: 2 }));
	old.getMap('members').set('m_b', member('m_b', { joinedAt: 5, checkedInAt: 5 }));
	const snapshot = Y.encodeStateAsUpdate(old);
	const before = Y.encodeStateVector(old);
	old.getMap('invites').set(declined.id, declined);
	return [snapshot, Y.encodeStateAsUpdate(old, before)];
}

async function load(log: MemoryLog) {
	return MealSession.load({
		mealId: 'meal',
		log,
		presenceIntervalMs: 50,
		compactEvery: 200,
		maxRetries: 3,
		onCompactDue: () => undefined,
		onSummaryChanged: async () => undefined
	});
}

describe('a board in the log', () => {
	it('reads an entry of both documents back, and tells an old entry from a new one', () => {
		const entry = encodeStored({ board: new Uint8Array([1, 2, 3]), masters: new Uint8Array([4]) });
		expect(decodeStored(entry)).toEqual({ board: new Uint8Array([1, 2, 3]), masters: new Uint8Array([4]) });
		expect(decodeStored(oldLayoutLog()[0]!)).toBeUndefined();
		// The empty Yjs update is exactly two bytes: never mistaken for an entry.
		expect(decodeStored(new Uint8Array([0, 0]))).toBeUndefined();
	});

	it('migrates a board stored in the old one-document layout, the same way at every load', () => {
		const entries = oldLayoutLog();
		const old = new Y.Doc();
		Y.applyUpdate(old, Y.mergeUpdates(entries));
		const first = docsFromEntries(entries);
		const second = docsFromEntries(entries);
		expect(first.migrated).toBe(true);
		expect(readBoard(first.docs.board, first.docs.masters)).toEqual({
			...readBoard(old),
			invites: new Map([[declined.id, declined]])
		});
		// Nothing private in the board document any more.
		const shown = JSON.stringify(first.docs.board.toJSON());
		for (const word of ['joinedAt', 'checkedInAt', '"at"', 'canteenId', 'i_no', 'declined']) {
			expect(shown).not.toContain(word);
		}
		// The very same Yjs structures every time, so later entries apply on top of them.
		expect(Y.encodeStateAsUpdate(second.docs.board)).toEqual(Y.encodeStateAsUpdate(first.docs.board));
		expect(Y.encodeStateAsUpdate(second.docs.masters)).toEqual(Y.encodeStateAsUpdate(first.docs.masters));
	});

	it('loads an old board, stores changes after it, loads it again whole, and compacts it into the new layout', async () => {
		const log = new MemoryLog();
		log.updates.push(...oldLayoutLog());
		const session = await load(log);
		expect(session.state.invites?.get('i_no')).toEqual(declined);
		const t1 = session.state.tasks.get('t1')!;
		const claimed = { ...t1, claims: [...t1.claims, { memberId: 'm_b', at: 9 }] };
		expect(await session.apply(() => accept([{ type: 'task:set', task: claimed }]))).toMatchObject({ ok: true });
		const before = JSON.stringify([...session.state.tasks.values(), ...session.state.members.values()]);

		const again = await load(log);
		expect(JSON.stringify([...again.state.tasks.values(), ...again.state.members.values()])).toBe(before);
		expect(again.state.meta).toEqual(meta());
		expect(again.state.invites?.get('i_no')).toEqual(declined);

		const snapshot = again.snapshot();
		expect(decodeStored(snapshot)).toBeDefined();
		const compacted = new MemoryLog();
		compacted.updates.push(snapshot);
		const third = await load(compacted);
		expect(JSON.stringify([...third.state.tasks.values(), ...third.state.members.values()])).toBe(before);
	});
});
