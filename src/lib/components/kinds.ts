import { TASK_KINDS, type TaskKind } from '../domain/types.ts';

export const KIND_ICONS: Record<TaskKind, string> = {
	cooking: '🍳',
	table: '🍽️',
	dishes: '🧽',
	welcome: '👋',
	other: '🧺'
};

export { TASK_KINDS };
