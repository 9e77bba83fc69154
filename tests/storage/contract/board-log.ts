/**
 * Contract: the board log (server/storage/board-log.ts). Written against the BoardLog
 * interface alone, with no meal records, so a log kept outside the database (Redis,
 * issue #8) runs it unchanged. Waits are on delivered events, never on time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { AppendedUpdate, BoardLog } from '../../../server/storage/board-log.ts';
import { updateSetting } from './storage-target.ts';

export interface BoardLogTarget {
	/** A fresh, empty log and a way to close it. */
	open(): Promise<{ boardLog: BoardLog; close(): Promise<void> }>;
	/** Another connection to the same data, after closing `opened` (implementations that persist). */
	reopen?(opened: {
		boardLog: BoardLog;
		close(): Promise<void>;
	}): Promise<{ boardLog: BoardLog; close(): Promise<void> }>;
}

/** The map `m` the updates of `log` build, snapshot first. */
function rebuild(log: { snapshot: Uint8Array | null; updates: Uint8Array[] }) {
	const doc = new Y.Doc();
	if (log.snapshot) Y.applyUpdate(doc, log.snapshot);
	for (const u of log.updates) Y.applyUpdate(doc, u);
	return doc.getMap('m').toJSON();
}

/** Appends `n` updates one after the other from the log's current sequence. */
async function appendMany(boardLog: BoardLog, mealId: string, doc: Y.Doc, n: number, prefix = 'k') {
	let seq = (await boardLog.load(mealId)).seq;
	for (let i = 0; i < n; i++) {
		const result = await boardLog.append(mealId, seq, updateSetting(doc, `${prefix}${i}`, `${i}`));
		if (!result.ok) throw new Error(`append at ${seq} conflicted`);
		seq = result.seq;
	}
	return seq;
}

