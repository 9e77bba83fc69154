/**
 * One meal's board in memory: its Yjs document, the sequence of the last stored update,
 * and a queue so operations on the meal run one at a time. The document only ever holds
 * what is stored, or a change about to be stored; if storing fails the room is reloaded.
 */
import * as Y from 'yjs';
import type { AckCache } from './ack-cache.ts';

export class Room {
	readonly mealId: string;
	doc: Y.Doc;
	seq: number;
	snapshotSeq: number;
	/** Open sockets on this meal in this process. */
	refs = 0;
	idleTimer: ReturnType<typeof setTimeout> | undefined;
	readonly acks: AckCache;
	#tail: Promise<unknown> = Promise.resolve();

	constructor(init: { mealId: string; doc: Y.Doc; seq: number; snapshotSeq: number; acks: AckCache }) {
		this.mealId = init.mealId;
		this.doc = init.doc;
		this.seq = init.seq;
		this.snapshotSeq = init.snapshotSeq;
		this.acks = init.acks;
	}

	/** Runs `fn` after every earlier operation on this meal has finished. */
	exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
		const run = this.#tail.then(fn, fn);
		this.#tail = run.catch(() => undefined);
		return run;
	}
}
