/**
 * The answers to commands sent with a `cid`, shared by every instance (the retry cache).
 * A phone that lost an ack reconnects, maybe to another instance, and sends the same
 * command again: it must get the first answer, and the command must not run twice.
 *
 * `SET NX EX` claims (actor, command, cid) for one run before it starts; whoever finds it
 * taken waits for the answer stored there (the first run may still be going). A run that
 * fails without an answer (storage down) lets the claim go, so a retry tries again; a
 * claim whose instance died before answering ends with its expiry.
 */
import { guardRedis, type RedisConnection } from '../storage/redis/connection.ts';
import { redisKey } from '../storage/redis/keys.ts';

export type Claim<A> = { mine: true } | { mine: false; answer: A } | { mine: false; busy: true };

export interface AnswerStore<A = unknown> {
	/** Claims the run for this instance, or gives the answer of the run that has it. */
	claim(mealId: string, key: string): Promise<Claim<A>>;
	/** Stores the answer of a claimed run (before the phone hears it). */
	settle(mealId: string, key: string, answer: A): Promise<void>;
	/** A claimed run ended without an answer: a retry may run it. */
	release(mealId: string, key: string): Promise<void>;
}

const PENDING = 'pending';

export function redisAnswers<A>({
	client,
	prefix,
	keepMs = 10 * 60_000,
	claimMs = 30_000,
	waitMs = 8_000,
	pollMs = 50,
	deadlineMs
}: {
	client: RedisConnection;
	prefix: string;
	/** How long an answer is kept for a retry. */
	keepMs?: number;
	/** How long a run may hold its claim without answering (its instance may have died). */
	claimMs?: number;
	/** How long a retry waits for a run still going elsewhere before answering busy (under the phone's 10 s). */
	waitMs?: number;
	pollMs?: number;
	/** How long one Redis operation may take before the command is refused (saving_paused). */
	deadlineMs?: number;
}): AnswerStore<A> {
	const keyOf = (mealId: string, key: string) => redisKey({ prefix, key: { kind: 'ack', mealId, key } });
	// Bounded like the board log's commands: Redis away answers saving_paused, never a hang.
	const guard = guardRedis(client, { deadlineMs });
	return {
		async claim(mealId, key) {
			const k = keyOf(mealId, key);
			if (
				(await guard.run(() =>
					client.set(k, PENDING, {
						condition: 'NX',
						expiration: { type: 'EX', value: Math.ceil(claimMs / 1000) }
					})
				)) === 'OK'
			) {
				return { mine: true };
			}
			const until = Date.now() + waitMs;
			for (;;) {
				const stored = await guard.run(() => client.get(k));
				// Expired, or let go by a failed run: this retry runs it.
				if (stored === null) return this.claim(mealId, key);
				if (stored !== PENDING) return { mine: false, answer: JSON.parse(stored) as A };
				if (Date.now() >= until) return { mine: false, busy: true };
				await new Promise((resolve) => setTimeout(resolve, pollMs));
			}
		},
		async settle(mealId, key, answer) {
			await guard.run(() =>
				client.set(keyOf(mealId, key), JSON.stringify(answer), {
					expiration: { type: 'EX', value: Math.ceil(keepMs / 1000) }
				})
			);
		},
		async release(mealId, key) {
			await guard.run(() => client.del(keyOf(mealId, key)));
		}
	};
}
