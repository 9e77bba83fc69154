import { describe, expect, it } from 'vitest';
import type { Member, Task } from '../domain/types.ts';
import { COMPANY_WINDOW_MS, NO_TASK_AFTER_MS, RETURNING_AFTER_MS, staffHints, type StaffHintsInput } from './hints.ts';

const MIN = 60 * 1000;
const NOW = Date.UTC(2026, 10, 25, 12);

const member = (id: string, over: Partial<Member> = {}): Member => ({
	id,
	name: id,
	emoji: '',
	joinedAt: NOW - 5 * MIN,
	checkedIn: true,
	checkedInAt: NOW - 5 * MIN,
	...over
});
const task = (id: string, claims: string[], status: Task['status'] = 'open'): Task => ({
	id,
	kind: 'cooking',
	title: { fr: 'Éplucher', en: 'Peel' },
	slots: 4,
	order: 0,
	status,
	claims: claims.map((memberId) => ({ memberId, at: NOW - MIN })),
	createdAt: 0
});
const input = (over: Partial<StaffHintsInput> = {}): StaffHintsInput => ({
	members: [],
	tasks: [],
	profiles: [],
	arrivals: [],
	pastAttendance: {},
	now: NOW,
	...over
});
const codesOf = (over: Partial<StaffHintsInput>, id: string) =>
	staffHints(input(over)).find((h) => h.memberId === id)?.codes ?? [];

describe('staffHints: first time', () => {
	it('hints a member with no past meal, not one who came before', () => {
		const members = [member('new'), member('zero'), member('regular')];
		const pastAttendance = { zero: 0, regular: 4 };
		expect(codesOf({ members, pastAttendance }, 'new')).toEqual(['first-time']);
		expect(codesOf({ members, pastAttendance }, 'zero')).toEqual(['first-time']);
		expect(codesOf({ members, pastAttendance }, 'regular')).toEqual([]);
	});

	it('reads attendance from own keys only', () => {
		expect(codesOf({ members: [member('constructor')] }, 'constructor')).toEqual(['first-time']);
	});
});

describe('staffHints: no task yet', () => {
	const pastAttendance = { m: 3 };
	it('hints after ten minutes checked in without any place', () => {
		const at = (ago: number) => [member('m', { checkedInAt: NOW - ago })];
		expect(codesOf({ members: at(NO_TASK_AFTER_MS), pastAttendance }, 'm')).toEqual([]);
		expect(codesOf({ members: at(NO_TASK_AFTER_MS + 1), pastAttendance }, 'm')).toEqual(['no-task-yet']);
	});

	it('counts a place on an open or a done task as a task', () => {
		const members = [member('m', { checkedInAt: NOW - 30 * MIN })];
		expect(codesOf({ members, pastAttendance, tasks: [task('t', ['m'])] }, 'm')).toEqual([]);
		expect(codesOf({ members, pastAttendance, tasks: [task('t', ['m'], 'done')] }, 'm')).toEqual([]);
		expect(codesOf({ members, pastAttendance, tasks: [task('t', ['other'])] }, 'm')).toEqual(['no-task-yet']);
	});

	it('falls back on the join time when no check-in time is recorded', () => {
		const members = [member('m', { checkedInAt: undefined, joinedAt: NOW - 20 * MIN })];
		expect(codesOf({ members, pastAttendance }, 'm')).toEqual(['no-task-yet']);
	});
});

describe('staffHints: arrived without company', () => {
	const members = [member('a'), member('b'), member('c')];
	const pastAttendance = { a: 2, b: 2, c: 2 };

	it('hints someone whose arrival shares no group with another within two minutes', () => {
		const arrivals = [
			{ memberId: 'a', at: NOW - 10 * MIN, groupId: 'g1' },
			{ memberId: 'b', at: NOW - 10 * MIN + COMPANY_WINDOW_MS, groupId: 'g1' },
			{ memberId: 'c', at: NOW - 10 * MIN, groupId: 'g2' }
		];
		expect(codesOf({ members, pastAttendance, arrivals }, 'a')).toEqual([]);
		expect(codesOf({ members, pastAttendance, arrivals }, 'b')).toEqual([]);
		expect(codesOf({ members, pastAttendance, arrivals }, 'c')).toEqual(['arrived-without-company']);
	});

	it('does not count the same group arriving more than two minutes apart, nor no group', () => {
		const arrivals = [
			{ memberId: 'a', at: NOW - 10 * MIN, groupId: 'g1' },
			{ memberId: 'b', at: NOW - 10 * MIN + COMPANY_WINDOW_MS + 1, groupId: 'g1' },
			{ memberId: 'c', at: NOW - 10 * MIN }
		];
		for (const id of ['a', 'b', 'c']) {
			expect(codesOf({ members, pastAttendance, arrivals }, id)).toEqual(['arrived-without-company']);
		}
	});

	it('says nothing about someone whose arrival was not recorded', () => {
		expect(codesOf({ members, pastAttendance, arrivals: [] }, 'a')).toEqual([]);
	});

	it('judges a member who came back on their latest arrival', () => {
		const arrivals = [
			{ memberId: 'a', at: NOW - 60 * MIN, groupId: 'g1' },
			{ memberId: 'b', at: NOW - 60 * MIN, groupId: 'g1' },
			{ memberId: 'a', at: NOW - 5 * MIN }
		];
		expect(codesOf({ members, pastAttendance, arrivals }, 'a')).toEqual(['arrived-without-company']);
		expect(codesOf({ members, pastAttendance, arrivals: [...arrivals].reverse() }, 'a')).toEqual([
			'arrived-without-company'
		]);
	});
});

