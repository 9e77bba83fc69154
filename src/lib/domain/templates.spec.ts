import { describe, expect, it } from 'vitest';
import { LIMITS } from '../protocol/schemas.ts';
import { DEFAULT_TEMPLATES, seedTemplates, sortTemplates, tasksFromTemplates, type TaskTemplate } from './templates.ts';
import { TASK_KINDS } from './types.ts';

const template = (id: string, over: Partial<TaskTemplate> = {}): TaskTemplate => ({
	id,
	canteenId: 'c1',
	kind: 'other',
	title: { fr: `Tâche ${id}`, en: `Task ${id}` },
	slots: 1,
	phase: 'before',
	icon: '🥕',
	order: 0,
	...over
});

const counter = () => {
	let n = 0;
	return () => `t${++n}`;
};

describe('tasksFromTemplates', () => {
	it('orders by phase, then order, then id, and numbers the tasks from 0', () => {
		const templates = [
			template('wash', { phase: 'after', order: 0 }),
			template('serve', { phase: 'during', order: 1 }),
			template('welcome', { phase: 'during', order: 0 }),
			template('peel', { phase: 'before', order: 2 }),
			template('b-tables', { phase: 'before', order: 5 }),
			template('a-tables', { phase: 'before', order: 5 })
		];
		const tasks = tasksFromTemplates({ templates, newId: counter(), now: 1000 });
		expect(tasks.map((t) => t.title.en)).toEqual([
			'Task peel',
			'Task a-tables',
			'Task b-tables',
			'Task welcome',
			'Task serve',
			'Task wash'
		]);
		expect(tasks.map((t) => t.order)).toEqual([0, 1, 2, 3, 4, 5]);
		expect(tasks.map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4', 't5', 't6']);
	});

	it('makes fresh open tasks with no claims, stamped now', () => {
		const [task] = tasksFromTemplates({
			templates: [template('peel', { kind: 'cooking', slots: 3 })],
			newId: () => 'x',
			now: 42
		});
		expect(task).toEqual({
			id: 'x',
			kind: 'cooking',
			title: { fr: 'Tâche peel', en: 'Task peel' },
			slots: 3,
			order: 0,
			status: 'open',
			claims: [],
			createdAt: 42,
			icon: '🥕'
		});
	});

	it('does not share the template title object with the task', () => {
		const t = template('peel');
		const [task] = tasksFromTemplates({ templates: [t], newId: () => 'x', now: 0 });
		task!.title.fr = 'changé';
		expect(t.title.fr).toBe('Tâche peel');
	});

	it('gives nothing for no template and leaves the input order alone', () => {
		expect(tasksFromTemplates({ templates: [], newId: counter(), now: 0 })).toEqual([]);
		const templates = [template('b', { phase: 'after' }), template('a')];
		tasksFromTemplates({ templates, newId: counter(), now: 0 });
		expect(templates.map((t) => t.id)).toEqual(['b', 'a']);
	});

	it('stops at the board limit, keeping the first in board order', () => {
		const templates = Array.from({ length: LIMITS.maxTasks + 5 }, (_, i) =>
			template(`t${String(i).padStart(3, '0')}`, { order: LIMITS.maxTasks + 5 - i })
		);
		const tasks = tasksFromTemplates({ templates, newId: counter(), now: 0 });
		expect(tasks).toHaveLength(LIMITS.maxTasks);
		expect(tasks[0]!.title.en).toBe(`Task t${String(LIMITS.maxTasks + 4).padStart(3, '0')}`);
	});

	it('sorts templates without touching them', () => {
		expect(
			sortTemplates([template('x', { phase: 'after' }), template('y', { phase: 'during' })]).map((t) => t.id)
		).toEqual(['y', 'x']);
	});
});

describe('DEFAULT_TEMPLATES', () => {
	it('covers a whole meal in both languages with unique stable ids', () => {
		expect(DEFAULT_TEMPLATES.length).toBeGreaterThanOrEqual(10);
		expect(new Set(DEFAULT_TEMPLATES.map((t) => t.id)).size).toBe(DEFAULT_TEMPLATES.length);
		expect(new Set(DEFAULT_TEMPLATES.map((t) => t.phase))).toEqual(new Set(['before', 'during', 'after']));
		expect(new Set(DEFAULT_TEMPLATES.map((t) => t.kind))).toEqual(new Set(TASK_KINDS));
		for (const t of DEFAULT_TEMPLATES) {
			expect(t.title.fr, t.id).not.toBe('');
			expect(t.title.en, t.id).not.toBe('');
			expect(t.id).toMatch(/^default-[a-z-]+$/);
		}
	});

	it('has no two templates in the same place on the board', () => {
		const places = DEFAULT_TEMPLATES.map((t) => `${t.phase}:${t.order}`);
		expect(new Set(places).size).toBe(places.length);
	});

	it('seeds a canteen board from the defaults in board order', () => {
		const tasks = tasksFromTemplates({ templates: DEFAULT_TEMPLATES, newId: counter(), now: 0 });
		expect(tasks).toHaveLength(DEFAULT_TEMPLATES.length);
		expect(tasks[0]!.title.en).toBe('Open the kitchen and get the equipment out');
		expect(tasks.at(-1)!.title.en).toBe('Sweep and tidy the room');
		expect(tasks.filter((t) => t.kind === 'dishes').map((t) => t.title.fr)).toEqual([
			'Faire la vaisselle',
			'Essuyer et ranger la vaisselle'
		]);
	});

	it('copies the defaults as a canteen’s own templates with fresh ids', () => {
		const own = seedTemplates({ canteenId: 'c9', newId: counter() });
		expect(own).toHaveLength(DEFAULT_TEMPLATES.length);
		expect(own.every((t) => t.canteenId === 'c9')).toBe(true);
		expect(own.map((t) => t.id).slice(0, 2)).toEqual(['t1', 't2']);
		own[0]!.title.fr = 'changé';
		expect(DEFAULT_TEMPLATES[0]!.title.fr).not.toBe('changé');
	});
});
