/**
 * Where a member's offline taps wait (see domain/outbox.ts): IndexedDB, which survives a
 * reload, a restored tab and a phone put to sleep, and which the page can write while the
 * service worker answers offline. A few lines over the raw API rather than a library; where
 * IndexedDB is missing or refused (a private window, Node), the queue lives in memory and
 * only lasts as long as the page.
 */
import type { QueuedCommand } from '../domain/outbox.ts';

const DB_NAME = 'tablee';
const STORE = 'outbox';

export interface OutboxStore {
	/** This meal's queue, oldest first. */
	list(mealId: string): Promise<QueuedCommand[]>;
	put(entry: QueuedCommand): Promise<void>;
	remove(cid: string): Promise<void>;
}

let opened: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
	opened ??= new Promise<IDBDatabase>((resolve, reject) => {
		const request = indexedDB.open(DB_NAME, 1);
		request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'cid' });
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error ?? new Error('indexedDB'));
		request.onblocked = () => reject(new Error('indexedDB blocked'));
	}).catch((error: unknown) => {
		opened = undefined;
		throw error;
	});
	return opened;
}

/** One request in its own transaction, resolved when the transaction is committed. */
async function run<T>(mode: IDBTransactionMode, make: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
	const db = await open();
	return new Promise<T>((resolve, reject) => {
		const tx = db.transaction(STORE, mode);
		const request = make(tx.objectStore(STORE));
		tx.oncomplete = () => resolve(request.result);
		tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('indexedDB'));
	});
}

const indexedStore: OutboxStore = {
	async list(mealId) {
		const all = await run('readonly', (store) => store.getAll() as IDBRequest<QueuedCommand[]>);
		return all.filter((entry) => entry.mealId === mealId).sort((a, b) => a.queuedAt - b.queuedAt);
	},
	async put(entry) {
		await run('readwrite', (store) => store.put(entry));
	},
	async remove(cid) {
		await run('readwrite', (store) => store.delete(cid));
	}
};

/** The same contract in memory: a page without IndexedDB still queues until it is closed. */
export function memoryStore(): OutboxStore {
	const entries = new Map<string, QueuedCommand>();
	return {
		list: async (mealId) =>
			[...entries.values()].filter((e) => e.mealId === mealId).sort((a, b) => a.queuedAt - b.queuedAt),
		put: async (entry) => void entries.set(entry.cid, entry),
		remove: async (cid) => void entries.delete(cid)
	};
}

/** IndexedDB when it opens, memory otherwise (decided once, at the first use). */
export function outboxStore(): OutboxStore {
	if (typeof indexedDB === 'undefined') return memoryStore();
	const fallback = memoryStore();
	let usable: Promise<boolean> | undefined;
	const pick = async () =>
		(await (usable ??= open().then(
			() => true,
			() => false
		)))
			? indexedStore
			: fallback;
	return {
		list: async (mealId) => (await pick()).list(mealId),
		put: async (entry) => (await pick()).put(entry),
		remove: async (cid) => (await pick()).remove(cid)
	};
}
