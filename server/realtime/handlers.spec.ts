import { describe, expect, it } from 'vitest';
import { meta, member, task } from '../../tests/helpers/board-fixtures.ts';
import { MemoryLog } from '../../tests/helpers/memory-log.ts';
import { createLogger } from '../log.ts';
import { MealSessions } from '../session/sessions.ts';
import { commandRunner } from './commands.ts';
import { composeHandlers, type EffectRunners, type HandlerTable } from './handlers.ts';

const log = createLogger('silent');

/** A meal with one task and two members, in a real session over a log in memory. */
function setup(handlers: HandlerTable, effects: Partial<EffectRunners> = {}) {
	const boardLog = new MemoryLog();
	boardLog.writeElsewhere([
		{ type: 'meta:set', meta: { ...meta(), id: 'meal', canteenId: 'c1' } },
		{ type: 'task:set', task: task('t1', { slots: 2 }) },
		{ type: 'member:set', member: member('m_a') },
		{ type: 'member:set', member: member('m_b') }
	]);
	const sessions = new MealSessions({
		log: boardLog,
		meals: { updateSummary: async () => undefined },
		logger: log,
		idleMs: 60_000,
		presenceIntervalMs: 50
	});
	const ran: string[] = [];
	const noop: EffectRunners = {
		'prompt:deliver': async () => void ran.push('prompt:deliver'),
		'prompt:record': async () => void ran.push('prompt:record'),
		'ban:record': async () => (ran.push('ban:record'), { banId: 'b_1' }),
		'member:disconnect': async () => void ran.push('member:disconnect'),
		'member:erase': async () => void ran.push('member:erase'),
		...effects
	};
	const commands = commandRunner({ sessions, handlers, effects: noop, log });
	return { boardLog, sessions, commands, ran };
}

const master = { role: 'master' as const };

describe('the handler table', () => {
	it('refuses two handlers for one command when the table is composed', () => {
		const history: HandlerTable = {
			'prompt:history': { kind: 'direct', run: async () => ({ ok: true, result: { history: [] } }) }
		};
		expect(() => composeHandlers(history, { ...history })).toThrow('two handlers for prompt:history');
		expect(Object.keys(composeHandlers(history, {}))).toEqual(['prompt:history']);
	});

	it('answers a read straight from its repository while a write waits for the log', async () => {
		const { boardLog, commands } = setup({
			'ban:list': { kind: 'direct', run: async () => ({ ok: true, result: { bans: [{ id: 'b', name: 'x', at: 1 }] } }) }
		});
		let store!: () => void;
		boardLog.hold = new Promise<void>((resolve) => (store = resolve));
		const claim = commands.run({
			name: 'task:claim',
			mealId: 'meal',
			actor: { role: 'member', memberId: 'm_a' },
			payload: { taskId: 't1' }
		});
		const read = await commands.run({ name: 'ban:list', mealId: 'meal', actor: master, payload: {} });
		expect(read).toEqual({ ok: true, bans: [{ id: 'b', name: 'x', at: 1 }] });
		store();
		expect(await claim).toEqual({ ok: true });
	});

	it('asks decide first: a direct command the actor may not run never reaches its handler', async () => {
		let reached = 0;
		const { commands } = setup({
			'words:list': { kind: 'direct', run: async () => (reached++, { ok: true, result: { words: [] } }) }
		});
		const asMember = await commands.run({
			name: 'words:list',
			mealId: 'meal',
			actor: { role: 'member', memberId: 'm_a' },
			payload: {}
		});
		expect(asMember).toMatchObject({ ok: false, code: 'forbidden' });
		expect(reached).toBe(0);
	});

	it('loads what decide needs before the queue, and runs the effects in the decision’s order, once per cid', async () => {
		const { commands, ran, boardLog } = setup({
			'member:ban': { kind: 'board', context: async () => ({ refusedWords: [] }) }
		});
		const ban = () =>
			commands.run({ name: 'member:ban', mealId: 'meal', actor: master, payload: { cid: 'c-1', memberId: 'm_b' } });
		const [first, retry] = await Promise.all([ban(), ban()]);
		expect(first).toEqual({ ok: true, banId: 'b_1' });
		expect(retry).toEqual(first);
		expect(await ban()).toEqual(first);
		expect(ran).toEqual(['ban:record', 'member:disconnect']);
		expect(boardLog.updates).toHaveLength(2);
	});

	it('answers a refusal from decide without running any effect', async () => {
		const { commands, ran } = setup({});
		const refused = await commands.run({
			name: 'member:ban',
			mealId: 'meal',
			actor: master,
			payload: { memberId: 'm_nobody' }
		});
		expect(refused).toMatchObject({ ok: false, code: 'member_not_found' });
		expect(ran).toEqual([]);
	});
});
