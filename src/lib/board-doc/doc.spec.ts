import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { member, meta, task } from '../../../tests/helpers/board-fixtures.ts';
import type { Change, Task } from '../domain/types.ts';
import { applyChanges, applyToState, readBoard, readMutableBoard } from './doc.ts';

/** The one update a set of changes produces. */
function updateOf(doc: Y.Doc, changes: Change[]): Uint8Array {
	let update: Uint8Array = new Uint8Array();
	const capture = (u: Uint8Array) => (update = u);
	doc.on('update', capture);
	applyChanges(doc, changes);
	doc.off('update', capture);
	return update;
}

function boardWith(tasks: Task[]): Y.Doc {
	const doc = new Y.Doc();
	applyChanges(doc, [
		{ type: 'meta:set', meta: meta() },
		...tasks.map((t): Change => ({ type: 'task:set', task: t })),
		{ type: 'member:set', member: member('m_a') }
	]);
	return doc;
}

const carrots = task('t_carrots', {
	title: { fr: 'Éplucher et couper les carottes pour la soupe', en: 'Peel and cut the carrots for the soup' },
	slots: 3
});

describe('the board in a Yjs document', () => {
	it('writes a claim as the claim: the titles do not travel again', () => {
		const doc = boardWith([carrots]);
		const claimed = { ...carrots, claims: [{ memberId: 'm_a', at: 5 }] };
		const update = updateOf(doc, [{ type: 'task:set', task: claimed }]);
		const text = Buffer.from(update).toString('utf8');
		expect(text).toContain('m_a');
		expect(text).not.toContain('carottes');
		expect(update.length).toBeLessThan(80);
		expect(readBoard(doc).tasks.get('t_carrots')).toEqual(claimed);
	});

	it('writes an edit without the claims, and nothing for a task set unchanged', () => {
		const claimed = { ...carrots, claims: [{ memberId: 'm_a', at: 5 }] };
		const doc = boardWith([claimed]);
		const edited = { ...claimed, slots: 4 };
		const text = Buffer.from(updateOf(doc, [{ type: 'task:set', task: edited }])).toString('utf8');
		expect(text).toContain('carottes');
		expect(text).not.toContain('m_a');
		expect(updateOf(doc, [{ type: 'task:set', task: edited }]).length).toBeLessThanOrEqual(2);
		expect(readBoard(doc).tasks.get('t_carrots')).toEqual(edited);
	});

	it('reads a board stored before claims had their own map, and moves a task over at its first write', () => {
		// The old layout: each task value carried its claims.
		const old = new Y.Doc();
		const claimed = { ...carrots, claims: [{ memberId: 'm_a', at: 5 }] };
		old.getMap('meta').set('meal', meta());
		old.getMap('tasks').set(claimed.id, claimed);
		old.getMap('tasks').set('t_bread', task('t_bread'));
		old.getMap('members').set('m_a', member('m_a'));
		const stored = Y.encodeStateAsUpdate(old);

		const doc = new Y.Doc();
		Y.applyUpdate(doc, stored);
		expect(readBoard(doc).tasks.get('t_carrots')).toEqual(claimed);
		expect(readBoard(doc).tasks.get('t_bread')?.claims).toEqual([]);

		const more = { ...claimed, claims: [...claimed.claims, { memberId: 'm_b', at: 6 }] };
		applyChanges(doc, [{ type: 'task:set', task: more }]);
		expect(readBoard(doc).tasks.get('t_carrots')).toEqual(more);
		expect(doc.getMap('tasks').get('t_carrots')).not.toHaveProperty('claims');
		const released = { ...more, claims: [] };
		applyChanges(doc, [{ type: 'task:set', task: released }]);
		expect(readBoard(doc).tasks.get('t_carrots')).toEqual(released);
		applyChanges(doc, [{ type: 'task:delete', taskId: 't_carrots' }]);
		expect(readBoard(doc).tasks.has('t_carrots')).toBe(false);
	});

	it('keeps a state in memory equal to what the document reads, change after change', () => {
		const doc = boardWith([carrots, task('t_bread')]);
		const state = readMutableBoard(doc);
		const steps: Change[][] = [
			[{ type: 'task:set', task: { ...carrots, claims: [{ memberId: 'm_a', at: 1 }] } }],
			[{ type: 'member:set', member: member('m_b') }],
			[{ type: 'task:delete', taskId: 't_bread' }],
			[{ type: 'prompt:set', prompt: { id: 'p1', text: { fr: 'Bonjour', en: 'Hello' }, pushedAt: 2 } }],
			[{ type: 'member:delete', memberId: 'm_b' }, { type: 'prompt:clear' }],
			[{ type: 'meta:set', meta: meta('cooking') }],
			[
				{
					type: 'invite:set',
					invite: {
						id: 'i1',
						kind: 'invite',
						taskId: 't_carrots',
						memberId: 'm_a',
						by: 'master',
						status: 'pending',
						createdAt: 3
					}
				}
			]
		];
		for (const changes of steps) {
			applyChanges(doc, changes);
			applyToState(state, changes);
			expect(state).toEqual(readBoard(doc));
		}
	});
});
