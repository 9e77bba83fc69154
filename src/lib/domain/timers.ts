/**
 * Task timers ("la soupe : 25 min"): the Canteen Master starts, pauses, resumes, resets or
 * stops a countdown on a task from the console (`task:timer`). The board stores when it ends
 * on the server's clock (`endsAt`), or what was left when paused (`remainingMs`), so every
 * phone, console and kitchen screen counts down to the same moment; each device corrects
 * for its own clock with the offset it took at welcome (`Board.clockOffset`). Pure: the
 * caller passes `now`.
 */
import type { CommandPayload } from '../protocol/schemas.ts';
import { accept, refuse, type Decision } from './result.ts';
import type { BoardState, Task, TaskTimer } from './types.ts';

/** Minutes offered in one tap on the console; any other whole number up to the maximum is typed. */
export const TIMER_PRESETS = [5, 10, 15, 20, 25, 45] as const;
export { TIMER_MAX_MINUTES } from '../protocol/timer-schemas.ts';

const MINUTE = 60_000;

export type TimerPhase = 'running' | 'paused' | 'ended';

export interface TimerView {
	phase: TimerPhase;
	/** Milliseconds left, never negative. */
	remainingMs: number;
}

/** Where a timer stands at `now` (server clock). */
export function timerView(timer: TaskTimer, now: number): TimerView {
	if (timer.remainingMs !== undefined) return { phase: 'paused', remainingMs: Math.max(0, timer.remainingMs) };
	// Never more than was set: a device whose idea of the server's clock runs a little behind
	// (the offset is taken at welcome, one network trip late) must not show 25:01 for 25 min.
	const left = Math.min(timer.durationMs, (timer.endsAt ?? now) - now);
	return left > 0 ? { phase: 'running', remainingMs: left } : { phase: 'ended', remainingMs: 0 };
}

/** "24:59", "1:05:00": whole seconds, rounded up so "0:00" shows only when it has ended. */
export function formatCountdown(ms: number): string {
	const total = Math.max(0, Math.ceil(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const ss = String(s).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * The timer's moment to announce, once per run: a key that changes whenever it is started,
 * resumed or reset, so "c'est prêt ?" is said once for each countdown that reaches zero.
 */
export function timerRunKey(task: Task): string | undefined {
	return task.timer?.endsAt !== undefined ? `${task.id}:${task.timer.endsAt}` : undefined;
}

type TimerPayload = CommandPayload<'task:timer'>;

/**
 * - `start` (minutes): a new countdown, replacing any other on the task.
 * - `pause`: only a running one (`timer_not_running`); keeps what is left.
 * - `resume`: only a paused one (`timer_not_paused`).
 * - `reset`: back to its full length; a paused timer stays paused, any other runs again.
 * - `stop`: takes it off the task; nothing to stop is no change.
 * A done task takes no new countdown (`task_done`), but its timer can always be stopped.
 */
export function decideTimer(state: BoardState, payload: TimerPayload, now: number): Decision {
	const task = state.tasks.get(payload.taskId);
	if (!task) return refuse('task_not_found');
	const timer = task.timer;
	if (payload.action === 'stop') {
		if (!timer) return accept([]);
		const { timer: _dropped, ...rest } = task;
		return accept([{ type: 'task:set', task: rest }]);
	}
	if (task.status === 'done') return refuse('task_done');
	let next: TaskTimer;
	switch (payload.action) {
		case 'start': {
			const durationMs = payload.minutes * MINUTE;
			next = { durationMs, endsAt: now + durationMs };
			break;
		}
		case 'pause': {
			if (!timer || timerView(timer, now).phase !== 'running') return refuse('timer_not_running');
			next = { durationMs: timer.durationMs, remainingMs: timerView(timer, now).remainingMs };
			break;
		}
		case 'resume': {
			if (!timer || timer.remainingMs === undefined) return refuse('timer_not_paused');
			next = { durationMs: timer.durationMs, endsAt: now + timer.remainingMs };
			break;
		}
		case 'reset': {
			if (!timer) return refuse('no_timer');
			next =
				timer.remainingMs !== undefined
					? { durationMs: timer.durationMs, remainingMs: timer.durationMs }
					: { durationMs: timer.durationMs, endsAt: now + timer.durationMs };
			break;
		}
	}
	return accept([{ type: 'task:set', task: { ...task, timer: next } }]);
}
