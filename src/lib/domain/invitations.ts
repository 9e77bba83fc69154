/**
 * People and tasks during the meal, beyond "I take a place": walk-ins without a phone,
 * invitations from the Canteen Master, hand-overs between members, and moving a task up
 * or down the board. Pure, like board.ts: `decideInvitation` is called from `decide`
 * after the role and the meal's stage were checked there.
 */
import { LIMITS, type AnyCommand } from '../protocol/schemas.ts';
import { checkOut, freePlaces, hasClaim, sortTasks } from './claims.ts';
import type { DecideContext } from './decide-context.ts';
import { isMealLive } from './lifecycle.ts';
import { DEFAULT_REFUSED_WORDS, nameRefused } from './names.ts';
import { accept, refuse, refuseWith, type Decision } from './result.ts';
import type { Actor, BoardState, Change, Invite, Member, Task } from './types.ts';

export type InvitationFields = { memberId?: string; inviteId?: string };
export type InvitationResult = Decision<InvitationFields>;

const INVITATION_COMMANDS = new Set<AnyCommand['name']>([
	'member:walkin',
	'member:checkout-by-master',
	'task:assign',
	'task:invite',
	'task:handover',
	'invite:answer',
	'invite:cancel',
	'task:move'
]);

export function isInvitationCommand(name: AnyCommand['name']): boolean {
	return INVITATION_COMMANDS.has(name);
}

