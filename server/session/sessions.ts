/**
 * The loaded meals of this process: a meal's session is loaded on demand (once, however
 * many callers ask at the same time), kept while a connection holds it, compacted and
 * unloaded after `idleMs` without one, and dropped without compaction when its meal is
 * deleted (a cancelled plan). Compaction is scheduled after a command, never run inside
 * it, so the phone that made the 200th change does not wait for it.
 */
import { mealSummary } from '../../src/lib/domain/plan-board.ts';
import type { Decision } from '../../src/lib/domain/result.ts';
import type { BoardState } from '../../src/lib/domain/types.ts';
import type { Logger } from '../log.ts';
import { settlesWithin } from '../within.ts';
import type { MealRepository } from '../storage/meals.ts';
import { MealSession, type SessionLog } from './meal-session.ts';
import type { PresenceStore } from './presence.ts';

export interface MealSessionsOptions {
	log: SessionLog;
	/** Where the summary meal lists show is kept (storage/meals.ts), so listing loads no board. */
	meals: Pick<MealRepository, 'updateSummary'>;
	logger: Logger;
	idleMs: number;
	presenceIntervalMs: number;
	/** Compact when this many updates follow the snapshot. */
	compactEvery?: number;
	/** How many times a command is decided again after losing a race for the log. */
	maxRetries?: number;
	/** Several instances: presence merged for each meal, refreshed by a heartbeat per loaded meal. */
	presenceStore?: PresenceStore;
}

export class MealSessions {
	#sessions = new Map<string, MealSession>();
	#loading = new Map<string, Promise<MealSession>>();
	#idle = new Map<MealSession, ReturnType<typeof setTimeout>>();
	#compacting = new Set<MealSession>();
	#heartbeat: ReturnType<typeof setInterval> | undefined;
	readonly #o: MealSessionsOptions;

