import type { ErrorCode } from '../protocol/errors.ts';
import type { Effect } from './effects.ts';
import type { Change } from './types.ts';

export type Decision<R = Record<string, never>> =
	/** `effects`: what the server does besides storing `changes` (effects.ts). */
	| { ok: true; changes: Change[]; result: R; effects?: Effect[] }
	/** A refusal may still record something, e.g. an invitation closed because its task filled up. */
	| { ok: false; code: ErrorCode; changes?: Change[] };

export function accept<R = Record<string, never>>(changes: Change[], result?: R, effects?: Effect[]): Decision<R> {
	return { ok: true, changes, result: (result ?? {}) as R, ...(effects?.length ? { effects } : {}) };
}

export function refuse(code: ErrorCode): { ok: false; code: ErrorCode } {
	return { ok: false, code };
}

/** Refuses, and still applies `changes` (stored and fanned out like an accepted command's). */
export function refuseWith(code: ErrorCode, changes: Change[]): { ok: false; code: ErrorCode; changes: Change[] } {
	return { ok: false, code, changes };
}
