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
/**
 * How the board lives in Yjs: two documents per meal, so that each screen receives only
 * what it shows (docs/privacy.md).
 *
 * - The **board** document, synced by every phone, the kitchen screen and the console:
 *   `meta` (one key, "meal", without the canteen), `tasks` (task id → the task without its
 *   claims), `claims` (task id → who holds its places, `[{ memberId }]`, no times),
 *   `members` (name, emoji, checked in, walk-in, language: no times) and `prompt`.
 * - The **masters** document, sent to Canteen Master connections only: `meal` (key
 *   "private": `{ canteenId }`), `attendance` (member id → arrival, check-in, check-out and
 *   departure times), `claims` (task id → the claims with their times) and `invites`
 *   (every invitation; a member receives only their own, as events).
 *
 * Claims are apart from their task so that a claim, the most frequent change by far,
 * rewrites one short array and not the task's titles, kind and slots. Only the server
 * writes, and it replaces a whole value per change, so clients never merge half-states.
 *
 * Boards stored before the split into two documents (one document holding everything:
 * times on members and claims, `canteenId` in meta, an `invites` map) read the same with
 * `readBoard(doc)`; the server migrates them on load (server/session/stored-board.ts).
 * Boards stored before claims had their own map (claims inside each task value) read the
 * same too. Shared by server (write) and client (read).
 */
import * as Y from 'yjs';
import type {
	BoardState,
	Change,
	Claim,
	Invite,
	LivePrompt,
	MealMeta,
	Member,
	MemberTimes,
	Task
} from '../domain/types.ts';

/** A task as stored in the `tasks` map; `claims` only on boards written before the split. */
type StoredTask = Omit<Task, 'claims'> & { claims?: Claim[] };
/** A member as the board document has them: no times (those are in the masters document). */
export type PublicMember = Omit<Member, keyof MemberTimes>;
/** What only the masters document says of the meal. */
export interface PrivateMeta {
	canteenId: string;
}

/** The meal's two documents. */
export interface BoardDocs {
	board: Y.Doc;
	masters: Y.Doc;
}

const TIME_KEYS = [
	'joinedAt',
	'checkedInAt',
	'checkedOutAt',
	'leftAt'
] as const satisfies readonly (keyof MemberTimes)[];

export function boardMaps(doc: Y.Doc) {
	return {
		meta: doc.getMap<MealMeta>('meta'),
		tasks: doc.getMap<StoredTask>('tasks'),
		/** `[{ memberId }]` on this layout; `[{ memberId, at }]` on boards stored before it. */
		claims: doc.getMap<Claim[]>('claims'),
		members: doc.getMap<Member>('members'),
		/** Key `current`: the icebreaker shown to everyone (prompts-live.ts). */
		prompt: doc.getMap<LivePrompt>('prompt')
	};
}

export function mastersMaps(doc: Y.Doc) {
	return {
		meal: doc.getMap<PrivateMeta>('meal'),
		attendance: doc.getMap<MemberTimes>('attendance'),
		claims: doc.getMap<Claim[]>('claims'),
		/** Invite id → Invite: invitations to tasks and hand-overs (invitations.ts). */
		invites: doc.getMap<Invite>('invites')
	};
}

/**
 * The board from its documents: the board document alone gives what phones and the
 * kitchen screen see (no times, no canteen, no invitations: an old one-document board
 * read so has its times, and its invitations are read by the migration); with the
 * masters document, everything (the server, the console).
 */
export function readBoard(doc: Y.Doc, masters?: Y.Doc): BoardState {
	return readMutableBoard(doc, masters);
}

