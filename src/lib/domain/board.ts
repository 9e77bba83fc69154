/**
 * The board's rules as pure functions: given the current state, who acts and what they
 * ask, decide the changes or the reason for refusing. No I/O, no clock, no randomness:
 * the caller passes `now` and `newId`, so every rule is unit-tested without a network.
 * Commands for one meal are applied one at a time, so "the last place" is decided once.
 */
import { LIMITS, type AnyCommand } from '../protocol/schemas.ts';
import { canTransition, isMealLive } from './lifecycle.ts';
import { mayRun } from './permissions.ts';
import { accept, refuse, type Decision } from './result.ts';
import type { Actor, BoardState, Member, Task } from './types.ts';
import { closeInvitesOf, closeInvitesOn, decideInvitation, type InvitationFields } from './invitations.ts';
import { decideMemberLocale, decidePromptClear, decidePromptPush, type PromptResult } from './prompts-live.ts';
import { decideModeration } from './moderation.ts';
import { DEFAULT_REFUSED_WORDS, nameRefused } from './names.ts';
import { decidePeople } from './people-live.ts';
import { checkOut, freePlaces, hasClaim } from './claims.ts';
import type { DecideContext } from './decide-context.ts';
import { decideScreen } from './screen.ts';
import { decideSurvey } from './survey-live.ts';
import { decideErasure } from './erasure.ts';
import { closingDepartures, decideGone } from './departures.ts';
import { decideTimer } from './timers.ts';

export { checkOut, freePlaces, hasClaim, sortTasks } from './claims.ts';
export type { DecideContext } from './decide-context.ts';

type Result = Decision<{ taskId?: string; removed?: number } & PromptResult & InvitationFields>;

export function decide(state: BoardState, command: AnyCommand, actor: Actor, ctx: DecideContext): Result {
	if (!mayRun(actor.role, command.name)) return refuse('forbidden');
	const meta = state.meta;
	if (!meta) return refuse('not_found');
	// Screen links change no board, and a revoke must work at any stage, closed included.
	if (command.name === 'screen:link' || command.name === 'screen:revoke') return accept([]);
	// The screen's remote, likewise at every stage: a screen is blanked after the meal too.
	const screen = decideScreen(state, command);
	if (screen) return screen;

	if (command.name === 'meal:status') {
		if (!canTransition(meta.status, command.payload.status)) return refuse('invalid_transition');
		const status = command.payload.status;
		const departures = status === 'closed' ? closingDepartures(state, ctx.now) : [];
		return accept([{ type: 'meta:set', meta: { ...meta, status } }, ...departures]);
	}
	const moderation = decideModeration(state, command, actor, ctx);
	if (moderation && (!moderation.ok || moderation.changes.length === 0)) return moderation;
	// Before the stage check: what a member shared can be taken back even after the meal.
	const people = decidePeople(state, command, actor);
	if (people) return people;
	// The survey is answered at the table and after the meal, closed included.
	const survey = decideSurvey(state, command, actor);
	if (survey) return survey;
	// Erasing oneself works at every stage too (domain/erasure.ts).
	const erasure = decideErasure(state, command, actor);
	if (erasure) return erasure;
	if (meta.status === 'closed') return refuse('meal_not_open');
	if (moderation) return moderation;
	if (command.name === 'member:gone') {
		if (!isMealLive(meta.status)) return refuse('meal_not_open');
		return decideGone(state, command.payload.memberId, ctx.now);
	}
	const invitation = decideInvitation(state, command, actor, ctx);
	if (invitation) return invitation;

	if (actor.role === 'master') return decideMaster(state, command, ctx);

	// Members act only on themselves, only while the meal runs.
	if (!isMealLive(meta.status)) return refuse('meal_not_open');
	const member = actor.memberId ? state.members.get(actor.memberId) : undefined;
	if (!member) return refuse('member_not_found');
	return decideMember(state, command, member, ctx);
}

function decideMaster(state: BoardState, command: AnyCommand, ctx: DecideContext): Result {
	switch (command.name) {
		case 'task:add': {
			if (state.tasks.size >= LIMITS.maxTasks) return refuse('too_many_tasks');
			const order = Math.max(-1, ...[...state.tasks.values()].map((t) => t.order)) + 1;
			const task: Task = {
				id: ctx.newId(),
				kind: command.payload.kind,
				title: command.payload.title,
				slots: command.payload.slots,
				order,
				status: 'open',
				claims: [],
				createdAt: ctx.now
			};
			return accept([{ type: 'task:set', task }], { taskId: task.id });
		}
		case 'task:edit': {
			const task = state.tasks.get(command.payload.taskId);
			if (!task) return refuse('task_not_found');
			const { kind, title, slots, order } = command.payload;
			if (slots !== undefined && slots < task.claims.length) return refuse('slots_below_claims');
			const next: Task = {
				...task,
				kind: kind ?? task.kind,
				title: title ?? task.title,
				slots: slots ?? task.slots,
				order: order ?? task.order
			};
			return accept([{ type: 'task:set', task: next }]);
		}
		case 'task:remove': {
			if (!state.tasks.has(command.payload.taskId)) return refuse('task_not_found');
			return accept([
				...closeInvitesOn(state, command.payload.taskId),
				{ type: 'task:delete', taskId: command.payload.taskId }
			]);
		}
		case 'task:done': {
			const task = state.tasks.get(command.payload.taskId);
			if (!task) return refuse('task_not_found');
			if (task.status === 'done') return refuse('task_done');
			return accept([{ type: 'task:set', task: { ...task, status: 'done', doneAt: ctx.now } }]);
		}
		case 'task:reopen':
			return reopen(state, command.payload.taskId);
		case 'prompt:push':
			return decidePromptPush(state, command.payload, ctx);
		case 'prompt:clear':
			return decidePromptClear(state);
		case 'task:timer':
			return decideTimer(state, command.payload, ctx.now);
		case 'prompt:history':
		case 'prompt:library':
			// Nothing to change: the server answers with the canteen's history or own prompts.
			return accept([]);
		default:
			return refuse('forbidden');
	}
}

