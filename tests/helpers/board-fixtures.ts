/**
 * Plain board states for the domain's unit tests: a task, a member and a board with
 * sensible defaults, each overridable. One set, so every rule is tested on the same shapes.
 */
import type { BoardState, Invite, MealMeta, MealStatus, Member, Task } from '../../src/lib/domain/types.ts';

export const meta = (status: MealStatus = 'open'): MealMeta => ({
	id: 'meal',
	canteenId: 'c',
	title: 'Déjeuner',
	date: '2026-11-25',
	time: '12:30',
	status
});

export const task = (id: string, over: Partial<Task> = {}): Task => ({
	id,
	kind: 'cooking',
	title: { fr: 'Éplucher les carottes', en: 'Peel the carrots' },
	slots: 2,
	order: 0,
	status: 'open',
	claims: [],
	createdAt: 1,
	...over
});

export const member = (id: string, over: Partial<Member> = {}): Member => ({
	id,
	name: id,
	emoji: '',
	joinedAt: 1,
	checkedIn: true,
	checkedInAt: 1,
	...over
});

export const board = (
	tasks: Task[],
	members: Member[],
	status: MealStatus = 'open',
	invites: Invite[] = []
): BoardState => ({
	meta: meta(status),
	tasks: new Map(tasks.map((t) => [t.id, t])),
	members: new Map(members.map((m) => [m.id, m])),
	invites: new Map(invites.map((i) => [i.id, i]))
});
