/**
 * `GET /staff/export?from=YYYY-MM-DD&to=YYYY-MM-DD&canteen=<id>|all`: attendance and
 * survey aggregates as CSV (server/reports/export.ts). Signed-in staff only (hooks), for
 * the canteens they run; an administrator for all.
 */
import { requireUser } from '$lib/server/guards.ts';
import { getServices } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	const user = requireUser(locals);
	// The first value of each parameter; anything unexpected is refused by the schema.
	const query: Record<string, string> = {};
	for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
	const answer = await getServices().reports.exportCsv(user, query);
	if (!answer.ok) {
		return new Response(JSON.stringify({ error: answer.code, ...(answer.issues ? { issues: answer.issues } : {}) }), {
			status: answer.status,
			headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
		});
	}
	return new Response(answer.csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${answer.filename}"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
