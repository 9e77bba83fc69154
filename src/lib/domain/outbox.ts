/**
 * A member's taps kept on the phone while the connection is down (the outbox), as pure
 * rules: which commands may wait, until when, how the board looks meanwhile, and what an
 * answer after reconnecting means. The phone stores and replays (client/outbox-store.ts,
 * client/board.svelte.ts); the server decides as for any command, once per `cid`.
 *
 * Only a member's own, undoable commands on their own places wait: taking, giving back,
 * done, reopen, and "I'm here". Nothing a Canteen Master does (their console needs the
 * live board), nothing answered to someone (an invitation, a hand-over: the other person
 * moved on), nothing about the device (leaving, renaming, the profile) waits.
 */
import { hasClaim } from './claims.ts';
import type { MealMeta, Member, Task } from './types.ts';

export const QUEUEABLE_COMMANDS = ['task:claim', 'task:release', 'task:done', 'task:reopen', 'member:checkin'] as const;
export type QueueableCommand = (typeof QUEUEABLE_COMMANDS)[number];

/** A command waiting on the phone. `cid` is the one it is sent with, however many times. */
export interface QueuedCommand {
	cid: string;
	mealId: string;
	command: QueueableCommand;
	/** The task, for task commands; absent for a check-in. */
	taskId?: string;
	queuedAt: number;
	/** It may have reached the server (its answer was lost): never cancelled on the phone. */
	sent?: boolean;
}

/** A meal without a planned duration is taken to last this long. */
export const DEFAULT_MEAL_MINUTES = 120;
/** However the meal was planned, a tap waits at least this long after it was made... */
export const MIN_WAIT_MS = 30 * 60_000;
/** ...and never more than this: a phone found in a bag the next day sends nothing. */
export const MAX_WAIT_MS = 6 * 3_600_000;

export function isQueueable(command: string): command is QueueableCommand {
	return (QUEUEABLE_COMMANDS as readonly string[]).includes(command);
}

/**
 * The planned end of the meal, in the phone's time zone (the canteen's: people are in the
 * room). Undefined when the board carries no usable date.
 */
export function mealEnd(meta: Pick<MealMeta, 'date' | 'time' | 'plan'>): number | undefined {
	const start = new Date(`${meta.date}T${meta.time}`).getTime();
	if (Number.isNaN(start)) return undefined;
	return start + (meta.plan?.durationMinutes ?? DEFAULT_MEAL_MINUTES) * 60_000;
}

/**
 * Whether a queued command is too old to send at `now`: past the meal's end (but never
 * before MIN_WAIT_MS, so a tap at the last minute of a meal running late still goes), or
 * older than MAX_WAIT_MS, or the meal is closed.
 */
export function isExpired(entry: QueuedCommand, meta: MealMeta | undefined, now: number): boolean {
	const age = now - entry.queuedAt;
	if (age > MAX_WAIT_MS) return true;
	if (meta?.status === 'closed') return true;
	const end = meta ? mealEnd(meta) : undefined;
	return end !== undefined && now > end && age > MIN_WAIT_MS;
}

/**
 * A new command cancels the one waiting just before it on the same task when it undoes it
 * (take then give back; done then reopen) and that one never left the phone. Returns the
 * entry to cancel, if any.
 */
export function cancels(queue: readonly QueuedCommand[], next: Pick<QueuedCommand, 'command' | 'taskId'>) {
	const last = [...queue].reverse().find((e) => e.taskId === next.taskId && next.taskId !== undefined);
	if (!last || last.sent) return undefined;
	const undo: Partial<Record<QueueableCommand, QueueableCommand>> = {
		'task:release': 'task:claim',
		'task:reopen': 'task:done'
	};
	return undo[next.command] === last.command ? last : undefined;
}

/**
 * The board as the member will see it once the queue is sent: their places taken or given
 * back, tasks done or reopened, themselves checked in. Only what the member could do
 * online is shown (no claim on a full or done task); the server still decides.
 */
export function applyQueued(
	tasks: readonly Task[],
	members: ReadonlyMap<string, Member>,
	queue: readonly QueuedCommand[],
	memberId: string | undefined
): { tasks: Task[]; members: ReadonlyMap<string, Member> } {
	if (queue.length === 0 || !memberId) return { tasks: [...tasks], members };
	const byId = new Map(tasks.map((task) => [task.id, task]));
	let me = members.get(memberId);
	for (const entry of queue) {
		if (entry.command === 'member:checkin') {
			if (me && !me.checkedIn) me = { ...me, checkedIn: true, checkedInAt: entry.queuedAt };
			continue;
		}
		const task = entry.taskId ? byId.get(entry.taskId) : undefined;
		if (!task) continue;
		const mine = hasClaim(task, memberId);
		let next = task;
		if (entry.command === 'task:claim' && !mine && task.status === 'open' && task.claims.length < task.slots)
			next = { ...task, claims: [...task.claims, { memberId, at: entry.queuedAt }] };
		else if (entry.command === 'task:release' && mine && task.status === 'open')
			next = { ...task, claims: task.claims.filter((c) => c.memberId !== memberId) };
		else if (entry.command === 'task:done' && mine && task.status === 'open')
			next = { ...task, status: 'done', doneAt: entry.queuedAt, doneBy: memberId };
		else if (entry.command === 'task:reopen' && mine && task.status === 'done') next = { ...task, status: 'open' };
		byId.set(task.id, next);
	}
	const nextMembers = me && me !== members.get(memberId) ? new Map(members).set(memberId, me) : members;
	return { tasks: tasks.map((task) => byId.get(task.id) ?? task), members: nextMembers };
}

/** Refusals that mean "try again later", not "no": the command stays on the phone. */
const TRANSIENT = new Set(['unavailable', 'rate_limited', 'saving_paused', 'internal', 'conflict']);
/** Refusals that mean the board already says what the member wanted (sent twice, or done by another way). */
const ALREADY: Partial<Record<QueueableCommand, readonly string[]>> = {
	'task:claim': ['already_claimed'],
	'task:release': ['not_claimed'],
	'task:done': ['task_done']
};

/**
 * What the server's answer to a replayed command means: `sent` (applied now or earlier,
 * remove it), `retry` (keep it, try at the next connection), `refused` (remove it, roll
 * back and tell the member kindly).
 */
export function replayOutcome(command: QueueableCommand, ack: { ok: true } | { ok: false; code: string }) {
	if (ack.ok) return 'sent' as const;
	if (TRANSIENT.has(ack.code)) return 'retry' as const;
	if (ALREADY[command]?.includes(ack.code)) return 'sent' as const;
	return 'refused' as const;
}
