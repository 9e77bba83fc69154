/**
 * Everything Tablée keeps: one narrow board log (the part several processes serving a
 * meal must share) and a small repository per concern. Built in one place
 * (`openSqliteStorage`, sqlite.ts) and handed to the modules that need it; a module
 * names the parts it uses (`Pick<Storage, 'meals' | 'planning'>`), so its dependencies
 * read from its signature.
 *
 * Every implementation passes the same contract suites: tests/storage/contract/.
 */
import type { AccountRepository } from './accounts.ts';
import type { AttendanceRepository } from './attendance.ts';
import type { PartHealth } from './availability.ts';
import type { BoardLog } from './board-log.ts';
import type { MealRepository } from './meals.ts';
import type { ModerationRepository } from './moderation.ts';
import type { PartnerRepository } from './partners.ts';
import type { PeopleRepository } from './people.ts';
import type { PlanningRepository } from './planning.ts';
import type { PromptRepository } from './prompts.ts';
import type { SurveyRepository } from './surveys.ts';
import type { WebhookRepository } from './webhooks.ts';
import type { PrivacyRepository } from './privacy.ts';

export type * from './accounts.ts';
export type * from './attendance.ts';
export type { PartHealth, StoragePart } from './availability.ts';
export type * from './board-log.ts';
export type * from './meals.ts';
export type * from './moderation.ts';
export type * from './partners.ts';
export type * from './people.ts';
export type * from './planning.ts';
export type * from './prompts.ts';
export type * from './surveys.ts';
export type * from './webhooks.ts';
export type * from './privacy.ts';

export interface Storage {
	/** Names the engine, for the health answer (`/api/health`). */
	readonly kind: string;
	boardLog: BoardLog;
	accounts: AccountRepository;
	meals: MealRepository;
	moderation: ModerationRepository;
	prompts: PromptRepository;
	people: PeopleRepository;
	planning: PlanningRepository;
	partners: PartnerRepository;
	/** The end-of-meal survey's answers (issue #9). */
	surveys: SurveyRepository;
	/** Partner webhooks and their deliveries (webhooks.ts). */
	webhooks: WebhookRepository;
	/** Erasure: retention and self-erasure (privacy.ts). */
	privacy: PrivacyRepository;
	attendance: AttendanceRepository;
	/**
	 * Asks each part (SQLite's file; Redis and PostgreSQL) whether it answers now, each
	 * within a second, for /readyz. Never throws. (SQLite's disk writes are probed apart,
	 * by the data directory's own connection: ops/maintenance.ts.)
	 */
	ping(): Promise<PartHealth[]>;
	close(): Promise<void>;
}
