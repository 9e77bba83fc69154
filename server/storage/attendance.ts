/**
 * Arrival and departure times per member and meal (issue #9, "Data kept"), kept beside the
 * board: the board's masters document is where they are first written (with the change
 * that made them, in the board log), and the session copies them here after each change to
 * a meal's members and when a board is loaded (repairing a copy a crash kept behind), like
 * the meal summary. Read by staff tools and, later, retention and partner figures, without
 * loading a board. A member removed from the board keeps their row: they came.
 */
export interface AttendanceRecord {
	mealId: string;
	memberId: string;
	arrivedAt: number;
	/** Absent while the member is still at the meal. */
	leftAt?: number;
}

export interface AttendanceRepository {
	/** Writes these members' times at the meal, replacing what was kept of them. */
	recordAttendance(mealId: string, rows: readonly Omit<AttendanceRecord, 'mealId'>[]): Promise<void>;
	/** The meal's members' times, by arrival, then member id. */
	listAttendance(mealId: string): Promise<AttendanceRecord[]>;
}

/** The `meal_attendance` row as both engines return it. */
export interface AttendanceRow {
	meal_id: string;
	member_id: string;
	arrived_at: number | string;
	left_at: number | string | null;
}

export function toAttendance(r: AttendanceRow): AttendanceRecord {
	return {
		mealId: r.meal_id,
		memberId: r.member_id,
		arrivedAt: Number(r.arrived_at),
		...(r.left_at !== null ? { leftAt: Number(r.left_at) } : {})
	};
}
