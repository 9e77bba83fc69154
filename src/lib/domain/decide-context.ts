/** What `decide` (board.ts) and the rules it calls receive besides the board and the actor. */
import type { PromptContext } from './prompts-live.ts';

export interface DecideContext {
	now: number;
	newId: () => string;
	/** Library prompt text by id (prompts-live.ts); passed in so the library stays out of client bundles. */
	lookupPrompt?: PromptContext['lookupPrompt'];
	/** The meal's canteen's own prompt being pushed, loaded by the server (prompts-live.ts). */
	ownPrompt?: PromptContext['ownPrompt'];
	/** The canteen's refused words and the built-in ones, loaded by the server for renames. */
	refusedWords?: readonly string[];
	/** `members:remove-wave` by network: who joined from it (the server's join guard knows). */
	networkMembers?: ReadonlySet<string>;
	/** `member:ban`: the ban is already stored for this member (it is stored before the removal). */
	banRecordedFor?: string;
}
