/**
 * Payloads of the task timers (domain/timers.ts, docs/protocol.md): one command,
 * `task:timer`, whose `action` says what to do; only `start` carries minutes. Spread into
 * `commandSchemas`.
 */
import * as v from 'valibot';

/** The longest countdown a task takes, in minutes (domain/timers.ts). */
export const TIMER_MAX_MINUTES = 600;

const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an id'));
const cid = v.optional(id);

const minutes = v.pipe(
	v.number(),
	v.integer('minutes must be a whole number'),
	v.minValue(1, 'at least one minute'),
	v.maxValue(TIMER_MAX_MINUTES, `at most ${TIMER_MAX_MINUTES} minutes`)
);

export const timerCommandSchemas = {
	'task:timer': v.variant('action', [
		v.strictObject({ cid, taskId: id, action: v.literal('start'), minutes }),
		v.strictObject({ cid, taskId: id, action: v.picklist(['pause', 'resume', 'reset', 'stop']) })
	])
} as const;
