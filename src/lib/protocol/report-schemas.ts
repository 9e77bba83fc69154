/**
 * Staff reports' inputs: the CSV export's query (`GET /staff/export`, docs/protocol.md).
 * A date range of at most 366 days, and one canteen or `all` (those the person runs).
 */
import * as v from 'valibot';

export const EXPORT_MAX_DAYS = 366;

const day = v.pipe(
	v.string('must be a date'),
	v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)'),
	v.check((s) => {
		const d = new Date(`${s}T00:00:00Z`);
		return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
	}, 'must be a real date')
);

const daysBetween = (from: string, to: string) =>
	(Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

export const exportQuery = v.pipe(
	v.strictObject({
		from: day,
		to: day,
		canteen: v.union(
			[v.literal('all'), v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/))],
			'canteen must be a canteen id or all'
		)
	}),
	v.check((q) => q.from <= q.to, 'from must not be after to'),
	v.check((q) => daysBetween(q.from, q.to) < EXPORT_MAX_DAYS, `at most ${EXPORT_MAX_DAYS} days`)
);
export type ExportQuery = v.InferOutput<typeof exportQuery>;
