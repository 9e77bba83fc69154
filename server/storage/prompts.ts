/** Icebreakers: which prompts each canteen pushed (freshness), and the prompts a canteen wrote itself. */
import type { PromptCategory, PromptPhase } from '../../src/lib/prompts/types.ts';

/** One icebreaker pushed at a meal, so suggestions can favour what this group has not heard. */
export interface PromptUseRecord {
	canteenId: string;
	promptId: string;
	mealId: string;
	usedAt: number;
	/** Member ids who heard it. */
	audience: string[];
}

/** A prompt a canteen wrote itself, offered beside the library in its Canteen Masters' consoles. */
export interface CanteenPromptRecord {
	id: string;
	canteenId: string;
	/** Either language may be empty, never both (checked before storage). */
	text: { fr: string; en: string };
	category: PromptCategory;
	phases: PromptPhase[];
	/** Menu words this prompt is about ("tajine"), matched against today's menu. */
	keywords: string[];
	/** The staff user who wrote it. */
	createdBy: string;
	createdAt: number;
	/** Archived prompts are kept (history refers to them) but never suggested nor pushed. */
	archived: boolean;
}

/** Every read and write of a canteen's own prompts names the canteen, so an id from another canteen finds nothing. */
export interface PromptRepository {
	/** Records a prompt push for the canteen (history for freshness). */
	recordPromptUse(use: PromptUseRecord): Promise<void>;
	/** The canteen's prompt uses at or after `since`, oldest first. */
	listPromptHistory(query: { canteenId: string; since: number }): Promise<PromptUseRecord[]>;

	createCanteenPrompt(prompt: CanteenPromptRecord): Promise<void>;
	getCanteenPrompt(canteenId: string, id: string): Promise<CanteenPromptRecord | undefined>;
	/** The canteen's prompts, oldest first, archived ones included. */
	listCanteenPrompts(canteenId: string): Promise<CanteenPromptRecord[]>;
	/** Replaces the text, category, phases and keywords; false when the canteen has no such prompt. */
	updateCanteenPrompt(
		canteenId: string,
		id: string,
		fields: Pick<CanteenPromptRecord, 'text' | 'category' | 'phases' | 'keywords'>
	): Promise<boolean>;
	/** False when the canteen has no such prompt. */
	setCanteenPromptArchived(canteenId: string, id: string, archived: boolean): Promise<boolean>;
}
