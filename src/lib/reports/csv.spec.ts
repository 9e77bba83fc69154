import { describe, expect, it } from 'vitest';
import { csvCell, parseCsv, toCsv } from './csv.ts';

describe('csv', () => {
	it('defuses formulas: = + - @ tab and carriage return get an apostrophe', () => {
		for (const s of ['=1+1', '+33 6', '-2', '@SUM(A1)', '\tx', '\rx'])
			expect(csvCell(s).replace(/^"|"$/g, '').startsWith(`'`), s).toBe(true);
		expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
		expect(csvCell('Cantine du Canal')).toBe('Cantine du Canal');
		expect(csvCell(12)).toBe('12');
		expect(csvCell(undefined)).toBe('');
	});

	it('quotes commas, quotes and line breaks, and reads back what it wrote', () => {
		const rows = [
			['a,b', 'say "hi"', 'two\r\nlines', '=cmd', ''],
			['x', '1', ' padded ', '-', '@']
		];
		const text = toCsv(rows);
		expect(text.endsWith('\r\n')).toBe(true);
		expect(parseCsv(text)).toEqual([
			['a,b', 'say "hi"', 'two\r\nlines', `'=cmd`, ''],
			['x', '1', ' padded ', `'-`, `'@`]
		]);
	});
});