/** readBoard's result as the fresh maps it is, for a holder that keeps it up to date (applyToState). */
export function readMutableBoard(doc: Y.Doc, masters?: Y.Doc): MutableBoardState {
	const maps = boardMaps(doc);
	const priv = masters ? mastersMaps(masters) : undefined;
	const tasks = new Map<string, Task>();
	for (const [id, stored] of maps.tasks.entries()) {
		tasks.set(id, joinClaims(stored, priv?.claims.get(id) ?? maps.claims.get(id)));
	}
	const members = new Map<string, Member>();
	for (const [id, member] of maps.members.entries()) {
		const times = priv?.attendance.get(id);
		members.set(id, times ? { ...member, ...times } : member);
	}
	const invites = new Map(priv?.invites.entries());
	return {
		meta: readMeta(maps, priv),
		tasks,
		members,
		prompt: maps.prompt.get('current'),
		invites
	};
}

function readMeta(maps: ReturnType<typeof boardMaps>, priv: ReturnType<typeof mastersMaps> | undefined) {
	const meta = maps.meta.get('meal');
	const privateMeta = priv?.meal.get('private');
	// In the order a meal's meta is made (id, canteenId, title…), so comparing it as JSON works.
	return meta && privateMeta ? (Object.assign({ id: meta.id }, privateMeta, meta) as MealMeta) : meta;
}

/** What an update touched: task, member and invitation ids, the meta, the prompt. */
export interface Touched {
	tasks: Set<string>;
	members: Set<string>;
	invites: Set<string>;
	meta: boolean;
	prompt: boolean;
}

/**
 * Applies another writer's stored change (both documents' updates) and brings `state` up
 * to date by reading again only the entries it touched, as Yjs reports them: an instance
 * hearing the shared log pays for the change, not for a whole board read per change.
 * Gives what was touched (the caller tells the members concerned of their invitations).
 */
export function applyUpdatesToState(
	state: MutableBoardState,
	docs: BoardDocs,
	updates: { board: Uint8Array; masters: Uint8Array }
): Touched {
	const maps = boardMaps(docs.board);
	const priv = mastersMaps(docs.masters);
	const touched: Touched = { tasks: new Set(), members: new Set(), invites: new Set(), meta: false, prompt: false };
	const into = (set: Set<string>, keys: Set<string | null>) => {
		for (const key of keys) if (key !== null) set.add(key);
	};
	const collect = (transaction: Y.Transaction) => {
		for (const [changed, keys] of transaction.changed) {
			// Compared by identity: the documents' top-level maps are the only types they hold.
			const type = changed as unknown;
			if (type === maps.tasks || type === maps.claims || type === priv.claims) into(touched.tasks, keys);
			else if (type === maps.members || type === priv.attendance) into(touched.members, keys);
			else if (type === priv.invites) into(touched.invites, keys);
			else if (type === maps.meta || type === priv.meal) touched.meta = true;
			else if (type === maps.prompt) touched.prompt = true;
		}
	};
	docs.board.on('afterTransaction', collect);
	docs.masters.on('afterTransaction', collect);
	try {
		Y.applyUpdate(docs.board, updates.board);
		Y.applyUpdate(docs.masters, updates.masters);
	} finally {
		docs.board.off('afterTransaction', collect);
		docs.masters.off('afterTransaction', collect);
	}
	for (const id of touched.tasks) {
		const stored = maps.tasks.get(id);
		if (stored) state.tasks.set(id, joinClaims(stored, priv.claims.get(id) ?? maps.claims.get(id)));
		else state.tasks.delete(id);
	}
	for (const id of touched.members) {
		const member = maps.members.get(id);
		const times = priv.attendance.get(id);
		if (member) state.members.set(id, times ? { ...member, ...times } : member);
		else state.members.delete(id);
	}
	for (const id of touched.invites) {
		const invite = priv.invites.get(id);
		if (invite) state.invites.set(id, invite);
		else state.invites.delete(id);
	}
	if (touched.meta) state.meta = readMeta(maps, priv);
	if (touched.prompt) state.prompt = maps.prompt.get('current');
	return touched;
}

