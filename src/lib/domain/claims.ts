/**
 * Places on tasks and who holds them: the small rules the board's commands, invitations,
 * moderation and the screens all use. Kept apart from board.ts so the modules `decide`
 * calls can use them without importing `decide` back.
 */
import type { BoardState, Change, Member, Task } from './types.ts';

export function freePlaces(task: Task): number {
	return Math.max(0, task.slots - task.claims.length);
}

export function hasClaim(task: Task, memberId: string): boolean {
	return task.claims.some((c) => c.memberId === memberId);
}

/** Tasks in board order: by `order`, then creation, so ties never flicker. */
export function sortTasks(tasks: Iterable<Task>): Task[] {
	return [...tasks].sort((a, b) => a.order - b.order || a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/** Leaving gives back places on tasks not yet done; finished work stays credited. */
export function checkOut(state: BoardState, member: Member, now: number): Change[] {
	const changes: Change[] = [];
	for (const task of state.tasks.values()) {
		if (task.status === 'open' && hasClaim(task, member.id)) {
			changes.push({
				type: 'task:set',
				task: { ...task, claims: task.claims.filter((c) => c.memberId !== member.id) }
			});
		}
	}
	if (member.checkedIn) {
		changes.push({ type: 'member:set', member: { ...member, checkedIn: false, checkedOutAt: now } });
	}
	return changes;
}