/** Pending invitations, oldest first. */
export function pendingInvites(state: BoardState): Invite[] {
	return [...(state.invites?.values() ?? [])]
		.filter((i) => i.status === 'pending')
		.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

function pendingFor(state: BoardState, taskId: string, memberId: string): Invite | undefined {
	return pendingInvites(state).find((i) => i.taskId === taskId && i.memberId === memberId);
}

/**
 * Decides the commands of this module; `undefined` for any other command. The caller has
 * checked the role (permissions.ts) and that the meal is not closed.
 */
export function decideInvitation(
	state: BoardState,
	command: AnyCommand,
	actor: Actor,
	ctx: DecideContext
): InvitationResult | undefined {
	if (!isInvitationCommand(command.name)) return undefined;
	if (command.name === 'task:move') return moveTask(state, command.payload.taskId, command.payload.direction);
	// Everything else is about people present at a running meal.
	if (!state.meta || !isMealLive(state.meta.status)) return refuse('meal_not_open');
	if (actor.role === 'master') {
		switch (command.name) {
			case 'member:walkin':
				return walkIn(state, command.payload.name, ctx);
			case 'member:checkout-by-master': {
				const member = state.members.get(command.payload.memberId);
				if (!member) return refuse('member_not_found');
				return accept([...checkOut(state, member, ctx.now), ...closeInvitesOf(state, member.id)]);
			}
			case 'task:assign':
				return assign(state, command.payload.taskId, command.payload.memberId, ctx.now);
			case 'task:invite':
				return invite(state, command.payload.taskId, command.payload.memberId, 'master', ctx);
			case 'invite:cancel':
				return cancel(state, command.payload.inviteId, 'master');
			default:
				return refuse('forbidden');
		}
	}
	const me = actor.memberId ? state.members.get(actor.memberId) : undefined;
	if (!me) return refuse('member_not_found');
	switch (command.name) {
		case 'task:handover':
			return handover(state, command.payload.taskId, me, command.payload.toMemberId, ctx);
		case 'invite:answer':
			return answer(state, command.payload.inviteId, me, command.payload.accept, ctx.now);
		case 'invite:cancel':
			return cancel(state, command.payload.inviteId, me.id);
		default:
			return refuse('forbidden');
	}
}

function walkIn(state: BoardState, name: string, ctx: DecideContext): InvitationResult {
	if (state.members.size >= LIMITS.maxMembers) return refuse('meal_full');
	// The name goes on the kitchen screen like any other: the canteen's word list applies.
	if (nameRefused(name, ctx.refusedWords ?? DEFAULT_REFUSED_WORDS)) return refuse('name_refused');
	const member: Member = {
		id: ctx.newId(),
		name,
		emoji: '',
		joinedAt: ctx.now,
		checkedIn: true,
		checkedInAt: ctx.now,
		walkIn: true
	};
	return accept([{ type: 'member:set', member }], { memberId: member.id });
}

/** Why `member` cannot take a place on `task` now, or undefined if they can. */
function claimRefusal(task: Task | undefined, member: Member) {
	if (!task) return 'task_not_found' as const;
	if (!member.checkedIn) return 'not_checked_in' as const;
	if (task.status === 'done') return 'task_done' as const;
	if (hasClaim(task, member.id)) return 'already_claimed' as const;
	if (freePlaces(task) === 0) return 'task_full' as const;
	return undefined;
}

function withClaim(task: Task, memberId: string, now: number): Task {
	return { ...task, claims: [...task.claims, { memberId, at: now }] };
}

function assign(state: BoardState, taskId: string, memberId: string, now: number): InvitationResult {
	const member = state.members.get(memberId);
	if (!member) return refuse('member_not_found');
	if (!member.walkIn) return refuse('not_walk_in');
	const task = state.tasks.get(taskId);
	const refusal = claimRefusal(task, member);
	if (refusal || !task) return refuse(refusal ?? 'task_not_found');
	return accept([{ type: 'task:set', task: withClaim(task, member.id, now) }]);
}

function invite(
	state: BoardState,
	taskId: string,
	memberId: string,
	by: Invite['by'],
	ctx: DecideContext
): InvitationResult {
	const member = state.members.get(memberId);
	if (!member) return refuse('member_not_found');
	if (member.walkIn) return refuse('walk_in');
	const refusal = claimRefusal(state.tasks.get(taskId), member);
	if (refusal) return refuse(refusal);
	if (pendingFor(state, taskId, memberId)) return refuse('already_invited');
	const created: Invite = {
		id: ctx.newId(),
		taskId,
		memberId,
		by,
		kind: by === 'master' ? 'invite' : 'handover',
		createdAt: ctx.now,
		status: 'pending'
	};
	return accept([{ type: 'invite:set', invite: created }], { inviteId: created.id });
}

function handover(
	state: BoardState,
	taskId: string,
	giver: Member,
	toMemberId: string,
	ctx: DecideContext
): InvitationResult {
	const task = state.tasks.get(taskId);
	if (!task) return refuse('task_not_found');
	if (!hasClaim(task, giver.id)) return refuse('not_claimed');
	if (task.status === 'done') return refuse('task_done');
	const receiver = state.members.get(toMemberId);
	if (!receiver) return refuse('member_not_found');
	if (receiver.walkIn) return refuse('walk_in');
	if (!receiver.checkedIn) return refuse('not_checked_in');
	if (hasClaim(task, receiver.id)) return refuse('already_claimed');
	if (pendingFor(state, taskId, receiver.id)) return refuse('already_invited');
	const created: Invite = {
		id: ctx.newId(),
		taskId,
		memberId: receiver.id,
		by: giver.id,
		kind: 'handover',
		createdAt: ctx.now,
		status: 'pending'
	};
	return accept([{ type: 'invite:set', invite: created }], { inviteId: created.id });
}

function answer(state: BoardState, inviteId: string, me: Member, yes: boolean, now: number): InvitationResult {
	const found = state.invites?.get(inviteId);
	// Someone else's invitation is not theirs to see: the same answer as an unknown id.
	if (!found || found.memberId !== me.id) return refuse('invite_not_found');
	if (found.status !== 'pending') return refuse('invite_closed');
	if (!yes) return accept([{ type: 'invite:set', invite: { ...found, status: 'declined' } }]);

	const task = state.tasks.get(found.taskId);
	const cancelled: Change = { type: 'invite:set', invite: { ...found, status: 'cancelled' } };
	const accepted: Change = { type: 'invite:set', invite: { ...found, status: 'accepted' } };
	if (found.kind === 'handover' && task && task.status === 'open' && hasClaim(task, found.by)) {
		// The place moves in one change: the giver is released and the receiver claims it.
		if (!me.checkedIn) return refuse('not_checked_in');
		if (hasClaim(task, me.id)) return refuseWith('already_claimed', [cancelled]);
		const claims = [...task.claims.filter((c) => c.memberId !== found.by), { memberId: me.id, at: now }];
		return accept([{ type: 'task:set', task: { ...task, claims } }, accepted]);
	}
	// An invitation, or a hand-over whose giver already gave the place back: the claim rules.
	const refusal = claimRefusal(task, me);
	if (refusal === 'not_checked_in') return refuse(refusal);
	if (refusal || !task) return refuseWith(refusal ?? 'task_not_found', [cancelled]);
	return accept([{ type: 'task:set', task: withClaim(task, me.id, now) }, accepted]);
}

/** The Canteen Master withdraws any pending invitation; a member only the hand-overs they offered. */
function cancel(state: BoardState, inviteId: string, by: Invite['by']): InvitationResult {
	const found = state.invites?.get(inviteId);
	if (!found || (by !== 'master' && found.by !== by)) return refuse('invite_not_found');
	if (found.status !== 'pending') return refuse('invite_closed');
	return accept([{ type: 'invite:set', invite: { ...found, status: 'cancelled' } }]);
}

/** Leaving closes the invitations to and from this member that are still waiting. */
export function closeInvitesOf(state: BoardState, memberId: string): Change[] {
	return pendingInvites(state)
		.filter((i) => i.memberId === memberId || i.by === memberId)
		.map((i) => ({ type: 'invite:set', invite: { ...i, status: 'cancelled' } }));
}

/** A removed task takes its waiting invitations with it: nobody can answer them any more. */
export function closeInvitesOn(state: BoardState, taskId: string): Change[] {
	return pendingInvites(state)
		.filter((i) => i.taskId === taskId)
		.map((i) => ({ type: 'invite:set', invite: { ...i, status: 'cancelled' } }));
}

/**
 * Moves a task one step up or down among the tasks of its kind (the board groups by kind),
 * in one change set: the board's order is renumbered 0…n-1 where it changed, so ties and
 * gaps left by removals never make a move half-visible. At the edge it changes nothing.
 */
export function moveTask(state: BoardState, taskId: string, direction: 'up' | 'down'): InvitationResult {
	const task = state.tasks.get(taskId);
	if (!task) return refuse('task_not_found');
	const sorted = sortTasks(state.tasks.values());
	const from = sorted.findIndex((t) => t.id === taskId);
	const step = direction === 'up' ? -1 : 1;
	let to = from + step;
	while (to >= 0 && to < sorted.length && sorted[to]!.kind !== task.kind) to += step;
	if (to < 0 || to >= sorted.length) return accept([]);
	const next = [...sorted];
	[next[from], next[to]] = [next[to]!, next[from]!];
	const changes: Change[] = [];
	next.forEach((t, order) => {
		if (t.order !== order) changes.push({ type: 'task:set', task: { ...t, order } });
	});
	return accept(changes);
}
