import { describe, expect, it } from 'vitest';
import { eurosInput, parseEuros } from './euros.ts';

describe('parseEuros', () => {
	it('reads a decimal comma or dot, one or two decimals, spaces and a euro sign', () => {
		expect(parseEuros('3,50')).toBe(350);
		expect(parseEuros('3.50')).toBe(350);
		expect(parseEuros('3,5')).toBe(350);
		expect(parseEuros('3')).toBe(300);
		expect(parseEuros('0')).toBe(0);
		expect(parseEuros(' 4,05 € ')).toBe(405);
		expect(parseEuros('€4.05')).toBe(405);
		expect(parseEuros('3,50\u00a0€')).toBe(350);
		expect(parseEuros('1 250')).toBe(125_000);
	});

	it('refuses what is not an amount rather than guessing', () => {
		for (const bad of ['', ' ', 'abc', '-3', '3,505', '3,', ',5', '3.5.0', '12345', '3 euros', '1e3', '0x10', '３'])
			expect(parseEuros(bad), bad).toBeUndefined();
	});
});

describe('eurosInput', () => {
	it('writes cents back as a field value in the locale’s way', () => {
		expect(eurosInput({ cents: 350, locale: 'fr' })).toBe('3,50');
		expect(eurosInput({ cents: 350, locale: 'en' })).toBe('3.50');
		expect(eurosInput({ cents: 5, locale: 'fr' })).toBe('0,05');
		expect(parseEuros(eurosInput({ cents: 1234, locale: 'fr' }))).toBe(1234);
	});
});
