/**
 * Remembers the answer to recent commands by (actor, cid), so a phone that lost the ack
 * and sends the same command again gets the same answer instead of a second effect.
 * Bounded: the oldest answers are forgotten first. Per session, in front of the answers
 * shared in Redis when several instances serve the meal (server/scale/answers.ts).
 */
export class AckCache<T = unknown> {
	#entries = new Map<string, T>();
	readonly #max: number;

	constructor(max = 512) {
		this.#max = max;
	}

	get(key: string): T | undefined {
		return this.#entries.get(key);
	}

	delete(key: string): void {
		this.#entries.delete(key);
	}

	set(key: string, value: T): void {
		this.#entries.delete(key);
		this.#entries.set(key, value);
		if (this.#entries.size > this.#max) {
			const oldest = this.#entries.keys().next().value;
			if (oldest !== undefined) this.#entries.delete(oldest);
		}
	}
}
