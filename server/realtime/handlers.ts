/**
 * What each command needs besides the pure `decide()`, as one typed table:
 * `{ [N in CommandName]?: Handler<N> }`. A command has at most one handler, and the table
 * is checked for that when it is composed (`composeHandlers`), so no behaviour depends on
 * the order concerns are listed in.
 *
 * - A **board** command (the default: no entry, or `kind: 'board'`) goes
 *   `context` → decide → BoardLog append(expectedSeq) → fan-out → the decision's effects,
 *   in the meal's serial queue (commands.ts).
 * - A **direct** command changes no board: reads (`ban:list`, `prompt:history`,
 *   `people:get`, …) and writes to a repository (`words:set`, `screen:link`, …). `decide`
 *   still says whether this actor may run it at this stage, on the board in memory; then
 *   `run` goes straight to its repository, never through the meal's write queue.
 *
 * Effects a decision returns (src/lib/domain/effects.ts) are carried out by their owners
 * (`EffectRunners`); a retried command (same cid) gets the first answer and runs none again.
 */
import type { DecideContext } from '../../src/lib/domain/board.ts';
import type { EffectOf, EffectType } from '../../src/lib/domain/effects.ts';
import type { Actor } from '../../src/lib/domain/types.ts';
import type { ErrorCode } from '../../src/lib/protocol/errors.ts';
import type { CommandResult } from '../../src/lib/protocol/events.ts';
import type { CommandName, CommandPayload } from '../../src/lib/protocol/schemas.ts';

/** One command on its way; the actor comes from the handshake, never from the payload. */
export interface Call<N extends CommandName> {
	name: N;
	mealId: string;
	actor: Actor;
	/** Parsed by the shared schema (and the handler's own `validate`, if any). */
	payload: CommandPayload<N>;
	now: number;
}

export type Outcome<R> = { ok: true; result: R } | { ok: false; code: ErrorCode };

export type Validation<P> = { ok: true; payload: P } | { ok: false; issues: string[] };

/** Extra context decide() may read, loaded from repositories before the meal's queue. */
export type DecideExtras = Partial<Omit<DecideContext, 'now' | 'newId'>>;

interface Validated<N extends CommandName> {
	/** Rules beyond the shared schema, kept out of the browser's bundle (e.g. a profile's topics). */
	validate?(payload: CommandPayload<N>): Validation<CommandPayload<N>>;
}

export interface BoardHandler<N extends CommandName> extends Validated<N> {
	kind: 'board';
	/** What decide() needs from repositories; runs outside the meal's queue. */
	context(call: Call<N>): Promise<DecideExtras>;
}

export interface DirectHandler<N extends CommandName> extends Validated<N> {
	kind: 'direct';
	run(call: Call<N>): Promise<Outcome<CommandResult<N>>>;
}

export type Handler<N extends CommandName> = BoardHandler<N> | DirectHandler<N>;

export type HandlerTable = { [N in CommandName]?: Handler<N> };

/** What an effect adds to the command's answer: a ban's id, nothing for the others. */
export interface EffectFields {
	'ban:record': { banId?: string };
}
export type EffectOutput<T extends EffectType> = T extends keyof EffectFields ? EffectFields[T] : void;

/** Where the effects are carried out, in the meal `mealId`, at `now`. */
export interface EffectContext {
	mealId: string;
	now: number;
}

/** One runner per effect type: TypeScript refuses a table that forgets one. */
export type EffectRunners = {
	[T in EffectType]: (effect: EffectOf<T>, at: EffectContext) => Promise<EffectOutput<T>>;
};

/** Joins the concerns' tables; a command claimed twice is a programming error, found at start. */
export function composeHandlers(...tables: HandlerTable[]): HandlerTable {
	const all: HandlerTable = {};
	for (const table of tables) {
		for (const name of Object.keys(table)) {
			if (Object.hasOwn(all, name)) throw new Error(`two handlers for ${name}`);
		}
		Object.assign(all, table);
	}
	return all;
}
