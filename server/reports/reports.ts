/**
 * Staff reports as the pages reach them (src/lib/server/services.ts): a canteen's figures
 * for its staff, the CSV export, and the administrators' network view. Each operation
 * checks who asks itself, as the other staff services do.
 */
import { localDate } from '../../src/lib/domain/local-time.ts';
import { canteenAccess, type SessionUser } from '../auth/sessions.ts';
import { loadCanteenFigures } from '../partners/figures.ts';
import type { Storage } from '../storage/storage.ts';
import { exportCsv } from './export.ts';
import { loadNetworkFigures } from './network.ts';

export type Reports = ReturnType<typeof createReports>;

export function createReports({
	storage,
	timeZone,
	now = Date.now
}: {
	storage: Pick<Storage, 'meals' | 'people' | 'surveys'>;
	timeZone: string;
	now?: () => number;
}) {
	return {
		/** Today's date in the canteens' time zone (the export form's defaults). */
		today: () => localDate({ at: now(), timeZone }),
		/** The canteen's figures as partners see them, survey included: staff of the canteen and administrators. */
		async canteenFigures(user: SessionUser, canteenId: string) {
			const access = await canteenAccess(storage, user, canteenId);
			if (!access.ok) return access;
			const counts = await loadCanteenFigures({ storage, canteenId, now: now(), timeZone });
			return counts ? { ok: true as const, counts } : { ok: false as const, reason: 'not_found' as const };
		},
		exportCsv: (user: SessionUser, query: Record<string, string>) => exportCsv({ storage, user, query }),
		/** Every canteen, side by side and over 12 weeks: administrators only. */
		async network(user: SessionUser) {
			if (user.role !== 'admin') return { ok: false as const, reason: 'forbidden' as const };
			return { ok: true as const, figures: await loadNetworkFigures({ storage, now: now(), timeZone }) };
		}
	};
}
