/**
 * The kitchen screen's pages: tasks of measured heights laid out in columns that fit the
 * screen, in board order, as few pages as possible, columns as even as possible. Pure, so
 * the layout is unit-tested; the screen measures the cards and draws the page it is on.
 */

/** A page is its columns; a column is the indices of the items it holds, in order. */
export type Page = number[][];

export interface PaginateInput {
	/** Each item's height, in the order the board lists them. */
	heights: readonly number[];
	/** The height a column may fill. */
	columnHeight: number;
	/** Columns side by side on a page. */
	columns: number;
	/** Space between two items of a column. */
	gap: number;
}

/** How many columns a greedy fill with this cap needs (greedy is optimal for ordered items). */
function columnsNeeded({ heights, cap, gap }: { heights: readonly number[]; cap: number; gap: number }): number {
	let count = heights.length > 0 ? 1 : 0;
	let used = 0;
	for (const h of heights) {
		const next = used === 0 ? h : used + gap + h;
		if (next <= cap || used === 0) used = next;
		else {
			count++;
			used = h;
		}
	}
	return count;
}

function fill({ heights, cap, gap }: { heights: readonly number[]; cap: number; gap: number }): number[][] {
	const out: number[][] = [];
	let used = 0;
	heights.forEach((h, i) => {
		const current = out.at(-1);
		if (current && current.length > 0 && used + gap + h <= cap) {
			current.push(i);
			used += gap + h;
		} else {
			out.push([i]);
			used = h;
		}
	});
	return out;
}

/**
 * Splits the items into pages. The number of pages is the least that holds everything;
 * then the columns of all pages share the items so that the tallest is as short as it can
 * be (a binary search on the cap), so a short last page does not sit beside crammed ones.
 * An item taller than a column gets a column to itself (the card clips its own overflow).
 */
export function paginate({ heights, columnHeight, columns, gap }: PaginateInput): Page[] {
	if (heights.length === 0) return [[]];
	const perPage = Math.max(1, Math.floor(columns));
	const needed = columnsNeeded({ heights, cap: columnHeight, gap });
	const pages = Math.ceil(needed / perPage);
	const slots = pages * perPage;
	// The smallest cap that still fits in `slots` columns, to the pixel.
	let low = Math.max(...heights);
	let high = Math.max(low, columnHeight);
	while (high - low > 0.5) {
		const mid = (low + high) / 2;
		if (columnsNeeded({ heights, cap: mid, gap }) <= slots) high = mid;
		else low = mid;
	}
	const filled = fill({ heights, cap: high, gap });
	// Every page gets about the same share of columns: the first pages are not the full ones.
	const out: Page[] = [];
	const perPageUsed = Math.ceil(filled.length / pages);
	for (let p = 0; p < pages; p++) out.push(filled.slice(p * perPageUsed, (p + 1) * perPageUsed));
	return out.filter((page) => page.length > 0);
}
