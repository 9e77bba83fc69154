/**
 * What a decision asks the server to do besides changing the board, as data: each effect
 * has one owner on the server that carries it out (server/realtime/effects.ts lists them),
 * after the board change is stored and inside the answer a retried command gets again,
 * so an effect runs once. The order of a decision's effects is the order they run.
 */
import type { LivePrompt } from './types.ts';

export type Effect =
	/** A prompt for one member: to that member's phones only, never into the board. */
	| { type: 'prompt:deliver'; to: string; prompt: LivePrompt }
	/** A library or canteen prompt pushed: kept in the canteen's history with who heard it. */
	| { type: 'prompt:record'; canteenId: string; promptId: string; usedAt: number; audience: string[] }
	/** A banned member's device is blocked at every meal of the canteen (answers `banId`). */
	| { type: 'ban:record'; memberId: string; name: string }
	/** A removed member's phones are told, then disconnected. */
	| { type: 'member:disconnect'; memberId: string }
	/** A member erased themselves: what they shared and their introductions go from the records (server/realtime/erasure.ts). */
	| { type: 'member:erase'; memberId: string };

export type EffectType = Effect['type'];
export type EffectOf<T extends EffectType> = Extract<Effect, { type: T }>;
