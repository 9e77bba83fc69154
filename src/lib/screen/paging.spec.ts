import { describe, expect, it } from 'vitest';
import { paginate, type Page } from './paging.ts';

const height = (page: Page, heights: number[], gap: number) =>
	page.map((column) => column.reduce((sum, i) => sum + heights[i]!, 0) + gap * Math.max(0, column.length - 1));

describe('paginate', () => {
	it('balances a few tasks over the columns of one page', () => {
		const heights = [100, 100, 100, 100, 100];
		expect(paginate({ heights, columnHeight: 1000, columns: 2, gap: 10 })).toEqual([
			[
				[0, 1, 2],
				[3, 4]
			]
		]);
	});

	it('keeps board order and fits every column, on as few pages as possible', () => {
		const heights = Array.from({ length: 30 }, (_, i) => 90 + ((i * 37) % 80));
		const pages = paginate({ heights, columnHeight: 500, columns: 2, gap: 12 });
		expect(pages.flat(2)).toEqual(heights.map((_, i) => i));
		for (const page of pages) {
			expect(page.length).toBeLessThanOrEqual(2);
			for (const h of height(page, heights, 12)) expect(h).toBeLessThanOrEqual(500);
		}
		// 30 items of ~130 px with gaps need 10 columns of 500 px: 5 pages, no fewer.
		const total = heights.reduce((a, b) => a + b, 0) + 12 * 29;
		expect(pages.length).toBe(Math.ceil(Math.ceil(total / 512) / 2));
	});

	it('spreads the load so that the last page is not a lonely leftover', () => {
		const heights = Array.from({ length: 9 }, () => 100);
		const pages = paginate({ heights, columnHeight: 440, columns: 2, gap: 10 });
		// 4 fit in a column, so 3 columns are needed: 2 pages, 3 columns of 3.
		expect(pages.map((page) => page.map((column) => column.length))).toEqual([[3, 3], [3]]);
	});

	it('gives an item taller than a column a column of its own', () => {
		expect(paginate({ heights: [50, 900, 50], columnHeight: 400, columns: 2, gap: 0 })).toEqual([[[0], [1]], [[2]]]);
	});

	it('draws one empty page for an empty board', () => {
		expect(paginate({ heights: [], columnHeight: 400, columns: 2, gap: 0 })).toEqual([[]]);
	});
});
