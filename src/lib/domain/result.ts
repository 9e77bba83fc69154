import type { ErrorCode } from '../protocol/errors.ts';
import type { Change } from './types.ts';

export type Decision<R = Record<string, never>> =
	{ ok: true; changes: Change[]; result: R } | { ok: false; code: ErrorCode };

export function accept<R = Record<string, never>>(changes: Change[], result?: R): Decision<R> {
	return { ok: true, changes, result: (result ?? {}) as R };
}

export function refuse(code: ErrorCode): { ok: false; code: ErrorCode } {
	return { ok: false, code };
}
