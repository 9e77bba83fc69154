/**
 * Token buckets: `burst` actions at once, refilled at `perSecond`. Process-local by
 * design: they protect this process from a flood, they are not a quota.
 */
export class TokenBucket {
	#tokens: number;
	#at: number;
	constructor(
		readonly burst: number,
		readonly perSecond: number
	) {
		this.#tokens = burst;
		this.#at = Date.now();
	}

	take(): boolean {
		const now = Date.now();
		this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#at) / 1000) * this.perSecond);
		this.#at = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}
}

/** One bucket per key (an IP address), forgetting keys idle long enough to be full again. */
export class KeyedLimiter {
	#buckets = new Map<string, TokenBucket>();
	constructor(
		readonly burst: number,
		readonly perSecond: number
	) {}

	take(key: string): boolean {
		let bucket = this.#buckets.get(key);
		if (!bucket) {
			if (this.#buckets.size > 10_000) this.#buckets.clear();
			this.#buckets.set(key, (bucket = new TokenBucket(this.burst, this.perSecond)));
		}
		return bucket.take();
	}
}