/**
 * The board as the board document alone gives it (phones, the kitchen screen): the same as
 * `readBoard(board)` reads, from a whole state. For tests and checks; the server never
 * sends a state, only the document.
 */
export function publicView(state: BoardState): BoardState {
	const tasks = new Map<string, Task>();
	for (const [id, task] of state.tasks) {
		tasks.set(id, { ...task, claims: task.claims.map((c) => ({ memberId: c.memberId })) });
	}
	const members = new Map<string, Member>();
	for (const [id, member] of state.members) members.set(id, splitMember(member).rest as Member);
	const { canteenId: _canteenId, ...meta } = state.meta ?? ({} as MealMeta);
	return {
		meta: state.meta ? (meta as MealMeta) : undefined,
		tasks,
		members,
		...(state.prompt ? { prompt: state.prompt } : {}),
		invites: new Map()
	};
}

function joinClaims(stored: StoredTask, claims: Claim[] | undefined): Task {
	const { claims: legacy, ...task } = stored;
	return { ...task, claims: claims ?? legacy ?? [] };
}

/** Where changes land: the Yjs documents, or the BoardState kept beside them. */
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

/**
 * Applies changes to the meal's two documents, one transaction each, so each leaves the
 * server as one update: what everyone sees in the board document, the times, the canteen
 * and the invitations in the masters document. A value is written only when it changed.
 */
export function applyChanges(docs: BoardDocs, changes: readonly Change[], origin: unknown = null): void {
	const maps = boardMaps(docs.board);
	const priv = mastersMaps(docs.masters);
	docs.masters.transact(() => {
		docs.board.transact(
			() =>
				write(
					{
						setTask: (task) => setTask(maps, priv, task),
						deleteTask: (taskId) => {
							maps.tasks.delete(taskId);
							maps.claims.delete(taskId);
							priv.claims.delete(taskId);
						},
						setMember: (member) => {
							const { times, rest } = splitMember(member);
							setIfChanged(maps.members, member.id, rest);
							setIfChanged(priv.attendance, member.id, times);
						},
						deleteMember: (memberId) => {
							maps.members.delete(memberId);
							priv.attendance.delete(memberId);
						},
						setMeta: (meta) => {
							const { canteenId, ...rest } = meta;
							setIfChanged(maps.meta, 'meal', rest as MealMeta);
							if (canteenId !== undefined) setIfChanged(priv.meal, 'private', { canteenId });
						},
						setPrompt: (prompt) => (prompt ? maps.prompt.set('current', prompt) : maps.prompt.delete('current')),
						setInvite: (invite) => priv.invites.set(invite.id, invite)
					},
					changes
				),
			origin
		);
	}, origin);
}

/** A member's times (masters document) and the rest (board document). */
export function splitMember(member: Member): { times: MemberTimes; rest: PublicMember } {
	const rest: Record<string, unknown> = {};
	const times: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(member)) {
		if ((TIME_KEYS as readonly string[]).includes(key)) times[key] = value;
		else rest[key] = value;
	}
	return { times: times as MemberTimes, rest: rest as PublicMember };
}

function setIfChanged<T>(map: Y.Map<T>, key: string, value: T): void {
	const stored = map.get(key);
	if (stored === undefined || !sameJson(stored, value)) map.set(key, value);
}

/** Writes only the parts of the task that changed: who holds it, their times, its other fields. */
function setTask(maps: ReturnType<typeof boardMaps>, priv: ReturnType<typeof mastersMaps>, task: Task): void {
	const { claims, ...rest } = task;
	const stored = maps.tasks.get(task.id);
	// An old-layout value (claims inside) is rewritten once, without them.
	if (!stored || stored.claims !== undefined || !sameJson(stored, rest)) maps.tasks.set(task.id, rest);
	setIfChanged(
		maps.claims,
		task.id,
		claims.map((c) => ({ memberId: c.memberId }))
	);
	setIfChanged(priv.claims, task.id, claims);
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