export function boardLogContract(name: string, target: BoardLogTarget) {
	describe(`board log: ${name}`, () => {
		const opened: { close(): Promise<void> }[] = [];
		const open = async () => {
			const o = await target.open();
			opened.push(o);
			return o.boardLog;
		};
		afterEach(async () => {
			await Promise.all(opened.splice(0).map((o) => o.close()));
		});

		it('loads an unknown meal as an empty board at sequence 0', async () => {
			const boardLog = await open();
			expect(await boardLog.load('meal1')).toEqual({ snapshot: null, snapshotSeq: 0, updates: [], seq: 0 });
		});

		it('appends updates in order and only at the expected sequence', async () => {
			const boardLog = await open();
			const doc = new Y.Doc();
			const u1 = updateSetting(doc, 'a', '1');
			const u2 = updateSetting(doc, 'b', '2');
			expect(await boardLog.append('meal1', 0, u1)).toEqual({ ok: true, seq: 1 });
			expect(await boardLog.append('meal1', 0, u2)).toEqual({ ok: false, reason: 'conflict', seq: 1 });
			expect(await boardLog.append('meal1', 5, u2)).toEqual({ ok: false, reason: 'conflict', seq: 1 });
			expect(await boardLog.append('meal1', 1, u2)).toEqual({ ok: true, seq: 2 });
			const log = await boardLog.load('meal1');
			expect(log.seq).toBe(2);
			expect(log.updates.map((u) => Array.from(u))).toEqual([Array.from(u1), Array.from(u2)]);
			expect(rebuild(log)).toEqual({ a: '1', b: '2' });
		});

		it('lets exactly one of many concurrent appends at one sequence win', async () => {
			const boardLog = await open();
			const doc = new Y.Doc();
			const updates = Array.from({ length: 20 }, (_, i) => updateSetting(doc, `k${i}`, 'v'));
			const results = await Promise.all(updates.map((u) => boardLog.append('meal1', 0, u)));
			expect(results.filter((r) => r.ok)).toEqual([{ ok: true, seq: 1 }]);
			expect(results.filter((r) => !r.ok).every((r) => r.seq === 1)).toBe(true);
			expect((await boardLog.load('meal1')).updates).toHaveLength(1);
		});

		it('keeps boards of different meals apart', async () => {
			const boardLog = await open();
			const doc = new Y.Doc();
			await boardLog.append('meal1', 0, updateSetting(doc, 'a', '1'));
			expect((await boardLog.load('meal2')).seq).toBe(0);
			expect(await boardLog.append('meal2', 0, updateSetting(doc, 'b', '1'))).toEqual({ ok: true, seq: 1 });
			expect(rebuild(await boardLog.load('meal1'))).toEqual({ a: '1' });
		});

		it('compacts into a snapshot without losing later updates or the sequence', async () => {
			const boardLog = await open();
			const doc = new Y.Doc();
			await appendMany(boardLog, 'meal1', doc, 5);
			const upTo3 = new Y.Doc();
			for (const u of (await boardLog.load('meal1')).updates.slice(0, 3)) Y.applyUpdate(upTo3, u);
			await boardLog.compact('meal1', 3, Y.encodeStateAsUpdate(upTo3));
			const log = await boardLog.load('meal1');
			expect(log.snapshotSeq).toBe(3);
			expect(log.updates).toHaveLength(2);
			expect(log.seq).toBe(5);
			// Snapshot, then the tail in order: the same board as every update applied.
			expect(rebuild(log)).toEqual(doc.getMap('m').toJSON());
			expect(await boardLog.append('meal1', 5, updateSetting(doc, 'z', 'z'))).toEqual({ ok: true, seq: 6 });
			const after = await boardLog.load('meal1');
			expect({ snapshotSeq: after.snapshotSeq, updates: after.updates.length, seq: after.seq }).toEqual({
				snapshotSeq: 3,
				updates: 3,
				seq: 6
			});
			expect(rebuild(after)).toEqual(doc.getMap('m').toJSON());
		});

		it('keeps the sequence when everything has been compacted', async () => {
			const boardLog = await open();
			const doc = new Y.Doc();
			await boardLog.append('meal1', 0, updateSetting(doc, 'a', '1'));
			await boardLog.append('meal1', 1, updateSetting(doc, 'b', '2'));
			await boardLog.compact('meal1', 2, Y.encodeStateAsUpdate(doc));
			const log = await boardLog.load('meal1');
			expect({ seq: log.seq, snapshotSeq: log.snapshotSeq, updates: log.updates.length }).toEqual({
				seq: 2,
				snapshotSeq: 2,
				updates: 0
			});
			const late = updateSetting(new Y.Doc(), 'c', '3');
			expect(await boardLog.append('meal1', 1, late)).toMatchObject({ ok: false });
			expect(await boardLog.append('meal1', 2, late)).toEqual({ ok: true, seq: 3 });
			expect(rebuild(await boardLog.load('meal1'))).toEqual({ a: '1', b: '2', c: '3' });
		});

		it('ignores a stale compaction and refuses one beyond the log', async () => {
			const boardLog = await open();
			const doc = new Y.Doc();
			await appendMany(boardLog, 'meal1', doc, 3);
			await boardLog.compact('meal1', 2, Y.encodeStateAsUpdate(doc));
			await boardLog.compact('meal1', 1, new Uint8Array([0, 0]));
			expect((await boardLog.load('meal1')).snapshotSeq).toBe(2);
			await expect(boardLog.compact('meal1', 9, Y.encodeStateAsUpdate(doc))).rejects.toThrow();
			expect((await boardLog.load('meal1')).seq).toBe(3);
		});

		it('loses nothing when a compaction runs while others append', async () => {
			const boardLog = await open();
			const doc = new Y.Doc();
			await appendMany(boardLog, 'meal1', doc, 4);
			const expected: Record<string, string> = { ...doc.getMap('m').toJSON() };
			// The compaction and three writers, each appending on from what it last saw; a
			// refused attempt is made again as a new update (from its own document, so no
			// later update depends on one that was never stored).
			const writers = ['x', 'y', 'z'].map(async (prefix) => {
				for (let done = 0; done < 3;) {
					const { seq } = await boardLog.load('meal1');
					const result = await boardLog.append('meal1', seq, updateSetting(new Y.Doc(), `${prefix}${done}`, prefix));
					if (result.ok) expected[`${prefix}${done++}`] = prefix;
				}
			});
			await Promise.all([boardLog.compact('meal1', 4, Y.encodeStateAsUpdate(doc)), ...writers]);
			const log = await boardLog.load('meal1');
			expect(log.seq).toBe(13);
			expect(log.snapshotSeq).toBe(4);
			expect(log.updates).toHaveLength(9);
			expect(rebuild(log)).toEqual(expected);
			expect(Object.keys(expected)).toHaveLength(13);
		});

		it('delivers appends to every subscriber of the meal, in sequence order, and only the winners', async () => {
			const boardLog = await open();
			const first: AppendedUpdate[] = [];
			const second: AppendedUpdate[] = [];
			const otherMeal: AppendedUpdate[] = [];
			const stops = [
				boardLog.subscribe('meal1', (a) => first.push(a)),
				boardLog.subscribe('meal1', (a) => second.push(a)),
				boardLog.subscribe('meal2', (a) => otherMeal.push(a))
			];
			const doc = new Y.Doc();
			const u1 = updateSetting(doc, 'a', '1');
			await boardLog.append('meal1', 0, u1);
			// Of two racing appends at sequence 1, only the winner is delivered.
			const racing = [updateSetting(doc, 'b', '2'), updateSetting(new Y.Doc(), 'c', '3')];
			const results = await Promise.all(racing.map((u) => boardLog.append('meal1', 1, u)));
			const winner = racing[results.findIndex((r) => r.ok)]!;
			await boardLog.append('meal1', 2, updateSetting(doc, 'd', '4'));
			await vi.waitFor(() => expect(second).toHaveLength(3));
			await vi.waitFor(() => expect(first).toHaveLength(3));
			for (const heard of [first, second]) {
				expect(heard.map((a) => [a.mealId, a.seq])).toEqual([
					['meal1', 1],
					['meal1', 2],
					['meal1', 3]
				]);
				expect(Array.from(heard[0]!.update)).toEqual(Array.from(u1));
				expect(Array.from(heard[1]!.update)).toEqual(Array.from(winner));
			}
			expect(otherMeal).toEqual([]);
			stops.forEach((stop) => stop());
		});

		it('stops delivering to a subscriber once it unsubscribes, and keeps delivering to the others', async () => {
			const boardLog = await open();
			const stopped: number[] = [];
			const staying: number[] = [];
			const stop = boardLog.subscribe('meal1', (a) => stopped.push(a.seq));
			const stopStaying = boardLog.subscribe('meal1', (a) => staying.push(a.seq));
			const doc = new Y.Doc();
			await boardLog.append('meal1', 0, updateSetting(doc, 'a', '1'));
			await vi.waitFor(() => expect(stopped).toEqual([1]));
			stop();
			stop(); // twice is harmless
			await boardLog.append('meal1', 1, updateSetting(doc, 'b', '2'));
			// Deliveries are in order: once the staying subscriber heard seq 2, the other would have too.
			await vi.waitFor(() => expect(staying).toEqual([1, 2]));
			expect(stopped).toEqual([1]);
			stopStaying();
		});

		it('still appends, and still delivers to the others, when a subscriber throws', async () => {
			const boardLog = await open();
			const heard: number[] = [];
			const stops = [
				boardLog.subscribe('meal1', () => {
					throw new Error('a broken subscriber');
				}),
				boardLog.subscribe('meal1', (a) => heard.push(a.seq))
			];
			expect(await boardLog.append('meal1', 0, updateSetting(new Y.Doc(), 'a', '1'))).toEqual({ ok: true, seq: 1 });
			await vi.waitFor(() => expect(heard).toEqual([1]));
			expect((await boardLog.load('meal1')).seq).toBe(1);
			stops.forEach((stop) => stop());
		});

		if (target.reopen)
			it('keeps every acknowledged append and the snapshot across a reopen', async () => {
				const first = await target.open();
				opened.push(first);
				const doc = new Y.Doc();
				await appendMany(first.boardLog, 'meal1', doc, 3);
				await first.boardLog.compact('meal1', 2, Y.encodeStateAsUpdate(doc));
				const again = await target.reopen!(first);
				opened.push(again);
				const log = await again.boardLog.load('meal1');
				expect({ seq: log.seq, snapshotSeq: log.snapshotSeq }).toEqual({ seq: 3, snapshotSeq: 2 });
				expect(rebuild(log)).toEqual(doc.getMap('m').toJSON());
			});
	});
}
