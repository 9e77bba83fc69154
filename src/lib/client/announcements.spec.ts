import { describe, expect, it } from 'vitest';
import type { Invite, LivePrompt, Task } from '../domain/types.ts';
import { task } from '../../../tests/helpers/board-fixtures.ts';
import type { QueuedCommand } from '../domain/outbox.ts';
import { announcementsBetween, newlyQueued, type BoardSnapshot } from './announcements.ts';

const snapshot = (over: Partial<BoardSnapshot> = {}): BoardSnapshot => ({
	tasks: [],
	prompt: undefined,
	privatePrompt: undefined,
	invites: new Map(),
	...over
});
const claimed = (id: string, ...members: string[]): Task =>
	task(id, { claims: members.map((memberId) => ({ memberId, at: 1 })) });
const prompt = (id: string): LivePrompt => ({ id, text: { fr: 'Q', en: 'Q' }, pushedAt: 1 });
const invite = (over: Partial<Invite>): Invite => ({
	id: 'i1',
	taskId: 't1',
	memberId: 'me',
	by: 'master',
	kind: 'invite',
	createdAt: 1,
	status: 'pending',
	...over
});

describe('what a phone announces', () => {
	it('says nothing on the first snapshot: a page load is not news', () => {
		const after = snapshot({ tasks: [claimed('t1', 'me')], prompt: prompt('p1') });
		expect(announcementsBetween({ before: undefined, after, meId: 'me' })).toEqual([]);
	});

	it('tells my own claim apart from a neighbour’s, once each', () => {
		const before = snapshot({ tasks: [claimed('t1'), claimed('t2', 'b')] });
		const after = snapshot({ tasks: [claimed('t1', 'me'), claimed('t2', 'b', 'c')] });
		expect(announcementsBetween({ before, after, meId: 'me' }).map((a) => a.type)).toEqual(['mine', 'claimed']);
		expect(announcementsBetween({ before: after, after, meId: 'me' })).toEqual([]);
	});

	it('names who took a task, and a task that appeared already taken', () => {
		const before = snapshot();
		const after = snapshot({ tasks: [claimed('t9', 'b')] });
		expect(announcementsBetween({ before, after, meId: 'me' })).toEqual([
			{ type: 'claimed', task: after.tasks[0], memberId: 'b' }
		]);
	});

	it('announces a new prompt for the table and a private one, not the same one again', () => {
		const before = snapshot({ prompt: prompt('p1') });
		const after = snapshot({ prompt: prompt('p2'), privatePrompt: prompt('x') });
		expect(announcementsBetween({ before, after, meId: 'me' }).map((a) => a.type)).toEqual([
			'prompt',
			'private-prompt'
		]);
		expect(announcementsBetween({ before: after, after, meId: 'me' })).toEqual([]);
		// Taking the prompt down is silent.
		expect(announcementsBetween({ before: after, after: snapshot(), meId: 'me' })).toEqual([]);
	});

	it('announces an invitation for me only, while it is pending', () => {
		const tasks = [claimed('t1')];
		const before = snapshot({ tasks });
		const mine = invite({});
		const other = invite({ id: 'i2', memberId: 'b' });
		const after = snapshot({ tasks, invites: new Map([mine, other].map((i) => [i.id, i])) });
		expect(announcementsBetween({ before, after, meId: 'me' })).toEqual([
			{ type: 'invite', invite: mine, task: tasks[0] }
		]);
		const answered = snapshot({ tasks, invites: new Map([['i1', { ...mine, status: 'declined' as const }]]) });
		expect(announcementsBetween({ before: after, after: answered, meId: 'me' })).toEqual([]);
	});
});

describe('taps kept offline', () => {
	const kept = (cid: string, taskId?: string): QueuedCommand => ({
		cid,
		mealId: 'meal',
		command: taskId ? 'task:claim' : 'member:checkin',
		...(taskId ? { taskId } : {}),
		queuedAt: 1
	});
	const tasks = [claimed('t1')];

	it('says a new waiting tap with its task, once, and not the queue read back at start', () => {
		expect(newlyQueued({ before: undefined, after: [kept('a', 't1')], tasks })).toEqual([]);
		expect(newlyQueued({ before: [], after: [kept('a', 't1')], tasks })).toEqual([
			{ type: 'queued', entry: kept('a', 't1'), task: tasks[0] }
		]);
		expect(newlyQueued({ before: [kept('a', 't1')], after: [kept('a', 't1'), kept('b')], tasks })).toEqual([
			{ type: 'queued', entry: kept('b'), task: undefined }
		]);
		expect(newlyQueued({ before: [kept('a', 't1')], after: [], tasks })).toEqual([]);
	});
});
