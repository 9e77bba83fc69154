/** Arrival and departure times in PostgreSQL, the same table as SQLite's (../sqlite/attendance.ts). */
import { toAttendance, type AttendanceRepository, type AttendanceRow } from '../attendance.ts';
import type { Database } from './db.ts';

export function postgresAttendance(db: Database): AttendanceRepository {
	return {
		async recordAttendance(mealId, rows) {
			if (rows.length === 0) return;
			// One statement for all of them: a meal's members are at most a few hundred.
			const values: unknown[] = [];
			const tuples = rows.map((r, i) => {
				values.push(mealId, r.memberId, r.arrivedAt, r.leftAt ?? null);
				return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
			});
			await db.query(
				`insert into meal_attendance (meal_id, member_id, arrived_at, left_at) values ${tuples.join(', ')}
				 on conflict (meal_id, member_id) do update set arrived_at = excluded.arrived_at, left_at = excluded.left_at`,
				values
			);
		},
		async listAttendance(mealId) {
			const found = await db.query<AttendanceRow>(
				'select * from meal_attendance where meal_id = $1 order by arrived_at, member_id',
				[mealId]
			);
			return found.rows.map(toAttendance);
		}
	};
}
