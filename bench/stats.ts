/** Small numeric helpers for the benchmark: nearest-rank percentiles and rounding. */

export interface Summary {
	n: number;
	mean: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(values: readonly number[]): Summary {
	const sorted = [...values].sort((a, b) => a - b);
	const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
	return {
		n: sorted.length,
		mean: round(mean),
		p50: round(percentile(sorted, 50)),
		p95: round(percentile(sorted, 95)),
		p99: round(percentile(sorted, 99)),
		max: round(sorted.at(-1) ?? NaN)
	};
}

export function round(value: number, digits = 3): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

export function median(values: readonly number[]): number {
	return percentile(
		[...values].sort((a, b) => a - b),
		50
	);
}
