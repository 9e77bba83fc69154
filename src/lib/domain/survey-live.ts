/**
 * The board side of the survey commands (roles checked before, in `decide`): only a
 * member on this meal's board answers, and only once the meal is at the table or over
 * (src/lib/survey/survey.ts). Nothing here touches the board: answers live in the store,
 * never in the document every phone and the kitchen screen receive.
 */
import type { AnyCommand } from '../protocol/schemas.ts';
import { surveyOpen } from '../survey/survey.ts';
import { accept, refuse, type Decision } from './result.ts';
import type { Actor, BoardState } from './types.ts';

export function decideSurvey(state: BoardState, command: AnyCommand, actor: Actor): Decision | undefined {
	if (command.name !== 'survey:answer' && command.name !== 'survey:get') return undefined;
	if (actor.role !== 'member' || !actor.memberId) return refuse('forbidden');
	if (!state.members.has(actor.memberId)) return refuse('member_not_found');
	if (command.name === 'survey:answer' && (!state.meta || !surveyOpen(state.meta.status)))
		return refuse('survey_not_open');
	return accept([]);
}
