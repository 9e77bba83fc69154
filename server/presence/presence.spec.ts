import { afterEach, describe, expect, it, vi } from 'vitest';
import { PresenceTracker } from './presence.ts';

describe('presence', () => {
	afterEach(() => vi.useRealTimers());

	it('coalesces a burst of arrivals into one frame with everyone', () => {
		vi.useFakeTimers();
		const frames: string[][] = [];
		const p = new PresenceTracker({ intervalMs: 250, publish: (_meal, online) => frames.push(online) });
		for (const id of ['c', 'a', 'b']) p.connect('meal', id);
		vi.advanceTimersByTime(250);
		expect(frames).toEqual([['a', 'b', 'c']]);
	});

	it('sends at most one frame per interval however many changes', () => {
		vi.useFakeTimers();
		const frames: string[][] = [];
		const p = new PresenceTracker({ intervalMs: 250, publish: (_meal, online) => frames.push(online) });
		for (let i = 0; i < 100; i++) {
			p.connect('meal', `m${i % 7}`);
			p.disconnect('meal', `m${i % 7}`);
			vi.advanceTimersByTime(10);
		}
		// 1 s of churn at 250 ms: four or five frames, not two hundred.
		vi.advanceTimersByTime(250);
		expect(frames.length).toBeLessThanOrEqual(5);
		expect(frames.at(-1)).toEqual([]);
	});

	it('counts several tabs of one member as one, until the last closes', () => {
		vi.useFakeTimers();
		const p = new PresenceTracker({ intervalMs: 50, publish: () => {} });
		p.connect('meal', 'a');
		p.connect('meal', 'a');
		p.disconnect('meal', 'a');
		expect(p.online('meal')).toEqual(['a']);
		p.disconnect('meal', 'a');
		expect(p.online('meal')).toEqual([]);
	});

	it('sends nothing when nothing changed for the meal', () => {
		vi.useFakeTimers();
		const publish = vi.fn();
		const p = new PresenceTracker({ intervalMs: 50, publish });
		p.connect('meal', 'a');
		p.connect('meal', 'a');
		vi.advanceTimersByTime(200);
		expect(publish).toHaveBeenCalledTimes(1);
	});
});
