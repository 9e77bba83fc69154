import { describe, expect, it } from 'vitest';
import type { Member, Task } from '../domain/types.ts';
import type { AgeBracket, MemberProfile } from './facts.ts';
import { suggestPairings, type PairingsInput } from './pairings.ts';

const NOW = Date.UTC(2026, 10, 25, 12);

const member = (id: string, over: Partial<Member> = {}): Member => ({
	id,
	name: id,
	emoji: '',
	joinedAt: NOW - 1000,
	checkedIn: true,
	checkedInAt: NOW - 1000,
	...over
});
const task = (id: string, over: Partial<Task> = {}): Task => ({
	id,
	kind: 'cooking',
	title: { fr: id, en: id },
	slots: 2,
	order: 0,
	status: 'open',
	claims: [],
	createdAt: 0,
	...over
});
const profile = (memberId: string, ageBracket?: AgeBracket, languages: string[] = [], consentAt: number | null = 0) =>
	({ memberId, consentAt, facts: [], languages, ...(ageBracket ? { ageBracket } : {}) }) as MemberProfile;

const input = (over: Partial<PairingsInput> = {}): PairingsInput => ({
	tasks: [task('t1')],
	members: [member('young'), member('old')],
	profiles: [profile('young', 'under-30'), profile('old', '70+')],
	pastAttendance: {},
	now: NOW,
	limit: 5,
	...over
});
const pairsOf = (over: Partial<PairingsInput>) => suggestPairings(input(over)).map((p) => `${p.taskId}:${p.a}+${p.b}`);

describe('suggestPairings: reasons', () => {
	it('pairs different generations when both chose to give an age bracket', () => {
		expect(suggestPairings(input())).toEqual([
			{ taskId: 't1', a: 'old', b: 'young', score: 3, reasons: ['mix-generations'] }
		]);
	});

	it('says nothing of age when one did not give it, or gave it without consent', () => {
		expect(pairsOf({ profiles: [profile('young', 'under-30'), profile('old')] })).toEqual([]);
		expect(pairsOf({ profiles: [profile('young', 'under-30')] })).toEqual([]);
		expect(pairsOf({ profiles: [profile('young', 'under-30'), profile('old', '70+', [], null)] })).toEqual([]);
		expect(pairsOf({ profiles: [profile('young', 'under-30'), profile('old', '70+', [], NOW + 1)] })).toEqual([]);
		expect(pairsOf({ profiles: [profile('young', '51-69'), profile('old', '51-69')] })).toEqual([]);
	});

	it('scores wider mixes higher', () => {
		const near = suggestPairings(input({ profiles: [profile('young', '30-50'), profile('old', '51-69')] }))[0]!;
		const far = suggestPairings(input())[0]!;
		expect(near.reasons).toEqual(['mix-generations']);
		expect(far.score).toBeGreaterThan(near.score);
	});

	it('pairs a newcomer with a regular, without any profile', () => {
		const members = [member('new'), member('reg'), member('mid')];
		const over = { members, profiles: [], pastAttendance: { reg: 3, mid: 2 } };
		expect(suggestPairings(input(over))).toEqual([
			{ taskId: 't1', a: 'new', b: 'reg', score: 3, reasons: ['newcomer-with-regular'] }
		]);
		expect(pairsOf({ ...over, pastAttendance: { new: 1, reg: 3, mid: 2 } })).toEqual(['t1:new+reg']);
		expect(pairsOf({ ...over, pastAttendance: { new: 2, reg: 3, mid: 2 } })).toEqual([]);
		expect(pairsOf({ ...over, pastAttendance: { reg: 2, mid: 2 } })).toEqual([]);
	});

	it('adds both reasons and the common languages', () => {
		const [p] = suggestPairings(
			input({
				profiles: [profile('young', 'under-30', ['fr', 'ar']), profile('old', '70+', ['ar', 'fr', 'es'])],
				pastAttendance: { old: 10 }
			})
		);
		expect(p?.reasons).toEqual([
			'mix-generations',
			'newcomer-with-regular',
			'common-language:ar',
			'common-language:fr'
		]);
		expect(p?.score).toBe(6.5);
	});

	it('never pairs people who both gave languages and share none', () => {
		const profiles = [profile('young', 'under-30', ['uk']), profile('old', '70+', ['fr'])];
		expect(pairsOf({ profiles, pastAttendance: { old: 10 } })).toEqual([]);
		// Unknown on one side is not held against them.
		expect(pairsOf({ profiles: [profile('young', 'under-30', ['uk']), profile('old', '70+')] })).toEqual([
			't1:old+young'
		]);
	});
});

