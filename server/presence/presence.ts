/**
 * "Connected now": which members have at least one live socket on a meal. The server
 * knows this for certain from its sockets, so clients send no presence of their own and
 * nobody's heartbeat is relayed. Changes are coalesced: a meal's presence goes out at
 * most once per `intervalMs`, as the full sorted list, however many phones come and go.
 */
export interface PresenceOptions {
	intervalMs: number;
	publish: (mealId: string, online: string[]) => void;
}

export class PresenceTracker {
	#counts = new Map<string, Map<string, number>>();
	#pending = new Map<string, ReturnType<typeof setTimeout>>();
	#lastSent = new Map<string, number>();
	readonly #o: PresenceOptions;

	constructor(options: PresenceOptions) {
		this.#o = options;
	}

	connect(mealId: string, memberId: string): void {
		let meal = this.#counts.get(mealId);
		if (!meal) this.#counts.set(mealId, (meal = new Map()));
		const n = meal.get(memberId) ?? 0;
		meal.set(memberId, n + 1);
		if (n === 0) this.#schedule(mealId);
	}

	disconnect(mealId: string, memberId: string): void {
		const meal = this.#counts.get(mealId);
		const n = meal?.get(memberId);
		if (!meal || !n) return;
		if (n > 1) return void meal.set(memberId, n - 1);
		meal.delete(memberId);
		this.#schedule(mealId);
	}

	online(mealId: string): string[] {
		return [...(this.#counts.get(mealId)?.keys() ?? [])].sort();
	}

	close(): void {
		for (const t of this.#pending.values()) clearTimeout(t);
		this.#pending.clear();
	}

	#schedule(mealId: string): void {
		if (this.#pending.has(mealId)) return;
		const since = Date.now() - (this.#lastSent.get(mealId) ?? 0);
		const wait = Math.max(0, this.#o.intervalMs - since);
		const timer = setTimeout(() => {
			this.#pending.delete(mealId);
			this.#lastSent.set(mealId, Date.now());
			const online = this.online(mealId);
			if (online.length === 0) {
				this.#counts.delete(mealId);
				// Forget the meal only once a whole interval has passed empty: forgetting at
				// once would let a phone flapping on bad Wi-Fi bypass the throttle.
				const forget = setTimeout(() => {
					if (!this.#counts.has(mealId) && !this.#pending.has(mealId)) this.#lastSent.delete(mealId);
				}, this.#o.intervalMs);
				forget.unref?.();
			}
			this.#o.publish(mealId, online);
		}, wait);
		timer.unref?.();
		this.#pending.set(mealId, timer);
	}
}
