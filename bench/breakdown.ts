/**
 * Where a command's server time goes, stage by stage, measured in-process with the real
 * modules (no sockets): schema parse, reading the board out of the Yjs document, the
 * pure rule, the Yjs transaction, the base64 sync encoding, the SQLite append (WAL with
 * synchronous=NORMAL as shipped, and FULL for comparison), and the whole `session.apply`.
 * What is left of the server's CPU per operation in the socket run is Socket.IO itself:
 * decoding the command, writing the ack and one frame per connected phone.
 */
import { createJoinCodes } from '../server/board/join-codes.ts';
import { DEFAULT_JOIN_CODE_TIMING } from '../src/lib/domain/join-codes.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import * as Y from 'yjs';
import { createMeal, joinMeal } from '../server/board/meals.ts';
import { MealSessions } from '../server/session/sessions.ts';
import { createLogger } from '../server/log.ts';
import { DEMO_TASKS, seedDemo } from '../server/seed/demo.ts';
import { openSqliteStorage } from '../server/storage/sqlite.ts';
import type { Storage } from '../server/storage/storage.ts';
import { applyChanges, readBoard } from '../src/lib/board-doc/doc.ts';
import { encodeUpdate } from '../src/lib/board-doc/sync.ts';
import { decide, sortTasks } from '../src/lib/domain/board.ts';
import type { Task } from '../src/lib/domain/types.ts';
import { commandSchemas } from '../src/lib/protocol/schemas.ts';
import { round } from './stats.ts';

export interface StageCost {
	stage: string;
	/** Mean wall time per call, microseconds (single-threaded, so ≈ CPU time). */
	us: number;
	iterations: number;
}

export interface Breakdown {
	members: number;
	/** Bytes of one claim update as produced by the Yjs transaction (before base64). */
	claimUpdateBytes: number;
	stages: StageCost[];
}

/** Runs fn up to `iterations` times or until `budgetMs` passes, after a short warm-up. */
async function time(
	stage: string,
	iterations: number,
	budgetMs: number,
	fn: (i: number) => unknown
): Promise<StageCost> {
	for (let i = 0; i < Math.min(200, iterations / 5); i++) await fn(i);
	const start = performance.now();
	let n = 0;
	while (n < iterations && performance.now() - start < budgetMs) await fn(n++);
	return { stage, us: round(((performance.now() - start) * 1000) / n, 1), iterations: n };
}

export async function measureStages(options: { members: number; iterations: number }): Promise<Breakdown> {
	const dirs: string[] = [];
	const stores: Storage[] = [];
	const open = (synchronous: 'normal' | 'full') => {
		const dataDir = mkdtempSync(join(tmpdir(), 'tablee-bench-stages-'));
		dirs.push(dataDir);
		const storage = openSqliteStorage({ dataDir, synchronous });
		stores.push(storage);
		return storage;
	};
	const log = createLogger('silent');
	try {
		const storage = open('normal');
		const demo = await seedDemo(storage);
		const mealId = demo.meal.id;
		const sessions = new MealSessions({
			log: storage.boardLog,
			meals: storage.meals,
			logger: log,
			idleMs: 600_000,
			presenceIntervalMs: 250
		});
		const codes = createJoinCodes({ meals: storage.meals, timing: DEFAULT_JOIN_CODE_TIMING });
		let memberId = '';
		for (let i = 0; i < options.members; i++) {
			const joined = await joinMeal(
				{ storage, sessions, codes },
				{ code: demo.meal.joinCode, name: `Cook ${i}`, emoji: '' }
			);
			if (!joined.ok) throw new Error(`join failed: ${joined.code}`);
			memberId ||= joined.memberId;
		}
		const session = await sessions.get(mealId);
		const task = sortTasks(session.state.tasks.values())[1]!;
		const actor = { role: 'member' as const, memberId };
		const ctx = { now: Date.now(), newId: () => 't_xxxxxxxxxx' };
		const claim = { name: 'task:claim' as const, payload: { cid: 'k3j4h5g6-1', taskId: task.id } };
		const release = { name: 'task:release' as const, payload: { cid: 'k3j4h5g6-2', taskId: task.id } };
		const n = options.iterations;

		// Scratch document for the Yjs stage, so the session's own document is untouched.
		const scratch = new Y.Doc();
		Y.applyUpdate(scratch, session.snapshot());
		const copy = new Y.Doc();
		Y.applyUpdate(copy, session.snapshot());
		const claimed: Task = { ...task, claims: [{ memberId, at: ctx.now }] };
		const updates: Uint8Array[] = [];
		const capture = (u: Uint8Array) => updates.push(u);
		scratch.on('update', capture);

		const state = session.state;
		const stages: StageCost[] = [];
		stages.push(
			await time('schema parse (valibot)', n, 1_000, () => v.safeParse(commandSchemas['task:claim'], claim.payload))
		);
		stages.push(
			await time('readBoard (copy the Yjs maps; the session no longer does it per command)', n, 1_000, () =>
				readBoard(copy)
			)
		);
		stages.push(await time('decide (pure rule)', n, 1_000, () => decide(state, claim, actor, ctx)));
		stages.push(
			await time('Yjs transaction + update', n, 1_000, (i) =>
				applyChanges(scratch, [{ type: 'task:set', task: i % 2 === 0 ? claimed : task }])
			)
		);
		// One claim on a released task, captured on its own: the frame every phone receives.
		applyChanges(scratch, [{ type: 'task:set', task }]);
		const before = updates.length;
		applyChanges(scratch, [{ type: 'task:set', task: claimed }]);
		scratch.off('update', capture);
		if (updates.length !== before + 1) throw new Error('a claim should make exactly one update');
		const claimUpdate = updates[before]!;
		stages.push(await time('encode y-protocols (binary)', n, 1_000, () => encodeUpdate(claimUpdate)));

		// SQLite appends on fresh meals, one store as shipped (NORMAL) and one with FULL.
		for (const sync of ['normal', 'full'] as const) {
			const target = sync === 'normal' ? storage : open('full');
			if (sync === 'full')
				await target.meals.createCanteen({ id: 'canteen_demo', name: 'Bench', createdAt: Date.now() });
			const meal = await createMeal(target, {
				canteenId: 'canteen_demo',
				title: 'Bench',
				date: '2025-01-01',
				time: '12:00',
				status: 'open',
				tasks: DEMO_TASKS
			});
			let seq = 1;
			stages.push(
				await time(`SQLite append (WAL, synchronous=${sync.toUpperCase()})`, n, 1_500, async (i) => {
					const r = await target.boardLog.append(meal.meal.id, seq, updates[i % updates.length]!);
					if (!r.ok) throw new Error('append conflict');
					seq = r.seq;
				})
			);
		}

		let toggle = false;
		stages.push(
			await time('session.apply, whole (queue + decide + Yjs + append + state update)', n, 2_000, async () => {
				const command = toggle ? release : claim;
				toggle = !toggle;
				const d = await sessions.apply(mealId, (s) => decide(s, command, actor, ctx));
				if (!d.ok) throw new Error(`apply refused: ${d.code}`);
			})
		);
		await sessions.closeAll();
		return { members: options.members, claimUpdateBytes: claimUpdate.length, stages };
	} finally {
		for (const s of stores) await s.close().catch(() => undefined);
		for (const d of dirs) rmSync(d, { recursive: true, force: true });
	}
}
