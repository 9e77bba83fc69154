/**
 * The command pipeline's plug points. Each concern that needs more than the pure
 * `decide()` (moderation, icebreakers, a canteen's own prompts, screen links, people)
 * is one `CommandHooks` object; the composition root lists them in order and socket.ts
 * runs every command through them:
 *
 *   schema → validate* → beforeDecide* (in parallel) → rooms.apply(decide) → afterDecide* (in order)
 *
 * so the socket layer knows no concern by name, and adding one is adding a list entry.
 * Everything a hook returns goes into the answer the ack cache keeps, so a retried
 * command runs no hook twice.
 */
import type { DecideContext } from '../../src/lib/domain/board.ts';
import type { Actor } from '../../src/lib/domain/types.ts';
import type { ErrorCode } from '../../src/lib/protocol/errors.ts';
import type { CommandName } from '../../src/lib/protocol/schemas.ts';
import type { TableeSocket } from './socket.ts';

/** One command on its way through the pipeline; the actor comes from the handshake. */
export interface CommandCall {
	name: CommandName;
	mealId: string;
	actor: Actor;
	/** The parsed (and, after `validate`, normalised) payload. */
	payload: Record<string, unknown>;
	now: number;
}

export type Validation = { ok: true; payload: Record<string, unknown> } | { ok: false; issues: string[] };

/** Extra ack fields, or a refusal that becomes the command's answer. */
export type AfterResult = { ok: true; result: Record<string, unknown> } | { ok: false; code: ErrorCode };

/** Extra context decide() may read: loaded from the store before the meal's queue. */
export type DecideExtras = Partial<Omit<DecideContext, 'now' | 'newId'>>;

export interface CommandHooks {
	/** For logs and docs. */
	readonly name: string;
	/** Rules a payload must meet beyond its shared schema (kept out of the browser's bundle). */
	validate?(name: CommandName, payload: Record<string, unknown>): Validation;
	/** Reads what decide() needs from the store. Runs outside the meal's queue; all hooks at once. */
	beforeDecide?(call: CommandCall): Promise<DecideExtras>;
	/** After an accepted decision: side effects and ack fields, or a refusal. Hooks run in list order. */
	afterDecide?(call: CommandCall, result: Record<string, unknown>): Promise<AfterResult>;
	/** Once per socket, after it joined its meal's room: rooms of its own (masters, …). */
	onConnect?(socket: TableeSocket): Promise<void>;
}

export interface Pipeline {
	validate(name: CommandName, payload: Record<string, unknown>): Validation;
	beforeDecide(call: CommandCall): Promise<DecideExtras>;
	afterDecide(call: CommandCall, result: Record<string, unknown>): Promise<AfterResult>;
	onConnect(socket: TableeSocket): Promise<void>;
}

export function commandPipeline(hooks: readonly CommandHooks[]): Pipeline {
	return {
		validate(name, payload) {
			let current = payload;
			for (const hook of hooks) {
				if (!hook.validate) continue;
				const checked = hook.validate(name, current);
				if (!checked.ok) return checked;
				current = checked.payload;
			}
			return { ok: true, payload: current };
		},

		async beforeDecide(call) {
			const extras = await Promise.all(hooks.map((hook) => hook.beforeDecide?.(call) ?? {}));
			return Object.assign({}, ...extras) as DecideExtras;
		},

		async afterDecide(call, result) {
			let current = result;
			for (const hook of hooks) {
				if (!hook.afterDecide) continue;
				const after = await hook.afterDecide(call, current);
				if (!after.ok) return after;
				current = after.result;
			}
			return { ok: true, result: current };
		},

		async onConnect(socket) {
			for (const hook of hooks) await hook.onConnect?.(socket);
		}
	};
}
