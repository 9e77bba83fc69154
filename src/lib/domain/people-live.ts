/**
 * The board side of the people commands (roles checked before, in `decide`). Nothing
 * here touches the board: profiles and introductions live in the store, never in the
 * document every phone and the kitchen screen receive. The board only says whether the
 * people named are on it. Allowed whatever the meal's stage: a member may take back what
 * they shared at any time, even after the meal closed.
 */
import type { AnyCommand } from '../protocol/schemas.ts';
import { accept, refuse, type Decision } from './result.ts';
import type { Actor, BoardState } from './types.ts';

export const PEOPLE_COMMANDS = ['profile:get', 'profile:set', 'people:get', 'intro:done'] as const;
export type PeopleCommand = (typeof PEOPLE_COMMANDS)[number];

export function isPeopleCommand(name: string): name is PeopleCommand {
	return (PEOPLE_COMMANDS as readonly string[]).includes(name);
}

export function decidePeople(state: BoardState, command: AnyCommand, actor: Actor): Decision | undefined {
	if (!isPeopleCommand(command.name)) return undefined;
	switch (command.name) {
		case 'profile:get':
		case 'profile:set':
			if (actor.role !== 'member' || !actor.memberId) return refuse('forbidden');
			return state.members.has(actor.memberId) ? accept([]) : refuse('member_not_found');
		case 'people:get':
			return actor.role === 'master' ? accept([]) : refuse('forbidden');
		case 'intro:done': {
			if (actor.role !== 'master') return refuse('forbidden');
			const { a, b } = command.payload;
			return state.members.has(a) && state.members.has(b) ? accept([]) : refuse('member_not_found');
		}
	}
}
