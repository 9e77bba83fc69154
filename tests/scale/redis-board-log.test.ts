/**
 * RedisBoardLog against a real redis-server of its own: the board log contract unchanged,
 * then what only a shared log must do — two instances (two connections each) racing for
 * one sequence, appends heard across instances, and a Redis crash and restart (AOF).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { openRedisBoardLog, type RedisBoardLog } from '../../server/storage/redis/board-log.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { boardLogContract } from '../storage/contract/index.ts';
import { updateSetting } from '../storage/contract/storage-target.ts';

let redis: TestRedis;
beforeAll(async () => {
	redis = await startRedis();
});
afterAll(async () => {
	await redis.kill('SIGTERM');
});

// The contract's broken subscriber is expected; anything else thrown by a listener fails the test.
const onListenerError = (error: unknown) => {
	if (!(error instanceof Error && error.message === 'a broken subscriber')) throw error;
};
const connectionErrors: unknown[] = [];
let runs = 0;
const open = (prefix: string) =>
	openRedisBoardLog({ url: redis.url, prefix, onListenerError, onError: (e) => connectionErrors.push(e) });
const asOpened = (boardLog: RedisBoardLog) => ({ boardLog, close: () => boardLog.close() });
const prefixOf = new WeakMap<object, string>();

boardLogContract('redis', {
	async open() {
		// A prefix per test: a fresh, empty log on the same server.
		const prefix = `contract${++runs}`;
		const boardLog = await open(prefix);
		prefixOf.set(boardLog, prefix);
		return asOpened(boardLog);
	},
	async reopen(opened) {
		const prefix = prefixOf.get(opened.boardLog)!;
		await opened.close();
		const again = await open(prefix);
		prefixOf.set(again, prefix);
		return asOpened(again);
	}
});

describe('redis board log: two instances', () => {
	const logs: RedisBoardLog[] = [];
	afterEach(async () => {
		await Promise.all(logs.splice(0).map((l) => l.close()));
	});
	const two = async (prefix: string) => {
		const pair = await Promise.all([open(prefix), open(prefix)]);
		logs.push(...pair);
		return pair;
	};

	it('gives exactly one winner when two instances race for the same sequence, 50 times in a row', async () => {
		const [a, b] = await two('race');
		const doc = new Y.Doc();
		for (let round = 0; round < 50; round++) {
			const results = await Promise.all([
				a.append('meal1', round, updateSetting(doc, `a${round}`, 'a')),
				b.append('meal1', round, updateSetting(doc, `b${round}`, 'b'))
			]);
			expect(results.filter((r) => r.ok)).toEqual([{ ok: true, seq: round + 1 }]);
			expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: 'conflict', seq: round + 1 });
		}
		expect((await a.load('meal1')).updates).toHaveLength(50);
	});

	it('loses nothing when one instance compacts while two others append', async () => {
		const [a, b] = await two('compact');
		const [c] = await two('compact');
		const doc = new Y.Doc();
		for (let seq = 0; seq < 4; seq++) await a.append('meal1', seq, updateSetting(doc, `k${seq}`, 'v'));
		const expected: Record<string, string> = { ...doc.getMap('m').toJSON() };
		const writer = (log: RedisBoardLog, prefix: string) => async () => {
			for (let done = 0; done < 5;) {
				const { seq } = await log.load('meal1');
				const result = await log.append('meal1', seq, updateSetting(new Y.Doc(), `${prefix}${done}`, prefix));
				if (result.ok) expected[`${prefix}${done++}`] = prefix;
			}
		};
		await Promise.all([a.compact('meal1', 4, Y.encodeStateAsUpdate(doc)), writer(b, 'b')(), writer(c!, 'c')()]);
		const board = await a.load('meal1');
		expect({ seq: board.seq, snapshotSeq: board.snapshotSeq, updates: board.updates.length }).toEqual({
			seq: 14,
			snapshotSeq: 4,
			updates: 10
		});
		const rebuilt = new Y.Doc();
		Y.applyUpdate(rebuilt, board.snapshot!);
		for (const u of board.updates) Y.applyUpdate(rebuilt, u);
		expect(rebuilt.getMap('m').toJSON()).toEqual(expected);
	});

	it("delivers one instance's appends to the other's subscribers, and a late subscriber catches up from the log", async () => {
		const [a, b] = await two('fanout');
		const heardByB: number[] = [];
		b.subscribe('meal1', (x) => heardByB.push(x.seq));
		const doc = new Y.Doc();
		for (let seq = 0; seq < 5; seq++) await a.append('meal1', seq, updateSetting(doc, `k${seq}`, 'v'));
		await vi.waitFor(() => expect(heardByB).toEqual([1, 2, 3, 4, 5]));
		// A third instance arriving now loads the board, then hears what follows.
		const [late] = await two('fanout');
		const board = await late!.load('meal1');
		const rebuilt = new Y.Doc();
		for (const u of board.updates) Y.applyUpdate(rebuilt, u);
		expect(rebuilt.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
		const heardLate: number[] = [];
		late!.subscribe('meal1', (x) => heardLate.push(x.seq));
		expect(await b.append('meal1', board.seq, updateSetting(doc, 'z', 'z'))).toEqual({ ok: true, seq: 6 });
		await vi.waitFor(() => expect(heardLate).toEqual([6]));
		await vi.waitFor(() => expect(heardByB).toEqual([1, 2, 3, 4, 5, 6]));
	});
});

describe('redis board log: Redis restarts', () => {
	it('keeps every acknowledged append across a Redis crash (AOF), and reconnects by itself', async () => {
		const own = await startRedis();
		const errors: unknown[] = [];
		const boardLog = await openRedisBoardLog({
			url: own.url,
			prefix: 'restart',
			onListenerError,
			onError: (e) => errors.push(e)
		});
		try {
			const heard: number[] = [];
			boardLog.subscribe('meal1', (x) => heard.push(x.seq));
			const doc = new Y.Doc();
			let seq = 0;
			for (let i = 0; i < 10; i++) {
				const result = await boardLog.append('meal1', seq, updateSetting(doc, `before${i}`, 'v'));
				expect(result.ok).toBe(true);
				seq = result.seq;
			}
			await vi.waitFor(() => expect(heard).toHaveLength(10));
			await own.kill('SIGKILL');
			// While Redis is away, an append is refused at once (never queued for later), saying so.
			await expect(boardLog.append('meal1', seq, updateSetting(new Y.Doc(), 'lost', 'v'))).rejects.toMatchObject({
				code: 'STORAGE_UNAVAILABLE',
				part: 'redis'
			});
			expect(await boardLog.ping()).toMatchObject({ part: 'redis', ok: false });
			await own.start();
			// The same client object, never reopened, reconnects by itself.
			await vi.waitFor(async () => expect(await boardLog.ping()).toEqual({ part: 'redis', ok: true }), {
				timeout: 10_000
			});
			for (let i = 0; i < 10; i++) {
				const result = await boardLog.append('meal1', seq, updateSetting(doc, `after${i}`, 'v'));
				expect(result.ok).toBe(true);
				seq = result.seq;
			}
			const board = await boardLog.load('meal1');
			expect(board.seq).toBe(20);
			const rebuilt = new Y.Doc();
			for (const u of board.updates) Y.applyUpdate(rebuilt, u);
			expect(rebuilt.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
			// The reader came back too, and resumed where it stopped.
			await vi.waitFor(() => expect(heard).toEqual(Array.from({ length: 20 }, (_, i) => i + 1)), { timeout: 10_000 });
			expect(errors.length).toBeGreaterThan(0);
		} finally {
			await boardLog.close();
			await own.kill('SIGTERM');
		}
	});
});
