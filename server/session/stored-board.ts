/**
 * How a meal's two Yjs documents (board-doc/doc.ts: the board everyone syncs, the masters
 * document only Canteen Masters receive) are kept in the one board log: each log entry and
 * each snapshot holds both documents' updates together, so a change that touches both is
 * stored, or lost, as one (an acknowledged change survives kill -9 whole).
 *
 * Entry layout: `0x00 0x00 'T' 0x02`, then the board update and the masters update, each
 * as a varuint length and its bytes. A Yjs update that starts with `0x00 0x00` is the empty
 * update and has exactly those two bytes, so a longer entry starting so is never an old one.
 *
 * Boards stored before (one document holding everything) are migrated when loaded: the
 * old document is read whole (`readBoard`) and written again into the two documents by
 * a fixed client id, so every load of the same stored bytes gives the very same Yjs
 * structures (entries stored after the migration apply on top of them whichever process
 * loads the board). The next compaction stores the new layout; until then the old entries
 * stay as they were.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { applyChanges, readBoard, type BoardDocs } from '../../src/lib/board-doc/doc.ts';
import type { BoardState, Change, Invite } from '../../src/lib/domain/types.ts';

const MAGIC = [0x00, 0x00, 0x54, 0x02] as const;
/** The Yjs client id the migration writes with: fixed, so the migration is the same everywhere. */
export const MIGRATION_CLIENT_ID = 1;

export interface DocUpdates {
	board: Uint8Array;
	masters: Uint8Array;
}

export function encodeStored(updates: DocUpdates): Uint8Array {
	const encoder = encoding.createEncoder();
	for (const byte of MAGIC) encoding.writeUint8(encoder, byte);
	encoding.writeVarUint8Array(encoder, updates.board);
	encoding.writeVarUint8Array(encoder, updates.masters);
	return encoding.toUint8Array(encoder);
}

/** The two updates of an entry in this layout; undefined for an entry stored before it. */
export function decodeStored(entry: Uint8Array): DocUpdates | undefined {
	if (entry.length <= MAGIC.length || MAGIC.some((byte, i) => entry[i] !== byte)) return undefined;
	const decoder = decoding.createDecoder(entry.subarray(MAGIC.length));
	return { board: decoding.readVarUint8Array(decoder), masters: decoding.readVarUint8Array(decoder) };
}

/** Both documents as one entry: a snapshot, or a new meal's first entry. */
export function snapshotOf(docs: BoardDocs): Uint8Array {
	return encodeStored({ board: Y.encodeStateAsUpdate(docs.board), masters: Y.encodeStateAsUpdate(docs.masters) });
}

/** A new meal's first log entry, from its first changes. */
export function firstEntry(changes: readonly Change[]): Uint8Array {
	const docs = { board: new Y.Doc(), masters: new Y.Doc() };
	applyChanges(docs, changes);
	const entry = snapshotOf(docs);
	docs.board.destroy();
	docs.masters.destroy();
	return entry;
}

/**
 * Both documents from what the log holds (snapshot first, then updates, in order). Old
 * entries come before new ones (a log is only ever written in the new layout once this
 * code runs); one after a new entry means two versions wrote the same meal: refused.
 */
export function docsFromEntries(entries: readonly Uint8Array[]): { docs: BoardDocs; migrated: boolean } {
	const legacy: Uint8Array[] = [];
	const boards: Uint8Array[] = [];
	const masters: Uint8Array[] = [];
	for (const entry of entries) {
		const parts = decodeStored(entry);
		if (!parts) {
			if (boards.length > 0) throw new Error('board log holds an old-layout entry after a new one');
			legacy.push(entry);
			continue;
		}
		boards.push(parts.board);
		masters.push(parts.masters);
	}
	if (legacy.length > 0) {
		const migrated = migrate(legacy);
		boards.unshift(migrated.board);
		masters.unshift(migrated.masters);
	}
	const docs = { board: new Y.Doc(), masters: new Y.Doc() };
	if (boards.length > 0) Y.applyUpdate(docs.board, Y.mergeUpdates(boards));
	if (masters.length > 0) Y.applyUpdate(docs.masters, Y.mergeUpdates(masters));
	return { docs, migrated: legacy.length > 0 };
}

/** An old one-document board, written again as the two documents' first updates. */
function migrate(legacy: readonly Uint8Array[]): DocUpdates {
	const old = new Y.Doc();
	Y.applyUpdate(old, Y.mergeUpdates([...legacy]));
	// The old layout kept every invitation in the one document, in a map `invites`.
	const state = { ...readBoard(old), invites: new Map(old.getMap<Invite>('invites').entries()) };
	old.destroy();
	const docs = { board: new Y.Doc(), masters: new Y.Doc() };
	docs.board.clientID = MIGRATION_CLIENT_ID;
	docs.masters.clientID = MIGRATION_CLIENT_ID;
	applyChanges(docs, changesOf(state));
	const updates = { board: Y.encodeStateAsUpdate(docs.board), masters: Y.encodeStateAsUpdate(docs.masters) };
	docs.board.destroy();
	docs.masters.destroy();
	return updates;
}

/** A whole board as the changes that write it, in a fixed order. */
function changesOf(state: BoardState): Change[] {
	return [
		...(state.meta ? [{ type: 'meta:set', meta: state.meta } as const] : []),
		...[...state.tasks.values()].map((task) => ({ type: 'task:set', task }) as const),
		...[...state.members.values()].map((member) => ({ type: 'member:set', member }) as const),
		...[...(state.invites?.values() ?? [])].map((invite) => ({ type: 'invite:set', invite }) as const),
		...(state.prompt ? [{ type: 'prompt:set', prompt: state.prompt } as const] : [])
	];
}