function decideMember(state: BoardState, command: AnyCommand, member: Member, ctx: DecideContext): Result {
	switch (command.name) {
		case 'task:claim': {
			const task = state.tasks.get(command.payload.taskId);
			if (!task) return refuse('task_not_found');
			if (!member.checkedIn) return refuse('not_checked_in');
			if (task.status === 'done') return refuse('task_done');
			if (hasClaim(task, member.id)) return refuse('already_claimed');
			if (freePlaces(task) === 0) return refuse('task_full');
			const claims = [...task.claims, { memberId: member.id, at: ctx.now }];
			return accept([{ type: 'task:set', task: { ...task, claims } }]);
		}
		case 'task:release': {
			const task = state.tasks.get(command.payload.taskId);
			if (!task) return refuse('task_not_found');
			if (!hasClaim(task, member.id)) return refuse('not_claimed');
			if (task.status === 'done') return refuse('task_done');
			const claims = task.claims.filter((c) => c.memberId !== member.id);
			return accept([{ type: 'task:set', task: { ...task, claims } }]);
		}
		case 'task:done': {
			const task = state.tasks.get(command.payload.taskId);
			if (!task) return refuse('task_not_found');
			if (!hasClaim(task, member.id)) return refuse('not_claimed');
			if (task.status === 'done') return refuse('task_done');
			const done: Task = { ...task, status: 'done', doneAt: ctx.now, doneBy: member.id };
			return accept([{ type: 'task:set', task: done }]);
		}
		case 'task:reopen': {
			const task = state.tasks.get(command.payload.taskId);
			if (!task) return refuse('task_not_found');
			if (!hasClaim(task, member.id)) return refuse('not_claimed');
			return reopen(state, task.id);
		}
		case 'member:checkin': {
			if (member.checkedIn) return accept([]);
			// Back after leaving: the earlier departure no longer stands.
			const { leftAt: _leftAt, ...back } = member;
			return accept([{ type: 'member:set', member: { ...back, checkedIn: true, checkedInAt: ctx.now } }]);
		}
		case 'member:checkout':
			return accept([...checkOut(state, member, ctx.now), ...closeInvitesOf(state, member.id)]);
		case 'member:locale':
			return decideMemberLocale(member, command.payload.locale);
		case 'member:rename': {
			if (nameRefused(command.payload.name, ctx.refusedWords ?? DEFAULT_REFUSED_WORDS)) return refuse('name_refused');
			const emoji = command.payload.emoji ?? member.emoji;
			return accept([{ type: 'member:set', member: { ...member, name: command.payload.name, emoji } }]);
		}
		default:
			return refuse('forbidden');
	}
}

function reopen(state: BoardState, taskId: string): Result {
	const task = state.tasks.get(taskId);
	if (!task) return refuse('task_not_found');
	if (task.status !== 'done') return refuse('task_not_done');
	const { doneAt: _doneAt, doneBy: _doneBy, ...rest } = task;
	return accept([{ type: 'task:set', task: { ...rest, status: 'open' } }]);
}

/** A new member arriving through the join code: recorded and checked in at once. */
export function joinMember(
	state: BoardState,
	input: { memberId: string; name: string; emoji: string; now: number }
): Decision {
	if (!state.meta) return refuse('not_found');
	if (!isMealLive(state.meta.status)) return refuse('meal_not_open');
	if (state.members.size >= LIMITS.maxMembers) return refuse('meal_full');
	const member: Member = {
		id: input.memberId,
		name: input.name,
		emoji: input.emoji,
		joinedAt: input.now,
		checkedIn: true,
		checkedInAt: input.now
	};
	return accept([{ type: 'member:set', member }]);
}

export interface AttendanceSummary {
	checkedIn: number;
	joined: number;
	online: number;
}

/** Attendance is built on check-ins; `online` is shown beside it, never counted as it. */
export function attendance(state: BoardState, online: ReadonlySet<string>): AttendanceSummary {
	let checkedIn = 0;
	let onlineCount = 0;
	for (const m of state.members.values()) {
		if (m.checkedIn) checkedIn++;
		if (online.has(m.id)) onlineCount++;
	}
	return { checkedIn, joined: state.members.size, online: onlineCount };
}
