/**
 * The PostgreSQL schema: the same tables and column types as SQLite's
 * (sqlite/migrations.ts; flags as 0/1, so both share their row mappers) but for the board log, which lives in Redis when PostgreSQL does (server/storage/redis/). One
 * migration per step, counted in `schema_migrations`; never edited once shipped. An
 * advisory lock lets several instances start at once: one migrates, the others wait.
 */
import type { Database } from './db.ts';

export const MIGRATIONS: string[] = [
	`create table canteens (
		id text primary key,
		name text not null,
		created_at bigint not null
	);
	create table meals (
		id text primary key,
		canteen_id text not null references canteens(id),
		join_code text not null unique,
		master_key_hash text not null,
		screen_key_hash text not null,
		created_at bigint not null,
		-- The summary lists show, kept current by the server (MealRepository.updateSummary).
		title text not null default '',
		date text not null default '',
		time text not null default '',
		status text not null default 'planned',
		plan text,
		joined integer not null default 0,
		checked_in integer not null default 0
	);
	create index meals_by_canteen on meals(canteen_id);
	create index meals_by_canteen_date on meals(canteen_id, date);
	create table members (
		id text primary key,
		meal_id text not null references meals(id),
		token_hash text not null unique,
		created_at bigint not null,
		device_hash text
	);
	create index members_by_meal on members(meal_id);
	create index members_by_device on members(device_hash);
	create table users (
		id text primary key,
		email text not null unique,
		display_name text not null,
		password_hash text not null,
		role text not null check (role in ('admin', 'staff')),
		created_at bigint not null
	);
	create table sessions (
		id text primary key,
		user_id text not null references users(id) on delete cascade,
		created_at bigint not null,
		expires_at bigint not null,
		last_seen_at bigint not null
	);
	create index sessions_by_user on sessions(user_id);
	create table canteen_memberships (
		user_id text not null references users(id) on delete cascade,
		canteen_id text not null references canteens(id),
		primary key (user_id, canteen_id)
	);
	create table invitations (
		token_hash text primary key,
		canteen_id text not null references canteens(id),
		role text not null check (role in ('admin', 'staff')),
		created_by text not null references users(id),
		created_at bigint not null,
		expires_at bigint not null,
		used_at bigint
	);
	create table setup_token (
		only_one integer primary key check (only_one = 1),
		token_hash text not null
	);
	create table prompt_uses (
		id bigint generated always as identity primary key,
		canteen_id text not null references canteens(id),
		prompt_id text not null,
		meal_id text not null references meals(id),
		used_at bigint not null,
		audience text not null
	);
	create index prompt_uses_by_canteen on prompt_uses(canteen_id, used_at);
	create table bans (
		id text primary key,
		canteen_id text not null references canteens(id),
		device_hash text not null,
		name text not null,
		by_meal text not null,
		at bigint not null
	);
	create index bans_by_device on bans(canteen_id, device_hash);
	create table refused_words (
		canteen_id text primary key references canteens(id),
		words text not null
	);
	create table canteen_prompts (
		id text primary key,
		canteen_id text not null references canteens(id),
		text_fr text not null,
		text_en text not null,
		category text not null,
		phases text not null,
		keywords text not null,
		created_by text not null,
		created_at bigint not null,
		archived integer not null default 0 check (archived in (0, 1))
	);
	create index canteen_prompts_by_canteen on canteen_prompts(canteen_id, created_at);
	create table screen_links (
		key_hash text primary key,
		meal_id text not null references meals(id),
		created_at bigint not null
	);
	create index screen_links_by_meal on screen_links(meal_id);
	create table profiles (
		canteen_id text not null references canteens(id),
		key text not null,
		data text not null,
		updated_at bigint not null,
		primary key (canteen_id, key)
	);
	create table introductions (
		id bigint generated always as identity primary key,
		canteen_id text not null references canteens(id),
		a_key text not null,
		b_key text not null,
		meal_id text not null references meals(id),
		at bigint not null
	);
	create index introductions_by_canteen on introductions(canteen_id, at);
	create table task_templates (
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
		started_at bigint not null
	);
	create table meal_series (
		id text primary key,
		canteen_id text not null references canteens(id),
		rule text not null,
		defaults text not null,
		paused integer not null check (paused in (0, 1)),
		created_by text not null,
		created_at bigint not null
	);
	create index meal_series_by_canteen on meal_series(canteen_id);
	create table series_dates (
		series_id text not null references meal_series(id) on delete cascade,
		date text not null,
		meal_id text references meals(id),
		claimed_at bigint not null,
		-- 1 once the meal was cancelled (deleted): the date stays claimed, never retaken.
		cancelled integer not null default 0 check (cancelled in (0, 1)),
		primary key (series_id, date)
	);`,
	// Partner links (../partners.ts) and rotated join codes (../meals.ts), as SQLite's last
	// two migrations: a meal's first code stays on meals, each later one is a row here.
	`create table partner_links (
		id text primary key,
		token_hash text not null unique,
		label text not null,
		created_by text not null,
		created_at bigint not null,
		expires_at bigint,
		revoked_at bigint
	);
	create table partner_link_canteens (
		link_id text not null references partner_links(id) on delete cascade,
		canteen_id text not null references canteens(id) on delete cascade,
		primary key (link_id, canteen_id)
	);
	create index partner_link_canteens_by_canteen on partner_link_canteens(canteen_id);
	create table join_codes (
		code text primary key,
		meal_id text not null references meals(id),
		issued_at bigint not null,
		retired_at bigint
	);
	create index join_codes_by_meal on join_codes(meal_id, issued_at);`,
	// End-of-meal survey answers (../surveys.ts), as SQLite's survey_answers.
	`create table survey_answers (
		meal_id text not null references meals(id) on delete cascade,
		respondent_key text not null,
		canteen_id text not null references canteens(id),
		date text not null,
		community text,
		reached_out text,
		primary key (meal_id, respondent_key)
	);
	create index survey_answers_by_canteen_date on survey_answers(canteen_id, date);`,
	// Partner webhooks and their deliveries; meals erased by the retention job (as SQLite's).
	`create table webhooks (
		id text primary key,
		link_id text not null references partner_links(id) on delete cascade,
		url text not null,
		secret text not null,
		created_by text not null,
		created_at bigint not null
	);
	create index webhooks_by_link on webhooks(link_id);
	create table webhook_deliveries (
		id text primary key,
		webhook_id text not null references webhooks(id) on delete cascade,
		event text not null,
		body text not null,
		status text not null check (status in ('pending', 'delivered', 'failed')),
		attempts integer not null,
		next_attempt_at bigint not null,
		created_at bigint not null,
		last_status integer,
		last_error text
	);
	create index webhook_deliveries_due on webhook_deliveries(status, next_attempt_at);
	create index webhook_deliveries_by_webhook on webhook_deliveries(webhook_id, created_at);
	create table meal_erasures (
		meal_id text primary key references meals(id),
		erased_at bigint not null
	);`,
	// Arrival and departure per member and meal (../attendance.ts).
	`create table meal_attendance (
		meal_id text not null references meals(id) on delete cascade,
		member_id text not null,
		arrived_at bigint not null,
		left_at bigint,
		primary key (meal_id, member_id)
	);`,
	// The kitchen-screen key of the plan page (see the SQLite migration of the same name).
	`create table screen_keys (
		meal_id text primary key references meals(id) on delete cascade,
		key text not null,
		issued_at bigint not null
	);`,
	// A meal's English title (MealSummary.titleEn), beside the French one.
	`alter table meals add column title_en text;`
];

/** An arbitrary constant naming Tablée's migration lock. */
const MIGRATION_LOCK = 7_428_531;

export async function migrate(db: Database) {
	for (let i = 0; i < MIGRATIONS.length; i++) {
		await db.transaction(async (tx) => {
			await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
			await tx.query(
				'create table if not exists schema_migrations (version integer primary key, applied_at bigint not null)'
			);
			const done = await tx.query('select 1 from schema_migrations where version = $1', [i + 1]);
			if (done.rowCount > 0) return;
			await tx.query(MIGRATIONS[i]!);
			await tx.query('insert into schema_migrations (version, applied_at) values ($1, $2)', [i + 1, Date.now()]);
		}, 'read committed');
	}
}
