import { TASK_KINDS, type TaskKind } from '../domain/types.ts';

export const KIND_ICONS: Record<TaskKind, string> = {
	cooking: '🍳',
	table: '🍽️',
	dishes: '🧽',
	welcome: '👋',
	other: '🧺'
};

/** A task's pictogram: its own (from its template), else its kind's, so every task has one. */
export const taskIcon = (task: { icon?: string; kind: TaskKind }): string => task.icon || KIND_ICONS[task.kind];

export { TASK_KINDS };
