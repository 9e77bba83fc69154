import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { member, meta, task } from '../../../tests/helpers/board-fixtures.ts';
import type { Change, Task } from '../domain/types.ts';
import { applyChanges, applyToState, applyUpdatesToState, readBoard, readMutableBoard } from './doc.ts';

type Docs = { board: Y.Doc; masters: Y.Doc };

/** The one update of the board document (what every phone receives) a set of changes produces. */
function updateOf(docs: Docs, changes: Change[]): Uint8Array {
	let update: Uint8Array = new Uint8Array();
	const capture = (u: Uint8Array) => (update = u);
	docs.board.on('update', capture);
	applyChanges(docs, changes);
	docs.board.off('update', capture);
	return update;
}

const read = (docs: Docs) => readBoard(docs.board, docs.masters);

function boardWith(tasks: Task[]): Docs {
	const doc = { board: new Y.Doc(), masters: new Y.Doc() };
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
		expect(read(doc).tasks.get('t_carrots')).toEqual(claimed);
		// Phones read who holds the place, never since when.
		expect(readBoard(doc.board).tasks.get('t_carrots')?.claims).toEqual([{ memberId: 'm_a' }]);
	});

	it('writes an edit without the claims, and nothing for a task set unchanged', () => {
		const claimed = { ...carrots, claims: [{ memberId: 'm_a', at: 5 }] };
		const doc = boardWith([claimed]);
		const edited = { ...claimed, slots: 4 };
		const text = Buffer.from(updateOf(doc, [{ type: 'task:set', task: edited }])).toString('utf8');
		expect(text).toContain('carottes');
		expect(text).not.toContain('m_a');
		expect(updateOf(doc, [{ type: 'task:set', task: edited }]).length).toBeLessThanOrEqual(2);
		expect(read(doc).tasks.get('t_carrots')).toEqual(edited);
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

		const doc = { board: new Y.Doc(), masters: new Y.Doc() };
		Y.applyUpdate(doc.board, stored);
		expect(read(doc).tasks.get('t_carrots')).toEqual(claimed);
		expect(read(doc).tasks.get('t_bread')?.claims).toEqual([]);

		const more = { ...claimed, claims: [...claimed.claims, { memberId: 'm_b', at: 6 }] };
		applyChanges(doc, [{ type: 'task:set', task: more }]);
		expect(read(doc).tasks.get('t_carrots')).toEqual(more);
		expect(doc.board.getMap('tasks').get('t_carrots')).not.toHaveProperty('claims');
		const released = { ...more, claims: [] };
		applyChanges(doc, [{ type: 'task:set', task: released }]);
		expect(read(doc).tasks.get('t_carrots')).toEqual(released);
		applyChanges(doc, [{ type: 'task:delete', taskId: 't_carrots' }]);
		expect(read(doc).tasks.has('t_carrots')).toBe(false);
	});

	it('keeps a state in memory equal to what the document reads, change after change', () => {
		const doc = boardWith([carrots, task('t_bread')]);
		const state = readMutableBoard(doc.board, doc.masters);
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
			expect(state).toEqual(read(doc));
		}
	});

	it('keeps times, the canteen and invitations out of the board document', () => {
		const doc = boardWith([carrots]);
		const invite = {
			id: 'i1',
			kind: 'invite' as const,
			taskId: 't_carrots',
			memberId: 'm_a',
			by: 'master',
			status: 'declined' as const,
			createdAt: 3
		};
		applyChanges(doc, [
			{ type: 'task:set', task: { ...carrots, claims: [{ memberId: 'm_a', at: 7 }] } },
			{ type: 'member:set', member: member('m_b', { joinedAt: 11, checkedInAt: 12, checkedOutAt: 13 }) },
			{ type: 'invite:set', invite }
		]);
		const everything = JSON.stringify(doc.board.toJSON());
		for (const word of ['joinedAt', 'checkedInAt', 'checkedOutAt', '"at"', 'canteenId', 'i1', 'declined']) {
			expect(everything).not.toContain(word);
		}
		expect(readBoard(doc.board).meta).not.toHaveProperty('canteenId');
		expect(read(doc).meta).toEqual(meta());
		expect(read(doc).members.get('m_b')).toEqual(member('m_b', { joinedAt: 11, checkedInAt: 12, checkedOutAt: 13 }));
		expect(read(doc).invites?.get('i1')).toEqual(invite);
	});

	it('brings a kept state up to date from another writer’s updates, reading only what they touched', () => {
		const writer = boardWith([carrots, task('t_bread')]);
		const reader = { board: new Y.Doc(), masters: new Y.Doc() };
		const sync = () => {
			const updates = {
				board: Y.encodeStateAsUpdate(writer.board, Y.encodeStateVector(reader.board)),
				masters: Y.encodeStateAsUpdate(writer.masters, Y.encodeStateVector(reader.masters))
			};
			return applyUpdatesToState(state, reader, updates);
		};
		const state = readMutableBoard(reader.board, reader.masters);
		sync();
		expect(state).toEqual(read(writer));
		applyChanges(writer, [
			{ type: 'task:set', task: { ...carrots, claims: [{ memberId: 'm_a', at: 9 }] } },
			{ type: 'member:set', member: member('m_b') },
			{ type: 'task:delete', taskId: 't_bread' },
			{
				type: 'invite:set',
				invite: {
					id: 'i1',
					taskId: 't_carrots',
					memberId: 'm_b',
					by: 'm_a',
					kind: 'invite',
					createdAt: 9,
					status: 'pending'
				}
			},
			{ type: 'meta:set', meta: { ...meta(), status: 'cooking' } }
		]);
		const touched = sync();
		expect(state).toEqual(read(writer));
		expect([...touched.tasks].sort()).toEqual(['t_bread', 't_carrots']);
		expect([...touched.members]).toEqual(['m_b']);
		expect([...touched.invites]).toEqual(['i1']);
		expect(touched).toMatchObject({ meta: true, prompt: false });
	});
});
