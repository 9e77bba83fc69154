import { afterEach, describe, expect, it, vi } from 'vitest';
import { MealPresence, type PresenceDelta } from './presence.ts';

function tracker(intervalMs = 250) {
	const deltas: PresenceDelta[] = [];
	const presence = new MealPresence({ intervalMs, publish: (d) => deltas.push(d) });
	return { presence, deltas };
}

describe('presence', () => {
	afterEach(() => vi.useRealTimers());

	it('coalesces a burst of arrivals into one delta', () => {
		vi.useFakeTimers();
		const { presence, deltas } = tracker();
		for (const id of ['c', 'a', 'b']) presence.connect(id);
		vi.advanceTimersByTime(250);
		expect(deltas).toEqual([{ joined: ['a', 'b', 'c'], left: [] }]);
		expect(presence.online()).toEqual(['a', 'b', 'c']);
	});

	it('sends at most one delta per interval however many changes, and nothing for a phone that came back', () => {
		vi.useFakeTimers();
		const { presence, deltas } = tracker();
		presence.connect('stays');
		vi.advanceTimersByTime(250);
		for (let i = 0; i < 100; i++) {
			presence.connect(`m${i % 7}`);
			presence.disconnect(`m${i % 7}`);
			presence.disconnect('stays');
			presence.connect('stays');
			vi.advanceTimersByTime(10);
		}
		vi.advanceTimersByTime(250);
		// 1 s of churn that ends where it started: no delta but the first.
		expect(deltas).toEqual([{ joined: ['stays'], left: [] }]);
	});

	it('tells who left, and folds an arrival and departure within one window', () => {
		vi.useFakeTimers();
		const { presence, deltas } = tracker();
		presence.connect('a');
		presence.connect('b');
		vi.advanceTimersByTime(250);
		presence.disconnect('a');
		presence.connect('c');
		presence.connect('d');
		presence.disconnect('d');
		vi.advanceTimersByTime(250);
		expect(deltas.at(-1)).toEqual({ joined: ['c'], left: ['a'] });
	});

	it('counts several tabs of one member as one, until the last closes', () => {
		vi.useFakeTimers();
		const { presence } = tracker(50);
		presence.connect('a');
		presence.connect('a');
		presence.disconnect('a');
		expect(presence.online()).toEqual(['a']);
		presence.disconnect('a');
		expect(presence.online()).toEqual([]);
	});

	it('sends nothing when nothing changed', () => {
		vi.useFakeTimers();
		const publish = vi.fn();
		const presence = new MealPresence({ intervalMs: 50, publish });
		presence.connect('a');
		presence.connect('a');
		vi.advanceTimersByTime(200);
		expect(publish).toHaveBeenCalledTimes(1);
	});
});
