/**
 * Start-up shared by `npm start` (main.ts) and `npm run dev` (dev.ts): validated config,
 * the data directory checked and locked (ops/), the embedded storage, the demo on first
 * start, the links to print, graceful shutdown.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { createTablee, type RequestHandler, type Tablee } from './app.ts';
import type { Config } from './config.ts';
import { createLogger } from './log.ts';
import { createMetrics } from './ops/metrics.ts';
import { openDataDir } from './ops/data-dir.ts';
import { LINKS_FILE } from './ops/installation.ts';
import { openFailure } from './ops/maintenance.ts';
import { StartupError } from './ops/startup-error.ts';
import { DEMO_CANTEEN_ID, seedDemo } from './seed/demo.ts';
import { openStorage } from './storage/open.ts';
import { openShared } from './scale/open.ts';
import { redisCanteenBus } from './partners/canteen-bus.ts';
import type { Storage } from './storage/storage.ts';

const linksSchema = v.object({ master: v.string(), screen: v.string(), join: v.string(), code: v.string() });
type Links = v.InferOutput<typeof linksSchema>;

export async function boot(config: Config, appHandler: RequestHandler | undefined): Promise<Tablee> {
	const log = createLogger(config.logLevel);
	const metrics = createMetrics({ processMetrics: true });
	// The embedded database's directory is checked and locked (ops/). With Redis and
	// PostgreSQL there is no local database to guard, and several instances are the design.
	const dataDir = config.scale
		? undefined
		: openDataDir({ dataDir: config.dataDir, log, checkpointEveryMs: config.checkpointEveryMs });
	// links.json lives there in both modes.
	mkdirSync(config.dataDir, { recursive: true });
	const linksFile = join(config.dataDir, LINKS_FILE);
	let storage: Storage;
	try {
		storage = await openStorage({ config, log, observer: metrics.storage });
	} catch (error) {
		dataDir?.close();
		throw dataDir ? openFailure(join(config.dataDir, 'tablee.db'), error) : error;
	}
	dataDir?.started();
	// Read before anything is written, so a damaged file stops the start with its name.
	const savedLinks = readLinks(linksFile);

	if (config.seed === 'demo' && (await needsDemo(storage, savedLinks))) {
		const demo = await seedDemo(storage);
		// Secrets are stored hashed; this file (readable by the operator only) is how the
		// operator finds the demo links again after a restart.
		const paths = {
			master: `/master/${demo.meal.id}#key=${demo.masterKey}`,
			screen: `/screen/${demo.meal.id}#key=${demo.screenKey}`,
			join: `/j/${demo.meal.joinCode}`,
			code: demo.meal.joinCode
		};
		// Written whole then renamed, so a crash never leaves half a file behind.
		writeFileSync(`${linksFile}.tmp`, JSON.stringify(paths, null, '\t'), { mode: 0o600 });
		chmodSync(`${linksFile}.tmp`, 0o600);
		renameSync(`${linksFile}.tmp`, linksFile);
		log.info('demo canteen created', { mealId: demo.meal.id });
	}

	// Several instances share the adapter, presence, answers and limits through Redis.
	const shared = await openShared({ config, log });
	// Several instances: partners watching a canteen on one hear of changes made on another.
	const canteenBus = config.scale
		? await redisCanteenBus({
				url: config.scale.redisUrl,
				prefix: config.scale.redisPrefix,
				onError: (error) => log.warn('canteen bus', { error: String(error) })
			})
		: undefined;
	const tablee = createTablee({
		storage,
		shared,
		canteenBus,
		log,
		appHandler,
		roomIdleMs: config.roomIdleMs,
		timeZone: config.timeZone,
		retention: { days: config.retentionDays },
		webhooks: { allowLocal: config.webhooks.allowLocal, retry: { baseDelayMs: config.webhooks.retryBaseMs } },
		maintenance: dataDir?.maintenance,
		metrics,
		metricsToken: config.metricsToken,
		drain: { maxMs: config.drainMs },
		limits: { trustProxy: config.trustProxy, joins: { membersPerNetwork: config.membersPerNetwork } }
	});
	// Before listening: a SIGTERM that comes as soon as the banner shows still closes cleanly.
	let stopping = false;
	// SIGTERM (a supervisor, a rolling restart): drain first, clients reconnect elsewhere.
	// SIGINT (Ctrl-C at a terminal): close at once.
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info(`${signal}: ${signal === 'SIGTERM' ? 'draining, then closing' : 'closing'}`);
		// Every step of stopping is bounded (the drain by TABLEE_DRAIN_MS, storage by its
		// deadline); this is the last resort if one is not, so a supervisor always sees the
		// process go. Twice the drain: the drain, then the commands still under way.
		const lastResort = setTimeout(
			() => {
				log.error('stopping took too long: exiting without a clean close');
				process.exit(1);
			},
			2 * config.drainMs + 15_000
		);
		lastResort.unref();
		(signal === 'SIGTERM' ? tablee.shutdown() : tablee.close())
			.then(() => dataDir?.close())
			.then(
				() => process.exit(0),
				(error) => {
					log.error('close failed', { error: String(error) });
					process.exit(1);
				}
			);
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
	const { url } = await tablee.listen(config.port, config.host);
	const base = config.publicUrl ?? url;
	log.info(
		`Tablée is listening on ${url} (${config.scale ? 'boards in Redis, records in PostgreSQL' : `data in ${config.dataDir}`})`
	);
	const links = readLinks(linksFile);
	if (links) printLinks(base, links);
	// Until the first administrator exists, every start prints a fresh one-time link; the
	// token is in the fragment, so it never reaches an access log.
	const setupToken = await tablee.accounts.startSetup();
	if (setupToken) {
		console.log(
			[
				'',
				'  Tablée — first run: create the administrator account (this link works once)',
				`  ${base}/setup#token=${setupToken}`,
				''
			].join('\n')
		);
	}

	return tablee;
}

/**
 * A fresh installation gets the demo. So does one whose only canteen is the demo but whose
 * links were never saved (a start that died in between): its keys are unknowable, so a new
 * demo meal is made rather than leaving the operator with no way in.
 */
async function needsDemo(storage: Storage, links: Links | undefined): Promise<boolean> {
	const canteens = await storage.meals.listCanteens();
	if (canteens.length === 0) return true;
	return !links && canteens.length === 1 && canteens[0]!.id === DEMO_CANTEEN_ID;
}

function readLinks(file: string): Links | undefined {
	if (!existsSync(file)) return undefined;
	let parsed;
	try {
		parsed = v.safeParse(linksSchema, JSON.parse(readFileSync(file, 'utf8')));
	} catch (error) {
		parsed = { success: false as const, issues: [{ message: error instanceof Error ? error.message : String(error) }] };
	}
	if (parsed.success) return parsed.output;
	throw new StartupError(
		file,
		`links.json is damaged (${parsed.issues[0]?.message ?? 'unexpected content'}).`,
		'it only keeps the demo meal’s links: delete it and start again, and new demo links are printed.'
	);
}

function printLinks(base: string, links: Links) {
	console.log(
		[
			'',
			'  Tablée — demo meal links',
			`  Canteen Master (secret, keep it to yourself): ${base}${links.master}`,
			`  Kitchen screen:                               ${base}${links.screen}`,
			`  Members join:                                 ${base}${links.join}   (code ${links.code})`,
			''
		].join('\n')
	);
}
