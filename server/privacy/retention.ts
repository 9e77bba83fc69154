/**
 * The retention job (docs/privacy.md): a meal's names are kept for `days` after its date,
 * then taken off its board (every member becomes "a neighbour", the log compacted so the
 * names are in no stored update), and what members shared with a canteen (profiles) and
 * the introductions recorded are deleted once they are that old. Counts stay: the meals'
 * summary columns (joined, checked in), the member records (token and device hashes, no
 * name) that tell first-time from returning, so partner figures are the same afterwards.
 *
 * Runs at start and every `everyMs`; idempotent (an erased meal is marked and not looked
 * at again; erasing an erased board changes nothing). With several instances each runs
 * it; a meal's changes go through its session's queue and the log's compare-and-append,
 * so two runs at once erase it once.
 */
import { localDate } from '../../src/lib/domain/local-time.ts';
import type { Logger } from '../log.ts';
import { eraseMealNames } from '../realtime/erasure.ts';
import type { MealSessions } from '../session/sessions.ts';
import type { Storage } from '../storage/storage.ts';

export const DAY_MS = 86_400_000;
export const DEFAULT_RETENTION_DAYS = 30;
const BATCH = 50;

export interface RetentionRun {
	meals: number;
	members: number;
	profiles: number;
	introductions: number;
}

export type Retention = ReturnType<typeof createRetention>;

export function createRetention({
	storage,
	sessions,
	log,
	days = DEFAULT_RETENTION_DAYS,
	timeZone,
	everyMs = 6 * 3_600_000,
	now = Date.now
}: {
	storage: Pick<Storage, 'privacy'>;
	sessions: MealSessions;
	log: Logger;
	days?: number;
	timeZone: string;
	everyMs?: number;
	now?: () => number;
}) {
	let timer: ReturnType<typeof setInterval> | undefined;
	let running: Promise<RetentionRun> | undefined;

	async function runOnce(): Promise<RetentionRun> {
		const cutoff = now() - days * DAY_MS;
		// Meals dated strictly before the cutoff's local date: `days` full days have passed.
		const beforeDate = localDate({ at: cutoff, timeZone });
		const done: RetentionRun = { meals: 0, members: 0, profiles: 0, introductions: 0 };
		for (;;) {
			const batch = await storage.privacy.mealsToErase(beforeDate, BATCH);
			for (const meal of batch) {
				done.members += await eraseMealNames(sessions, meal.id);
				await storage.privacy.markMealErased(meal.id, now());
				done.meals++;
			}
			if (batch.length < BATCH) break;
		}
		done.profiles = await storage.privacy.deleteProfilesBefore({ at: cutoff, sinceDate: beforeDate });
		done.introductions = await storage.privacy.deleteIntroductionsBefore(cutoff);
		if (done.meals + done.profiles + done.introductions > 0) log.info('retention: names erased', { days, ...done });
		return done;
	}

	return {
		/** One run; a call during a run gets that run's answer. */
		run(): Promise<RetentionRun> {
			running ??= runOnce().finally(() => (running = undefined));
			return running;
		},
		start() {
			const tick = () => void this.run().catch((error) => log.error('retention run failed', { error: String(error) }));
			tick();
			timer = setInterval(tick, everyMs);
			timer.unref?.();
		},
		async stop() {
			clearInterval(timer);
			await running?.catch(() => undefined);
		}
	};
}
