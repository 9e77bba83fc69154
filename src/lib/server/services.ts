/**
 * How SvelteKit's server code reaches the store and the account operations. The
 * composition root (server/app.ts) builds them and calls `setServices` before serving;
 * pages and hooks call `getServices`. It lives on a `globalThis` symbol because the
 * SvelteKit code runs from a separate bundle (build/handler.js, or Vite's module graph in
 * dev) with its own copy of this module: the process is the one thing both share.
 * Consequence: one Tablée serving pages per process (the last one started wins).
 */
import type { Accounts } from '../../../server/auth/accounts.ts';
import type { SeriesService } from '../../../server/planning/series.ts';
import type { TemplateService } from '../../../server/planning/templates.ts';
import type { Storage } from '../../../server/storage/storage.ts';
import type { CanteenPrompts } from '../../../server/prompts/canteen-prompts.ts';
import type { Planning } from '../../../server/planning/meals.ts';
import type { PartnerLinks } from '../../../server/partners/links.ts';
import type { Reports } from '../../../server/reports/reports.ts';
import type { PartnerWebhooks } from '../../../server/partners/webhooks.ts';
import type { Team } from '../../../server/auth/team.ts';
import type { ScreenKeys } from '../../../server/planning/screen-key.ts';

export interface Services {
	storage: Storage;
	accounts: Accounts;
	/** A canteen's own prompts (the staff prompts page). */
	canteenPrompts: CanteenPrompts;
	/** Task templates per canteen (server/planning/templates.ts). */
	templates: TemplateService;
	/** Recurring meals and their top-up (server/planning/series.ts). */
	series: SeriesService;
	/** Planning meals: create, change the plan, cancel (server/planning/meals.ts). */
	planning: Planning;
	/** Read-only links for partners (server/partners/links.ts). */
	partnerLinks: PartnerLinks;
	/** A canteen's figures for staff, the CSV export, the network view (server/reports/reports.ts). */
	reports: Reports;
	/** Partner webhooks and their deliveries (server/partners/webhooks.ts). */
	partnerWebhooks: PartnerWebhooks;
	/** A canteen's team: who has access, removal (server/auth/team.ts). */
	team: Team;
	/** The plan page's kitchen-screen link, shown again and re-issued (server/planning/screen-key.ts). */
	screenKeys: ScreenKeys;
}

const KEY = Symbol.for('tablee.services');
type Holder = { [KEY]?: Services };

export function setServices(services: Services | undefined): void {
	(globalThis as Holder)[KEY] = services;
}

export function getServices(): Services {
	const services = (globalThis as Holder)[KEY];
	if (!services) throw new Error('Tablée services are not set: start the app through server/app.ts');
	return services;
}

/** For the composition root: clear the registry only if it still holds these services. */
export function clearServices(services: Services): void {
	if ((globalThis as Holder)[KEY] === services) setServices(undefined);
}