describe('suggestPairings: tasks and people', () => {
	it('suggests only for open tasks with at least two free places', () => {
		const one = task('one', {
			slots: 3,
			claims: [
				{ memberId: 'x', at: 0 },
				{ memberId: 'y', at: 0 }
			]
		});
		const done = task('done', { status: 'done' });
		const members = [member('young'), member('old'), member('x'), member('y')];
		expect(pairsOf({ tasks: [one, done], members })).toEqual([]);
		expect(pairsOf({ tasks: [one, done, task('two', { order: 5 })], members })).toEqual(['two:old+young']);
	});

	it('pairs only checked-in members without a place on an open task', () => {
		const checkedOut = [member('young'), member('old', { checkedIn: false, checkedOutAt: NOW })];
		expect(pairsOf({ members: checkedOut })).toEqual([]);
		const busy = task('busy', { slots: 4, claims: [{ memberId: 'old', at: 0 }] });
		expect(pairsOf({ tasks: [task('t1'), busy] })).toEqual([]);
		const finished = task('finished', { status: 'done', claims: [{ memberId: 'old', at: 0 }] });
		expect(pairsOf({ tasks: [task('t1'), finished] })).toEqual(['t1:old+young']);
	});

	it('never suggests anyone for two tasks, and fills tasks in board order, round by round', () => {
		const members = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => member(id));
		const profiles = [
			profile('a', 'under-30'),
			profile('b', '70+'),
			profile('c', 'under-30'),
			profile('d', '51-69'),
			profile('e', '30-50'),
			profile('f', '51-69')
		];
		const tasks = [task('big', { slots: 4, order: 1 }), task('small', { slots: 2, order: 2 })];
		const list = suggestPairings(input({ tasks, members, profiles }));
		expect(list.map((p) => `${p.taskId}:${p.a}+${p.b}`)).toEqual(['big:a+b', 'small:c+d', 'big:e+f']);
		const ids = list.flatMap((p) => [p.a, p.b]);
		expect(new Set(ids).size).toBe(ids.length);
		expect(suggestPairings(input({ tasks, members, profiles, limit: 2 }))).toHaveLength(2);
		expect(suggestPairings(input({ tasks, members, profiles, limit: 0 }))).toEqual([]);
	});

	it('gives the same pairs whatever the order of its inputs', () => {
		const members = ['a', 'b', 'c', 'd', 'e'].map((id) => member(id));
		const profiles = [
			profile('a', 'under-30', ['fr']),
			profile('b', '70+', ['fr']),
			profile('c', '51-69'),
			profile('d', 'under-30', ['en'])
		];
		const tasks = [task('t1', { slots: 4 }), task('t2', { slots: 2, order: 1 })];
		const pastAttendance = { b: 5, c: 4 };
		const one = suggestPairings(input({ tasks, members, profiles, pastAttendance }));
		const two = suggestPairings(
			input({
				tasks: [...tasks].reverse(),
				members: [...members].reverse(),
				profiles: [...profiles].reverse(),
				pastAttendance
			})
		);
		expect(two).toEqual(one);
		expect(one.length).toBeGreaterThan(0);
	});
});