describe('staffHints: returning after a while', () => {
	it('hints a member whose last meal was long ago, when it is known', () => {
		const members = [member('m')];
		const pastAttendance = { m: 5 };
		expect(codesOf({ members, pastAttendance, lastAttendedAt: { m: NOW - RETURNING_AFTER_MS } }, 'm')).toEqual([
			'returning-after-a-while'
		]);
		expect(codesOf({ members, pastAttendance, lastAttendedAt: { m: NOW - RETURNING_AFTER_MS + 1 } }, 'm')).toEqual([]);
		expect(codesOf({ members, pastAttendance }, 'm')).toEqual([]);
	});
});

describe('staffHints: who and in which order', () => {
	it('never includes anyone checked out', () => {
		const members = [member('gone', { checkedIn: false, checkedOutAt: NOW - MIN, checkedInAt: NOW - 60 * MIN })];
		const arrivals = [{ memberId: 'gone', at: NOW - 60 * MIN }];
		expect(staffHints(input({ members, arrivals }))).toEqual([]);
	});

	it('puts the member with the most useful hints first, then who waited longest, then ids', () => {
		const members = [
			member('regular-idle', { checkedInAt: NOW - 40 * MIN }),
			member('new-busy', { checkedInAt: NOW - 40 * MIN }),
			member('new-idle-no-company', { checkedInAt: NOW - 20 * MIN }),
			member('regular-idle-early', { checkedInAt: NOW - 50 * MIN }),
			member('b-same', { checkedInAt: NOW - 15 * MIN }),
			member('a-same', { checkedInAt: NOW - 15 * MIN }),
			member('regular-busy')
		];
		const hints = staffHints(
			input({
				members,
				tasks: [task('t', ['new-busy', 'regular-busy'])],
				arrivals: [{ memberId: 'new-idle-no-company', at: NOW - 20 * MIN }],
				pastAttendance: { 'regular-idle': 3, 'regular-idle-early': 8, 'b-same': 1, 'a-same': 1, 'regular-busy': 2 }
			})
		);
		expect(hints).toEqual([
			{ memberId: 'new-idle-no-company', codes: ['first-time', 'no-task-yet', 'arrived-without-company'] },
			{ memberId: 'new-busy', codes: ['first-time'] },
			{ memberId: 'regular-idle-early', codes: ['no-task-yet'] },
			{ memberId: 'regular-idle', codes: ['no-task-yet'] },
			{ memberId: 'a-same', codes: ['no-task-yet'] },
			{ memberId: 'b-same', codes: ['no-task-yet'] }
		]);
	});

	it('gives the same hints whatever the order of its inputs, and never reads profiles', () => {
		const members = [
			member('a', { checkedInAt: NOW - 30 * MIN }),
			member('b'),
			member('c', { checkedInAt: NOW - 30 * MIN })
		];
		const arrivals = [
			{ memberId: 'a', at: NOW - 30 * MIN, groupId: 'g' },
			{ memberId: 'c', at: NOW - 29 * MIN, groupId: 'g' },
			{ memberId: 'b', at: NOW - 5 * MIN }
		];
		const tasks = [task('t1', ['c']), task('t2', [])];
		const one = staffHints(input({ members, arrivals, tasks, pastAttendance: { a: 1 } }));
		const two = staffHints(
			input({
				members: [...members].reverse(),
				arrivals: [...arrivals].reverse(),
				tasks: [...tasks].reverse(),
				pastAttendance: { a: 1 },
				profiles: [{ memberId: 'a', consentAt: 0, facts: [], languages: ['fr'], ageBracket: '70+' }]
			})
		);
		expect(two).toEqual(one);
		expect(one.map((h) => h.memberId)).toEqual(['b', 'c', 'a']);
	});
});
