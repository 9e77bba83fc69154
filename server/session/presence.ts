/**
 * "Connected now" for one meal: which members have at least one live connection. The
 * server knows this for certain from its connections, so clients send no presence of their
 * own. Changes go out as deltas (who came, who left), coalesced: at most one per
 * `intervalMs` however many phones come and go, and a phone that drops and comes back
 * within the window is no change at all. A newcomer is given the full list once
 * (`online()`); applying a delta it already knows of is harmless (joined/left are set
 * operations), so a delta racing the newcomer's full list needs no ordering.
 */
export interface PresenceDelta {
	joined: string[];
	left: string[];
}

/**
 * Presence shared by several instances (server/scale/presence.ts): each reports the
 * members it holds, and the store answers what changed for the meal as a whole, once.
 * Without one (one process), `MealPresence`'s own deltas are the meal's.
 */
export interface PresenceStore {
	/** How often `refresh` is due (a fraction of the lease that keeps an instance's members in). */
	readonly beatMs: number;
	/** This instance's members who came or left; answers who came or left the meal as a whole. */
	change(mealId: string, local: PresenceDelta): Promise<PresenceDelta>;
	/** A heartbeat: re-asserts this instance's members, drops those of instances gone quiet. */
	refresh(mealId: string, localOnline: string[]): Promise<PresenceDelta>;
	/** Every member connected to the meal, on any instance. */
	online(mealId: string): Promise<string[]>;
}

export const isEmptyDelta = (delta: PresenceDelta) => delta.joined.length === 0 && delta.left.length === 0;

export interface PresenceOptions {
	intervalMs: number;
	publish: (delta: PresenceDelta) => void;
}

export class MealPresence {
	#counts = new Map<string, number>();
	#joined = new Set<string>();
	#left = new Set<string>();
	#timer: ReturnType<typeof setTimeout> | undefined;
	#lastSent = 0;
	readonly #o: PresenceOptions;

	constructor(options: PresenceOptions) {
		this.#o = options;
	}

	connect(memberId: string): void {
		const n = this.#counts.get(memberId) ?? 0;
		this.#counts.set(memberId, n + 1);
		if (n > 0) return;
		if (!this.#left.delete(memberId)) this.#joined.add(memberId);
		this.#schedule();
	}

	disconnect(memberId: string): void {
		const n = this.#counts.get(memberId);
		if (!n) return;
		if (n > 1) return void this.#counts.set(memberId, n - 1);
		this.#counts.delete(memberId);
		if (!this.#joined.delete(memberId)) this.#left.add(memberId);
		this.#schedule();
	}

	online(): string[] {
		return [...this.#counts.keys()].sort();
	}

	close(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	#schedule(): void {
		if (this.#timer) return;
		const wait = Math.max(0, this.#o.intervalMs - (Date.now() - this.#lastSent));
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			if (this.#joined.size === 0 && this.#left.size === 0) return;
			this.#lastSent = Date.now();
			const delta = { joined: [...this.#joined].sort(), left: [...this.#left].sort() };
			this.#joined.clear();
			this.#left.clear();
			this.#o.publish(delta);
		}, wait);
		this.#timer.unref?.();
	}
}
