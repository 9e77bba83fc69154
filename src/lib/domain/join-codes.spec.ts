import { describe, expect, it } from 'vitest';
import { joinCodeState, nextRotationAt, rotationDue } from './join-codes.ts';

const timing = { everyMs: 300_000, graceMs: 120_000 };

describe('rotating join codes', () => {
	it('keeps the current code valid, then a replaced one for the grace only', () => {
		expect(joinCodeState({ entry: {}, now: 10_000_000, timing })).toBe('current');
		const retiredAt = 1_000_000;
		expect(joinCodeState({ entry: { retiredAt }, now: retiredAt, timing })).toBe('grace');
		expect(joinCodeState({ entry: { retiredAt }, now: retiredAt + 119_999, timing })).toBe('grace');
		expect(joinCodeState({ entry: { retiredAt }, now: retiredAt + 120_000, timing })).toBe('expired');
	});

	it('replaces a code once it has been shown its time', () => {
		const current = { issuedAt: 1_000_000 };
		expect(rotationDue({ current, now: 1_299_999, timing })).toBe(false);
		expect(rotationDue({ current, now: 1_300_000, timing })).toBe(true);
		expect(nextRotationAt({ current, timing })).toBe(1_300_000);
	});
});
