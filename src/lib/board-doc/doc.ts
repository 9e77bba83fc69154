/**
 * How the board lives in a Yjs document. Top-level maps hold plain JSON values:
 * `meta` (one key, "meal"), `tasks` (task id → the task without its claims), `claims`
 * (task id → that task's claims, in order), `members`, `prompt` and `invites`.
 *
 * Claims are apart from their task so that a claim, the most frequent change by far,
 * rewrites one short array and not the task's titles, kind and slots: the update every
 * phone receives is as small as the change. Only the server writes, and it replaces a
 * whole value per change, so clients never merge half-states.
 *
 * Boards stored before the split (claims inside each task value) still read the same:
 * a task value that carries `claims` and has no entry in `claims` is the old layout.
 * The first write to such a task moves it to the new layout. Shared by server (write)
 * and client (read).
 */
import * as Y from 'yjs';
import type { BoardState, Change, Claim, Invite, LivePrompt, MealMeta, Member, Task } from '../domain/types.ts';

/** A task as stored in the `tasks` map; `claims` only on boards written before the split. */
type StoredTask = Omit<Task, 'claims'> & { claims?: Claim[] };

export function boardMaps(doc: Y.Doc) {
	return {
		meta: doc.getMap<MealMeta>('meta'),
		tasks: doc.getMap<StoredTask>('tasks'),
		claims: doc.getMap<Claim[]>('claims'),
		members: doc.getMap<Member>('members'),
		/** Key `current`: the icebreaker shown to everyone (prompts-live.ts). */
		prompt: doc.getMap<LivePrompt>('prompt'),
		/** Invite id → Invite: invitations to tasks and hand-overs (invitations.ts). */
		invites: doc.getMap<Invite>('invites')
	};
}

export function readBoard(doc: Y.Doc): BoardState {
	return readMutableBoard(doc);
}

/** readBoard's result as the fresh maps it is, for a holder that keeps it up to date (applyToState). */
export function readMutableBoard(doc: Y.Doc): MutableBoardState {
	const maps = boardMaps(doc);
	const tasks = new Map<string, Task>();
	for (const [id, stored] of maps.tasks.entries()) tasks.set(id, joinClaims(stored, maps.claims.get(id)));
	return {
		meta: maps.meta.get('meal'),
		tasks,
		members: new Map(maps.members.entries()),
		prompt: maps.prompt.get('current'),
		invites: new Map(maps.invites.entries())
	};
}

function joinClaims(stored: StoredTask, claims: Claim[] | undefined): Task {
	const { claims: legacy, ...task } = stored;
	return { ...task, claims: claims ?? legacy ?? [] };
}

/** Where changes land: the Yjs document, or the BoardState kept beside it. */
interface BoardWriter {
	setTask(task: Task): void;
	deleteTask(taskId: string): void;
	setMember(member: Member): void;
	deleteMember(memberId: string): void;
	setMeta(meta: MealMeta): void;
	setPrompt(prompt: LivePrompt | undefined): void;
	setInvite(invite: Invite): void;
}

/** The one reading of a change, for every place it is written to. */
function write(writer: BoardWriter, changes: readonly Change[]): void {
	for (const change of changes) {
		switch (change.type) {
			case 'task:set':
				writer.setTask(change.task);
				break;
			case 'task:delete':
				writer.deleteTask(change.taskId);
				break;
			case 'member:set':
				writer.setMember(change.member);
				break;
			case 'member:delete':
				writer.deleteMember(change.memberId);
				break;
			case 'meta:set':
				writer.setMeta(change.meta);
				break;
			case 'prompt:set':
				writer.setPrompt(change.prompt);
				break;
			case 'prompt:clear':
				writer.setPrompt(undefined);
				break;
			case 'invite:set':
				writer.setInvite(change.invite);
				break;
		}
	}
}

/** Applies changes in one transaction, so they leave the server as one update. */
export function applyChanges(doc: Y.Doc, changes: readonly Change[], origin: unknown = null): void {
	const maps = boardMaps(doc);
	doc.transact(
		() =>
			write(
				{
					setTask: (task) => setTask(maps, task),
					deleteTask: (taskId) => {
						maps.tasks.delete(taskId);
						maps.claims.delete(taskId);
					},
					setMember: (member) => maps.members.set(member.id, member),
					deleteMember: (memberId) => maps.members.delete(memberId),
					setMeta: (meta) => maps.meta.set('meal', meta),
					setPrompt: (prompt) => (prompt ? maps.prompt.set('current', prompt) : maps.prompt.delete('current')),
					setInvite: (invite) => maps.invites.set(invite.id, invite)
				},
				changes
			),
		origin
	);
}

/** Writes only the half of the task that changed: its claims, its other fields, or both. */
function setTask(maps: ReturnType<typeof boardMaps>, task: Task): void {
	const { claims, ...rest } = task;
	const stored = maps.tasks.get(task.id);
	// An old-layout value (claims inside) is rewritten once, without them.
	if (!stored || stored.claims !== undefined || !sameJson(stored, rest)) maps.tasks.set(task.id, rest);
	const storedClaims = maps.claims.get(task.id);
	if (!storedClaims || !sameJson(storedClaims, claims)) maps.claims.set(task.id, claims);
}

/**
 * Values here are built by spreading the previous value, so their keys come in the same
 * order and JSON text compares them; a false "different" costs one redundant write, never
 * a lost one.
 */
function sameJson(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The same changes applied to a BoardState kept in memory, in place, so the server
 * needs no copy of the whole board per command. Gives what readBoard would read from
 * the document after applyChanges (board-doc/doc.spec.ts checks it).
 */
export function applyToState(state: MutableBoardState, changes: readonly Change[]): void {
	write(
		{
			setTask: (task) => state.tasks.set(task.id, task),
			deleteTask: (taskId) => state.tasks.delete(taskId),
			setMember: (member) => state.members.set(member.id, member),
			deleteMember: (memberId) => state.members.delete(memberId),
			setMeta: (meta) => (state.meta = meta),
			setPrompt: (prompt) => (state.prompt = prompt),
			setInvite: (invite) => state.invites.set(invite.id, invite)
		},
		changes
	);
}

export interface MutableBoardState extends BoardState {
	tasks: Map<string, Task>;
	members: Map<string, Member>;
	invites: Map<string, Invite>;
}
