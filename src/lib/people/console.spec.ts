import { describe, expect, it } from 'vitest';
import type { Member, Task } from '../domain/types.ts';
import type { PeopleSnapshot } from '../protocol/events.ts';
import { arrivalsOf, emptyReasons, pairKey, peopleView, UNKNOWN_PAST } from './console.ts';
import type { MemberProfile } from './facts.ts';
import { COMPANY_WINDOW_MS, NO_TASK_AFTER_MS } from './hints.ts';
import { NEWCOMER_MAX, REGULAR_MIN } from './pairings.ts';

const NOW = Date.UTC(2026, 10, 25, 12);
const MIN = 60_000;
const member = (id: string, at: number, over: Partial<Member> = {}): Member => ({
	id,
	name: id[0]!.toUpperCase() + id.slice(1),
	emoji: '',
	joinedAt: at,
	checkedIn: true,
	checkedInAt: at,
	...over
});
const task = (id: string, over: Partial<Task> = {}): Task => ({
	id,
	kind: 'cooking',
	title: { fr: id, en: id },
	slots: 4,
	order: 0,
	status: 'open',
	claims: [],
	createdAt: 0,
	...over
});
const annie: MemberProfile = {
	memberId: 'annie',
	consentAt: 1,
	facts: [{ id: 'f1', kind: 'past-trade', text: 'couturière', tags: ['sewing'] }],
	languages: ['fr'],
	ageBracket: '70+'
};
const karim: MemberProfile = {
	memberId: 'karim',
	consentAt: 1,
	facts: [{ id: 'f1', kind: 'need-help', text: 'raccommoder une veste', tags: ['sewing'] }],
	languages: ['fr', 'ar'],
	ageBracket: 'under-30'
};
const snapshot = (over: Partial<PeopleSnapshot> = {}): PeopleSnapshot => ({
	profiles: [annie, karim],
	visits: { annie: { past: 6, lastAt: NOW - 7 * 24 * 60 * MIN }, karim: { past: 0 } },
	introductions: [],
	...over
});

describe('arrivalsOf', () => {
	it('groups arrivals that follow one another within the company window', () => {
		const members = [
			member('a', NOW),
			member('b', NOW + COMPANY_WINDOW_MS),
			member('c', NOW + 2 * COMPANY_WINDOW_MS),
			member('d', NOW + 10 * COMPANY_WINDOW_MS),
			member('e', NOW + 30 * COMPANY_WINDOW_MS, { checkedInAt: undefined, joinedAt: NOW + 30 * COMPANY_WINDOW_MS })
		];
		const waves = Object.fromEntries(arrivalsOf(members).map((a) => [a.memberId, a.groupId]));
		expect(waves.a).toBe(waves.b);
		expect(waves.b).toBe(waves.c);
		expect(new Set([waves.a, waves.d, waves.e]).size).toBe(3);
		// The same whatever the order.
		expect(arrivalsOf([...members].reverse())).toEqual(arrivalsOf(members));
	});
});

