/**
 * The SQLite schema, one migration per step, applied in order and counted in
 * `user_version`. A migration is never edited once shipped: a change is a new step.
 */
import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import { readBoard } from '../../../src/lib/board-doc/doc.ts';
import { mealSummary } from '../../../src/lib/domain/plan-board.ts';
import { summaryParams } from './meals.ts';

/** SQL, or a step that needs code (reading each board once). */
type Migration = string | ((db: Database.Database) => void);

export const MIGRATIONS: Migration[] = [
	`create table canteens (
		id text primary key,
		name text not null,
		created_at integer not null
	);
	create table meals (
		id text primary key,
		canteen_id text not null references canteens(id),
		join_code text not null unique,
		master_key_hash text not null,
		screen_key_hash text not null,
		created_at integer not null
	);
	create index meals_by_canteen on meals(canteen_id);
	create table members (
		id text primary key,
		meal_id text not null references meals(id),
		token_hash text not null unique,
		created_at integer not null
	);
	create table board_snapshots (
		meal_id text primary key,
		seq integer not null,
		data blob not null
	);
	create table board_updates (
		meal_id text not null,
		seq integer not null,
		data blob not null,
		primary key (meal_id, seq)
	) without rowid;`,
	// Staff accounts (issue: real staff accounts replace the secret link).
	`create table users (
		id text primary key,
		email text not null unique,
		display_name text not null,
		password_hash text not null,
		role text not null check (role in ('admin', 'staff')),
		created_at integer not null
	);
	create table sessions (
		id text primary key,
		user_id text not null references users(id) on delete cascade,
		created_at integer not null,
		expires_at integer not null,
		last_seen_at integer not null
	);
	create index sessions_by_user on sessions(user_id);
	create table canteen_memberships (
		user_id text not null references users(id) on delete cascade,
		canteen_id text not null references canteens(id),
		primary key (user_id, canteen_id)
	) without rowid;
	create table invitations (
		token_hash text primary key,
		canteen_id text not null references canteens(id),
		role text not null check (role in ('admin', 'staff')),
		created_by text not null references users(id),
		created_at integer not null,
		expires_at integer not null,
		used_at integer
	);
	create table setup_token (
		only_one integer primary key check (only_one = 1),
		token_hash text not null
	);`,
	// Live icebreakers: which prompt each canteen pushed, when, to whom (freshness of suggestions).
	`create table prompt_uses (
		id integer primary key autoincrement,
		canteen_id text not null references canteens(id),
		prompt_id text not null,
		meal_id text not null references meals(id),
		used_at integer not null,
		audience text not null
	);
	create index prompt_uses_by_canteen on prompt_uses(canteen_id, used_at);`,
	// Moderation: the phone's device hash, devices blocked per canteen, refused words.
	`alter table members add column device_hash text;
	create table bans (
		id text primary key,
		canteen_id text not null references canteens(id),
		device_hash text not null,
		name text not null,
		by_meal text not null,
		at integer not null
	);
	create index bans_by_device on bans(canteen_id, device_hash);
	create table refused_words (
		canteen_id text primary key references canteens(id),
		words text not null
	);`,
	// A canteen's own prompts, and kitchen-screen links issued to signed-in Canteen Masters.
	`create table canteen_prompts (
		id text primary key,
		canteen_id text not null references canteens(id),
		text_fr text not null,
		text_en text not null,
		category text not null,
		phases text not null,
		keywords text not null,
		created_by text not null,
		created_at integer not null,
		archived integer not null default 0 check (archived in (0, 1))
	);
	create index canteen_prompts_by_canteen on canteen_prompts(canteen_id, created_at);
	create table screen_links (
		key_hash text primary key,
		meal_id text not null references meals(id),
		created_at integer not null
	);
	create index screen_links_by_meal on screen_links(meal_id);`,
	// People: what members chose to share per canteen, introductions done, visits by device.
	`create table profiles (
		canteen_id text not null references canteens(id),
		key text not null,
		data text not null,
		updated_at integer not null,
		primary key (canteen_id, key)
	) without rowid;
	create table introductions (
		id integer primary key autoincrement,
		canteen_id text not null references canteens(id),
		a_key text not null,
		b_key text not null,
		meal_id text not null references meals(id),
		at integer not null
	);
	create index introductions_by_canteen on introductions(canteen_id, at);
	create index members_by_device on members(device_hash);`,
	// Planning: task templates per canteen, recurring series and the dates they claimed
	// (sqlite/planning.ts). The primary key of series_dates is what makes "one meal per
	// series date" hold across processes.
	`create table task_templates (
		id text primary key,
		canteen_id text not null references canteens(id),
		kind text not null,
		title_fr text not null,
		title_en text not null,
		slots integer not null,
		phase text not null check (phase in ('before', 'during', 'after')),
		icon text not null,
		position integer not null
	);
	create index task_templates_by_canteen on task_templates(canteen_id);
	create table template_sets (
		canteen_id text primary key references canteens(id),
		started_at integer not null
	);
	create table meal_series (
		id text primary key,
		canteen_id text not null references canteens(id),
		rule text not null,
		defaults text not null,
		paused integer not null check (paused in (0, 1)),
		created_by text not null,
		created_at integer not null
	);
	create index meal_series_by_canteen on meal_series(canteen_id);
	create table series_dates (
		series_id text not null references meal_series(id) on delete cascade,
		date text not null,
		meal_id text references meals(id),
		claimed_at integer not null,
		-- 1 once the meal was cancelled (deleted): the date stays claimed, never retaken.
		cancelled integer not null default 0 check (cancelled in (0, 1)),
		primary key (series_id, date)
	) without rowid;`,
	// A meal's summary beside its record, so lists never load a board: columns, then each
	// stored board read once to fill them (the server keeps them current from then on).
	(db) => {
		db.exec(`alter table meals add column title text not null default '';
			alter table meals add column date text not null default '';
			alter table meals add column time text not null default '';
			alter table meals add column status text not null default 'planned';
			alter table meals add column plan text;
			alter table meals add column joined integer not null default 0;
			alter table meals add column checked_in integer not null default 0;
			create index meals_by_canteen_date on meals(canteen_id, date);`);
		const ids = db.prepare<[], { id: string }>('select id from meals').all();
		const snapshot = db.prepare<[string], { seq: number; data: Buffer }>(
			'select seq, data from board_snapshots where meal_id = ?'
		);
		const updates = db.prepare<[string, number], { data: Buffer }>(
			'select data from board_updates where meal_id = ? and seq > ? order by seq'
		);
		const update = db.prepare(
			`update meals set title = @title, date = @date, time = @time, status = @status, plan = @plan,
			 joined = @joined, checked_in = @checkedIn where id = @id`
		);
		for (const { id } of ids) {
			const snap = snapshot.get(id);
			const doc = new Y.Doc();
			const parts = [...(snap ? [snap.data] : []), ...updates.all(id, snap?.seq ?? 0).map((r) => r.data)];
			if (parts.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(parts.map((p) => new Uint8Array(p))));
			// title_en comes in a later migration: this one writes the columns of its time.
			const { titleEn: _later, ...summary } = summaryParams(mealSummary(readBoard(doc)));
			update.run({ id, ...summary });
			doc.destroy();
		}
	},
	// Partner links (server/storage/partners.ts): a token hash, a label, an optional expiry,
	// and the canteens each one opens.
	`create table partner_links (
		id text primary key,
		token_hash text not null unique,
		label text not null,
		created_by text not null,
		created_at integer not null,
		expires_at integer,
		revoked_at integer
	);
	create table partner_link_canteens (
		link_id text not null references partner_links(id) on delete cascade,
		canteen_id text not null references canteens(id) on delete cascade,
		primary key (link_id, canteen_id)
	) without rowid;
	create index partner_link_canteens_by_canteen on partner_link_canteens(canteen_id);`,
	// Rotating join codes (meals.ts): the first code stays on meals; each later one is a row,
	// the code its key, so no two meals share one.
	`create table join_codes (
		code text primary key,
		meal_id text not null references meals(id),
		issued_at integer not null,
		retired_at integer
	) without rowid;
	create index join_codes_by_meal on join_codes(meal_id, issued_at);`,
	// End-of-meal survey answers (surveys.ts): one row per meal and respondent key (a hash
	// that names nobody), the canteen and date copied so reports never load a meal.
	`create table survey_answers (
		meal_id text not null references meals(id) on delete cascade,
		respondent_key text not null,
		canteen_id text not null references canteens(id),
		date text not null,
		community text,
		reached_out text,
		primary key (meal_id, respondent_key)
	) without rowid;
	create index survey_answers_by_canteen_date on survey_answers(canteen_id, date);`,
	// Partner webhooks and their deliveries (webhooks.ts); meals whose names were erased
	// by the retention job (privacy.ts).
	`create table webhooks (
		id text primary key,
		link_id text not null references partner_links(id) on delete cascade,
		url text not null,
		secret text not null,
		created_by text not null,
		created_at integer not null
	);
	create index webhooks_by_link on webhooks(link_id);
	create table webhook_deliveries (
		id text primary key,
		webhook_id text not null references webhooks(id) on delete cascade,
		event text not null,
		body text not null,
		status text not null check (status in ('pending', 'delivered', 'failed')),
		attempts integer not null,
		next_attempt_at integer not null,
		created_at integer not null,
		last_status integer,
		last_error text
	);
	create index webhook_deliveries_due on webhook_deliveries(status, next_attempt_at);
	create index webhook_deliveries_by_webhook on webhook_deliveries(webhook_id, created_at);
	create table meal_erasures (
		meal_id text primary key references meals(id),
		erased_at integer not null
	) without rowid;`,
	// Arrival and departure per member and meal (attendance.ts), copied from the board's
	// masters document by the session.
	`create table meal_attendance (
		meal_id text not null references meals(id) on delete cascade,
		member_id text not null,
		arrived_at integer not null,
		left_at integer,
		primary key (meal_id, member_id)
	) without rowid;`,
	// The kitchen-screen key of the plan page (meals.ts setScreenKey), kept so staff of the
	// canteen can see the link again; re-issuing replaces it (and the meal's screen_key_hash).
	`create table screen_keys (
		meal_id text primary key references meals(id) on delete cascade,
		key text not null,
		issued_at integer not null
	) without rowid;`,
	// A meal's English title (MealSummary.titleEn), beside the French one.
	`alter table meals add column title_en text;`
];

export function migrate(db: Database.Database) {
	const version = db.pragma('user_version', { simple: true }) as number;
	for (let i = version; i < MIGRATIONS.length; i++) {
		db.transaction(() => {
			const step = MIGRATIONS[i]!;
			if (typeof step === 'string') db.exec(step);
			else step(db);
			db.pragma(`user_version = ${i + 1}`);
		})();
	}
}
