/**
 * How the board lives in a Yjs document. Three top-level maps hold plain JSON values:
 * `meta` (one key, "meal"), `tasks` (task id → Task) and `members` (member id → Member).
 * Only the server writes; it replaces a whole value per change, so a claim is one small
 * update and clients never merge half-states. Shared by server (write) and client (read).
 */
import * as Y from 'yjs';
import type { BoardState, Change, Invite, LivePrompt, MealMeta, Member, Task } from '../domain/types.ts';

export function boardMaps(doc: Y.Doc) {
	return {
		meta: doc.getMap<MealMeta>('meta'),
		tasks: doc.getMap<Task>('tasks'),
		members: doc.getMap<Member>('members'),
		/** Key `current`: the icebreaker shown to everyone (prompts-live.ts). */
		prompt: doc.getMap<LivePrompt>('prompt'),
		/** Invite id → Invite: invitations to tasks and hand-overs (invitations.ts). */
		invites: doc.getMap<Invite>('invites')
	};
}

export function readBoard(doc: Y.Doc): BoardState {
	const maps = boardMaps(doc);
	return {
		meta: maps.meta.get('meal'),
		tasks: new Map(maps.tasks.entries()),
		members: new Map(maps.members.entries()),
		prompt: maps.prompt.get('current'),
		invites: new Map(maps.invites.entries())
	};
}

/** Applies changes in one transaction, so they leave the server as one update. */
export function applyChanges(doc: Y.Doc, changes: readonly Change[], origin: unknown = null): void {
	const maps = boardMaps(doc);
	doc.transact(() => {
		for (const change of changes) {
			switch (change.type) {
				case 'task:set':
					maps.tasks.set(change.task.id, change.task);
					break;
				case 'task:delete':
					maps.tasks.delete(change.taskId);
					break;
				case 'member:set':
					maps.members.set(change.member.id, change.member);
					break;
				case 'member:delete':
					maps.members.delete(change.memberId);
					break;
				case 'meta:set':
					maps.meta.set('meal', change.meta);
					break;
				case 'prompt:set':
					maps.prompt.set('current', change.prompt);
					break;
				case 'prompt:clear':
					maps.prompt.delete('current');
					break;
				case 'invite:set':
					maps.invites.set(change.invite.id, change.invite);
					break;
			}
		}
	}, origin);
}