describe('peopleView', () => {
	const members = [member('annie', NOW - 30 * MIN), member('karim', NOW - 20 * MIN), member('walkin', NOW - 20 * MIN)];

	it('suggests the brief’s introduction with the line to say', () => {
		const view = peopleView({ members, tasks: [], people: snapshot(), now: NOW });
		expect(view.introductions).toHaveLength(1);
		expect(view.introductions[0]).toMatchObject({ a: 'annie', b: 'karim' });
		expect(view.introductions[0]!.line.fr).toBe(
			'Annie a été couturière — Karim cherche un coup de main pour raccommoder une veste'
		);
	});

	it('drops introductions done recently or put aside for now', () => {
		const done = snapshot({ introductions: [{ a: 'karim', b: 'annie', at: NOW - MIN }] });
		expect(peopleView({ members, tasks: [], people: done, now: NOW }).introductions).toEqual([]);
		const later = peopleView({
			members,
			tasks: [],
			people: snapshot(),
			now: NOW,
			dismissed: new Set([pairKey('karim', 'annie')])
		});
		expect(later.introductions).toEqual([]);
	});

	it('hints first time and no task for a recognised phone, never first time for an unknown one', () => {
		const view = peopleView({ members, tasks: [], people: snapshot(), now: NOW });
		const codes = Object.fromEntries(view.hints.map((h) => [h.memberId, h.codes]));
		expect(codes.karim).toEqual(['first-time', 'no-task-yet']);
		// Karim and the walk-in arrived together; Annie ten minutes before, on her own.
		expect(codes.annie).toEqual(['no-task-yet', 'arrived-without-company']);
		expect(codes.walkin).toEqual(['no-task-yet']);
		expect(NO_TASK_AFTER_MS).toBeLessThan(20 * MIN);
	});

	it('hints a return after a while, and nothing for someone busy who came with others', () => {
		const people = snapshot({ visits: { annie: { past: 4, lastAt: NOW - 10 * 7 * 24 * 60 * MIN } } });
		const busy = [task('t', { claims: [{ memberId: 'annie', at: NOW }] })];
		const view = peopleView({
			members: [member('annie', NOW - 20 * MIN), member('walkin', NOW - 20 * MIN)],
			tasks: busy,
			people,
			now: NOW
		});
		expect(view.hints.find((h) => h.memberId === 'annie')?.codes).toEqual(['returning-after-a-while']);
	});

	it('pairs the generations and the newcomer with the regular for an open task', () => {
		const view = peopleView({ members, tasks: [task('soup')], people: snapshot(), now: NOW });
		expect(view.pairings[0]).toMatchObject({
			taskId: 'soup',
			a: 'annie',
			b: 'karim',
			reasons: ['mix-generations', 'newcomer-with-regular', 'common-language:fr']
		});
		// An unknown past is neither a newcomer nor a regular.
		expect(UNKNOWN_PAST).toBeGreaterThan(NEWCOMER_MAX);
		expect(UNKNOWN_PAST).toBeLessThan(REGULAR_MIN);
		const withWalkIn = peopleView({
			members: [member('annie', NOW), member('walkin', NOW)],
			tasks: [task('soup')],
			people: snapshot({ profiles: [] }),
			now: NOW
		});
		expect(withWalkIn.pairings).toEqual([]);
	});
});

describe('why a suggestion list is empty', () => {
	const people = (profiles: MemberProfile[]): PeopleSnapshot => ({ profiles, visits: {}, introductions: [] });
	const here = [member('annie', NOW - MIN), member('karim', NOW - MIN)];

	it('says few people shared before saying nothing matched', () => {
		expect(emptyReasons({ members: here, tasks: [], people: people([annie]), now: NOW }).introductions).toBe(
			'few-shared'
		);
		expect(emptyReasons({ members: here, tasks: [], people: people([annie, karim]), now: NOW }).introductions).toBe(
			'no-match'
		);
		// Someone who shared but left does not count.
		const gone = [here[0]!, member('karim', NOW - MIN, { checkedIn: false })];
		expect(emptyReasons({ members: gone, tasks: [], people: people([annie, karim]), now: NOW }).introductions).toBe(
			'few-shared'
		);
	});

	it('names the missing task, then the missing people, then the missing reason', () => {
		const none = people([]);
		expect(emptyReasons({ members: here, tasks: [task('t', { slots: 1 })], people: none, now: NOW }).pairings).toBe(
			'no-task'
		);
		const busy = task('b', { slots: 1, claims: [{ memberId: 'karim', at: NOW }] });
		expect(emptyReasons({ members: here, tasks: [task('t'), busy], people: none, now: NOW }).pairings).toBe('few-free');
		expect(emptyReasons({ members: here, tasks: [task('t')], people: none, now: NOW }).pairings).toBe('no-match');
	});
});
