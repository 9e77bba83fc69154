import type { MessageKey } from '../i18n/fr.ts';
import { TASK_KINDS, type TaskKind } from '../domain/types.ts';

export const KIND_ICONS: Record<TaskKind, string> = {
	cooking: '🍳',
	table: '🍽️',
	dishes: '🧽',
	welcome: '👋',
	other: '🧺'
};

export const kindLabel = (kind: TaskKind): MessageKey => `kind.${kind}`;

export { TASK_KINDS };
