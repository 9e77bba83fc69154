/**
 * One clock for every countdown on the page (task timers): it moves four times a second
 * while at least one timer reads it and stops when none does, so a board without timers
 * keeps no interval. Components compute with `board.serverNow()`-style offsets on top.
 */
import { createSubscriber } from 'svelte/reactivity';

const TICK_MS = 250;

let interval: ReturnType<typeof setInterval> | undefined;

const subscribe = createSubscriber((update) => {
	interval = setInterval(update, TICK_MS);
	return () => {
		clearInterval(interval);
		interval = undefined;
	};
});

/** This device's `Date.now()`, read reactively: effects and deriveds reading it re-run each tick. */
export function tickingNow(): number {
	subscribe();
	return Date.now();
}
