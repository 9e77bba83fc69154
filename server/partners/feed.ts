/**
 * The partners' live feed: one anonymised Yjs document per canteen holding its figures
 * (src/lib/partners/figures.ts) and its name, nothing else: no member, no meal, no id.
 * It is kept current from the meal summaries: every time a board change rewrites a meal's
 * summary (a join, a check-in or out, a removal, a stage change) `mealChanged` recomputes
 * the figures of that meal's canteen, if anyone is watching it.
 *
 * Served read-only to standard Yjs clients through the y-websocket adapter
 * (`/yjs/partners/<canteenId>?key=<partner token>`): `source.open` checks the token like
 * the partner API does (scope, expiry, revocation), and a connection is closed when its
 * link is revoked or expires. A document lives while someone watches it.
 *
 * The document: map `figures` with one entry per figure (`presentNow`, `arrivalsToday`,
 * `servedThisWeek`, `servedThisMonth`, `visitsToday`, `ageMixToday`, `surveyThisMonth`,
 * each as in the JSON API) and `name`; a survey answer refreshes it too (app.ts). Only entries that changed are written, so an update is a few bytes.
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { ErrorCode } from '../../src/lib/protocol/errors.ts';
import type { Logger } from '../log.ts';
import type { MealRepository, Storage } from '../storage/storage.ts';
import { loadCanteenFigures } from './figures.ts';
import { partnerLinkFor } from './links.ts';

/** Structurally the adapter's `Subscriber` (server/realtime/yjs-ws.ts). */
export interface FeedSubscriber {
	send(message: { type: 'update'; frame: Uint8Array }): void;
	close(reason: 'unloaded' | 'revoked'): void;
}

/** Structurally the adapter's `ReadOnlyDoc`. */
export interface FeedDoc {
	syncStep2(stateVector: Uint8Array): Promise<Uint8Array>;
	subscribe(subscriber: FeedSubscriber): () => void;
}

export type FeedOpen = { ok: true; doc: FeedDoc; release: () => void } | { ok: false; code: ErrorCode };

interface Watched {
	doc: Y.Doc;
	subscribers: Map<FeedSubscriber, { linkId: string; timer?: ReturnType<typeof setTimeout> }>;
	/** Refreshes run one after another, so figures never go back in time. */
	queue: Promise<void>;
	ready: Promise<void>;
}

/** setTimeout's limit (about 24.8 days); a later expiry is checked again at the next connection. */
const MAX_TIMER = 2 ** 31 - 1;

export type PartnerFeed = ReturnType<typeof createPartnerFeed>;

