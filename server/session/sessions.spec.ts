import { describe, expect, it } from 'vitest';
import { accept } from '../../src/lib/domain/result.ts';
import { member, meta, task } from '../../tests/helpers/board-fixtures.ts';
import { MemoryLog } from '../../tests/helpers/memory-log.ts';
import { createLogger } from '../log.ts';
import { MealSessions } from './sessions.ts';

describe('closing the sessions', () => {
	it('ends even while a meal’s queue waits on an append that never settles, and drops the sessions', async () => {
		const log = new MemoryLog();
		log.writeElsewhere([
			{ type: 'meta:set', meta: meta() },
			{ type: 'task:set', task: task('t1', { slots: 2 }) }
		]);
		const sessions = new MealSessions({
			log,
			meals: { updateSummary: async () => undefined },
			logger: createLogger('silent'),
			idleMs: 60_000,
			presenceIntervalMs: 50
		});
		const session = await sessions.retain('meal');
		let closedWith: string | undefined;
		session.subscribe({ send: () => undefined, close: (reason) => (closedWith = reason) });
		// A log that stopped answering (Redis away): this append, and the compaction queued
		// behind it, never settle.
		log.hold = new Promise(() => undefined);
		void sessions.apply('meal', () => accept([{ type: 'member:set', member: member('m_a') }]));
		await sessions.closeAll({ graceMs: 10 });
		expect(sessions.loaded).toBe(0);
		expect(closedWith).toBe('unloaded');
	});
});
