/**
 * What a screen reader should hear when the board changes under a member's phone: their
 * own claim confirmed, a neighbour taking a task, an icebreaker pushed to the table or to
 * them alone, an invitation. Pure: it compares two snapshots and returns what happened,
 * so the rules are tested without a browser; the page turns them into words in its
 * language and puts them in a live region that exists from the first paint.
 */
import type { QueuedCommand } from '../domain/outbox.ts';
import type { Invite, LivePrompt, Task } from '../domain/types.ts';

export interface BoardSnapshot {
	tasks: readonly Task[];
	prompt: LivePrompt | undefined;
	privatePrompt: LivePrompt | undefined;
	invites: ReadonlyMap<string, Invite>;
}

export type Announcement =
	| { type: 'mine'; task: Task }
	| { type: 'claimed'; task: Task; memberId: string }
	| { type: 'prompt'; prompt: LivePrompt }
	| { type: 'private-prompt'; prompt: LivePrompt }
	| { type: 'invite'; invite: Invite; task: Task }
	/** A tap kept on the phone until the connection is back; `task` absent for a check-in. */
	| { type: 'queued'; entry: QueuedCommand; task: Task | undefined };

/**
 * Changes worth saying between `before` and `after`, for the member `meId`. A first
 * snapshot (`before` undefined) says nothing: a page load is not news.
 */
export function announcementsBetween(input: {
	before: BoardSnapshot | undefined;
	after: BoardSnapshot;
	meId: string | undefined;
}): Announcement[] {
	const { before, after, meId } = input;
	if (!before) return [];
	const out: Announcement[] = [];
	const previous = new Map(before.tasks.map((task) => [task.id, task]));
	for (const task of after.tasks) {
		const had = new Set(previous.get(task.id)?.claims.map((c) => c.memberId) ?? []);
		for (const claim of task.claims) {
			if (had.has(claim.memberId)) continue;
			out.push(claim.memberId === meId ? { type: 'mine', task } : { type: 'claimed', task, memberId: claim.memberId });
		}
	}
	if (after.prompt && after.prompt.id !== before.prompt?.id) out.push({ type: 'prompt', prompt: after.prompt });
	if (after.privatePrompt && after.privatePrompt.id !== before.privatePrompt?.id)
		out.push({ type: 'private-prompt', prompt: after.privatePrompt });
	for (const invite of after.invites.values()) {
		if (invite.memberId !== meId || invite.status !== 'pending') continue;
		if (before.invites.get(invite.id)?.status === 'pending') continue;
		const task = after.tasks.find((t) => t.id === invite.taskId);
		if (task) out.push({ type: 'invite', invite, task });
	}
	return out;
}

/**
 * Taps newly kept on the phone (offline), to say they wait. Apart from the board's news:
 * it speaks before the board has ever synced (a reload offline), and a queue read back
 * from the device at start (`before` undefined) is not news either.
 */
export function newlyQueued(input: {
	before: readonly QueuedCommand[] | undefined;
	after: readonly QueuedCommand[];
	tasks: readonly Task[];
}): Announcement[] {
	if (!input.before) return [];
	const waiting = new Set(input.before.map((entry) => entry.cid));
	return input.after
		.filter((entry) => !waiting.has(entry.cid))
		.map((entry) => ({ type: 'queued', entry, task: input.tasks.find((task) => task.id === entry.taskId) }));
}
