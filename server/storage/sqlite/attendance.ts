/** Arrival and departure times in SQLite: one row per member and meal (../attendance.ts). */
import type Database from 'better-sqlite3';
import { toAttendance, type AttendanceRepository, type AttendanceRow } from '../attendance.ts';

export function sqliteAttendance(db: Database.Database): AttendanceRepository {
	const q = {
		upsert: db.prepare(
			`insert into meal_attendance (meal_id, member_id, arrived_at, left_at) values (?, ?, ?, ?)
			 on conflict (meal_id, member_id) do update set arrived_at = excluded.arrived_at, left_at = excluded.left_at`
		),
		list: db.prepare<[string], AttendanceRow>(
			'select * from meal_attendance where meal_id = ? order by arrived_at, member_id'
		)
	};
	const record = db.transaction((mealId: string, rows: Parameters<AttendanceRepository['recordAttendance']>[1]) => {
		for (const r of rows) q.upsert.run(mealId, r.memberId, r.arrivedAt, r.leftAt ?? null);
	});
	return {
		async recordAttendance(mealId, rows) {
			record(mealId, rows);
		},
		async listAttendance(mealId) {
			return q.list.all(mealId).map(toAttendance);
		}
	};
}
