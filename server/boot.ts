/**
 * Start-up shared by `npm start` (main.ts) and `npm run dev` (dev.ts): validated config,
 * the embedded storage, the demo on first start, the links to print, graceful shutdown.
 */
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTablee, type RequestHandler, type Tablee } from './app.ts';
import type { Config } from './config.ts';
import { createLogger } from './log.ts';
import { createMetrics } from './ops/metrics.ts';
import { DEMO_CANTEEN_ID, seedDemo } from './seed/demo.ts';
import type { Storage } from './storage/storage.ts';
import { openStorage } from './storage/open.ts';

interface Links {
	master: string;
	screen: string;
	join: string;
	code: string;
}

export async function boot(config: Config, appHandler: RequestHandler | undefined): Promise<Tablee> {
	const log = createLogger(config.logLevel);
	const metrics = createMetrics({ processMetrics: true });
	const storage = await openStorage({ config, log, observer: metrics.storage });
	const linksFile = join(config.dataDir, 'links.json');

	if (config.seed === 'demo' && (await needsDemo(storage, linksFile))) {
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

	const tablee = createTablee({
		storage,
		log,
		appHandler,
		roomIdleMs: config.roomIdleMs,
		timeZone: config.timeZone,
		metrics
	});
	const { url } = await tablee.listen(config.port, config.host);
	const base = config.publicUrl ?? url;
	log.info(
		`Tablée is listening on ${url} (${config.scale ? 'boards in Redis, records in PostgreSQL' : `data in ${config.dataDir}`})`
	);
	if (existsSync(linksFile)) printLinks(base, JSON.parse(readFileSync(linksFile, 'utf8')) as Links);
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

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info(`${signal}: closing`);
		tablee.close().then(
			() => process.exit(0),
			(error) => {
				log.error('close failed', { error: String(error) });
				process.exit(1);
			}
		);
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
	return tablee;
}

/**
 * A fresh installation gets the demo. So does one whose only canteen is the demo but whose
 * links were never saved (a start that died in between): its keys are unknowable, so a new
 * demo meal is made rather than leaving the operator with no way in.
 */
async function needsDemo(storage: Storage, linksFile: string): Promise<boolean> {
	const canteens = await storage.meals.listCanteens();
	if (canteens.length === 0) return true;
	return !existsSync(linksFile) && canteens.length === 1 && canteens[0]!.id === DEMO_CANTEEN_ID;
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