export function createPartnerFeed({
	storage,
	timeZone,
	log,
	now = Date.now
}: {
	storage: Pick<Storage, 'meals' | 'people' | 'partners' | 'surveys'>;
	timeZone: string;
	log: Logger;
	now?: () => number;
}) {
	const watched = new Map<string, Watched>();

	function refresh(canteenId: string, w: Watched): Promise<void> {
		w.queue = w.queue.then(async () => {
			try {
				const counts = await loadCanteenFigures({ storage, canteenId, now: now(), timeZone });
				if (!counts) return;
				const map = w.doc.getMap<unknown>('figures');
				w.doc.transact(() => {
					const entries: [string, unknown][] = [['name', counts.name], ...Object.entries(counts.figures)];
					for (const [key, value] of entries)
						if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) map.set(key, value);
				});
			} catch (error) {
				// A missed refresh is repaired by the next one; the feed never fails a command.
				log.warn('partner feed not refreshed', { canteenId, error: String(error) });
			}
		});
		return w.queue;
	}

	function watch(canteenId: string): Watched {
		let w = watched.get(canteenId);
		if (w) return w;
		const doc = new Y.Doc();
		const created: Watched = { doc, subscribers: new Map(), queue: Promise.resolve(), ready: Promise.resolve() };
		doc.on('update', (update: Uint8Array) => {
			const encoder = encoding.createEncoder();
			syncProtocol.writeUpdate(encoder, update);
			const frame = encoding.toUint8Array(encoder);
			for (const subscriber of created.subscribers.keys()) subscriber.send({ type: 'update', frame });
		});
		created.ready = refresh(canteenId, created);
		watched.set(canteenId, (w = created));
		return w;
	}

	function unwatchIfIdle(canteenId: string, w: Watched) {
		if (w.subscribers.size > 0 || watched.get(canteenId) !== w) return;
		watched.delete(canteenId);
		w.doc.destroy();
	}

	return {
		/** After a meal's summary was written: its canteen's watchers see the new counts. */
		async mealChanged(mealId: string): Promise<void> {
			if (watched.size === 0) return;
			const meal = await storage.meals.getMeal(mealId);
			const w = meal && watched.get(meal.canteenId);
			if (w) await refresh(meal.canteenId, w);
		},

		/** Another instance changed this canteen's counts (canteen-bus.ts): its watchers see them. */
		async canteenChanged(canteenId: string): Promise<void> {
			const w = watched.get(canteenId);
			if (w) await refresh(canteenId, w);
		},

		/** Closes every connection opened with this link (it was just revoked). */
		linkRevoked(linkId: string): void {
			for (const w of watched.values())
				for (const [subscriber, entry] of [...w.subscribers]) if (entry.linkId === linkId) subscriber.close('revoked');
		},

		/** The adapter's document source for `/yjs/partners/<canteenId>?key=<token>`. */
		source: {
			async open({ id, query }: { id: string; query: URLSearchParams }): Promise<FeedOpen> {
				const found = await partnerLinkFor({ storage, token: query.get('key') ?? undefined, now: now() });
				if (!found.ok) return { ok: false, code: 'unauthorized' };
				if (!found.link.canteenIds.includes(id)) return { ok: false, code: 'forbidden' };
				const link = found.link;
				const w = watch(id);
				await w.ready;
				const doc: FeedDoc = {
					async syncStep2(stateVector) {
						const encoder = encoding.createEncoder();
						syncProtocol.writeSyncStep2(encoder, w.doc, stateVector);
						return encoding.toUint8Array(encoder);
					},
					subscribe(subscriber) {
						const entry: { linkId: string; timer?: ReturnType<typeof setTimeout> } = { linkId: link.id };
						if (link.expiresAt !== undefined) {
							entry.timer = setTimeout(() => subscriber.close('revoked'), Math.min(MAX_TIMER, link.expiresAt - now()));
							entry.timer.unref?.();
						}
						w.subscribers.set(subscriber, entry);
						return () => {
							clearTimeout(entry.timer);
							w.subscribers.delete(subscriber);
						};
					}
				};
				return { ok: true, doc, release: () => unwatchIfIdle(id, w) };
			}
		},

		/** The current document of a watched canteen (tests read it to scan for names). */
		documentOf(canteenId: string): Y.Doc | undefined {
			return watched.get(canteenId)?.doc;
		},

		close(): void {
			for (const [id, w] of watched) {
				for (const subscriber of [...w.subscribers.keys()]) subscriber.close('unloaded');
				w.doc.destroy();
				watched.delete(id);
			}
		}
	};
}

/**
 * The meals repository, telling `changed` after each summary it wrote: how the feed hears
 * of attendance changes without the meal session knowing partners exist.
 */
export function notifyingSummaries(meals: MealRepository, changed: (mealId: string) => void): MealRepository {
	const updateSummary: MealRepository['updateSummary'] = async (mealId, summary) => {
		await meals.updateSummary(mealId, summary);
		changed(mealId);
	};
	// A proxy rather than a spread: a repository may be a class instance (methods on its prototype).
	return new Proxy(meals, {
		get(target, key) {
			if (key === 'updateSummary') return updateSummary;
			const value: unknown = Reflect.get(target, key, target);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}