	constructor(options: MealSessionsOptions) {
		this.#o = options;
		const store = options.presenceStore;
		if (store) {
			this.#heartbeat = setInterval(() => {
				for (const session of this.#sessions.values()) void session.refreshPresence();
			}, store.beatMs);
			this.#heartbeat.unref?.();
		}
	}

	get loaded(): number {
		return this.#sessions.size;
	}

	isLoaded(mealId: string): boolean {
		return this.#sessions.has(mealId);
	}

	/** The meal's session, loading it once however many callers ask at the same time. */
	async get(mealId: string): Promise<MealSession> {
		const session = this.#sessions.get(mealId) ?? (await this.#load(mealId));
		this.#touch(session);
		return session;
	}

	/** For a connection: the session stays loaded until `release`. */
	async retain(mealId: string): Promise<MealSession> {
		const session = await this.get(mealId);
		session.refs++;
		this.#touch(session);
		return session;
	}

	release(session: MealSession): void {
		session.refs = Math.max(0, session.refs - 1);
		if (this.#sessions.get(session.mealId) === session) this.#touch(session);
	}

	/** Reads the board as stored now. `fn` runs synchronously on the state in memory. */
	async read<T>(mealId: string, fn: (state: BoardState) => T): Promise<T> {
		return fn((await this.get(mealId)).state);
	}

	apply<R>(mealId: string, decideFn: (state: BoardState) => Decision<R>): Promise<Decision<R>> {
		return this.get(mealId).then((session) => session.apply(decideFn));
	}

	/**
	 * Runs `fn` on the current board inside the meal's queue; when it answers true (it
	 * deleted the meal from storage: a cancelled plan), the session is dropped without being
	 * compacted back and its subscribers let go. An operation already queued behind it finds
	 * an empty log (its append conflicts, the reload is empty) and is refused `not_found`.
	 */
	async discard(mealId: string, fn: (state: BoardState) => Promise<boolean>): Promise<boolean> {
		const session = await this.get(mealId);
		return session.exclusive(async () => {
			const gone = await fn(session.state);
			if (gone && this.#sessions.get(mealId) === session) this.#drop(session, 'discarded');
			return gone;
		});
	}

	/**
	 * Compacts and drops every session; used at shutdown. A compaction waits in its meal's
	 * queue behind the operations already there, and one of those may never settle (an
	 * append to a log that stopped answering): after `graceMs` the sessions are dropped
	 * uncompacted, which loses nothing (the log is complete without a snapshot).
	 */
	async closeAll({ graceMs = 2_000 }: { graceMs?: number } = {}): Promise<void> {
		clearInterval(this.#heartbeat);
		const settle = async () => {
			await Promise.allSettled([...this.#loading.values()]);
			const sessions = [...this.#sessions.values()];
			await Promise.allSettled(sessions.map((session) => this.#compact(() => session.compact(), session.mealId)));
		};
		if (!(await settlesWithin({ promise: settle(), ms: graceMs }))) {
			this.#o.logger.warn('sessions closed without compaction: a meal queue did not settle', { graceMs });
		}
		for (const session of [...this.#sessions.values()]) this.#drop(session, 'unloaded');
	}

	#load(mealId: string): Promise<MealSession> {
		let loading = this.#loading.get(mealId);
		if (loading) return loading;
		loading = MealSession.load({
			mealId,
			log: this.#o.log,
			presenceIntervalMs: this.#o.presenceIntervalMs,
			compactEvery: this.#o.compactEvery ?? 200,
			maxRetries: this.#o.maxRetries ?? 5,
			onCompactDue: (session) => this.#scheduleCompaction(session),
			onSummaryChanged: (session) => this.#storeSummary(session),
			logger: this.#o.logger.child({ mealId }),
			...(this.#o.presenceStore ? { presenceStore: this.#o.presenceStore } : {})
		})
			.then(async (session) => {
				// Repairs a summary a crash kept from following the board's last change.
				if (session.seq > 0) await this.#storeSummary(session);
				this.#sessions.set(mealId, session);
				this.#o.logger.debug('board loaded', { mealId, seq: session.seq });
				return session;
			})
			.finally(() => this.#loading.delete(mealId));
		this.#loading.set(mealId, loading);
		return loading;
	}

	/** The summary is a copy for lists: failing to write it fails no command (the next load repairs it). */
	async #storeSummary(session: MealSession): Promise<void> {
		try {
			await this.#o.meals.updateSummary(session.mealId, mealSummary(session.state));
		} catch (err) {
			this.#o.logger.warn('meal summary not stored', { mealId: session.mealId, error: String(err) });
		}
	}

	#scheduleCompaction(session: MealSession): void {
		if (this.#compacting.has(session)) return;
		this.#compacting.add(session);
		setImmediate(() => {
			void this.#compact(() => session.compact(), session.mealId).finally(() => this.#compacting.delete(session));
		});
	}

	async #compact(run: () => Promise<void>, mealId: string): Promise<void> {
		try {
			await run();
		} catch (err) {
			// The log is still complete without it.
			this.#o.logger.warn('compaction failed', { mealId, error: String(err) });
		}
	}

	#drop(session: MealSession, reason: 'unloaded' | 'discarded'): void {
		clearTimeout(this.#idle.get(session));
		this.#idle.delete(session);
		this.#sessions.delete(session.mealId);
		session.close(reason);
	}

	#touch(session: MealSession): void {
		clearTimeout(this.#idle.get(session));
		this.#idle.delete(session);
		if (session.refs > 0) return;
		const timer = setTimeout(() => {
			void session.exclusive(async () => {
				if (session.refs > 0 || this.#sessions.get(session.mealId) !== session) return;
				await this.#compact(() => session.compactInQueue(), session.mealId);
				this.#drop(session, 'unloaded');
				this.#o.logger.debug('board unloaded', { mealId: session.mealId });
			});
		}, this.#o.idleMs);
		timer.unref?.();
		this.#idle.set(session, timer);
	}
}
