/**
 * The composition root: one HTTP server carrying /api, Socket.IO and the SvelteKit
 * handler on one port, wired to one store. Every module is created here and nowhere
 * else, so tests build the same server with a temp directory and port 0.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { clearServices, setServices, type Services } from '../src/lib/server/services.ts';
import { createAccounts, type Accounts } from './auth/accounts.ts';
import type { LoginGuardRules } from './auth/login-guard.ts';
import { createApi } from './http/api.ts';
import { trackConnections } from './http/connections.ts';
import { createHealthRoutes } from './http/health.ts';
import { metricsAccess } from './http/metrics-access.ts';
import { clientAddress } from './limits/client-address.ts';
import { BUDGET_RULES, createCommandBudget, type BudgetRules } from './limits/command-budget.ts';
import { CONNECTION_RULES, createConnectionCaps, type ConnectionRules } from './limits/connection-caps.ts';
import { createJoinGuard, JOIN_RULES, type JoinRules } from './limits/join-guard.ts';
import type { LimitRule } from './limits/limiter.ts';
import type { Logger } from './log.ts';
import { createMetrics, timeCommand, type Metrics } from './ops/metrics.ts';
import type { Maintenance } from './ops/maintenance.ts';
import { createWriteHealth, type WriteHealth } from './ops/write-health.ts';
import { settlesWithin } from './within.ts';
import { errorBody } from '../src/lib/protocol/errors.ts';
import { createPartnerFeed, notifyingSummaries, type PartnerFeed } from './partners/feed.ts';
import { createPartnerLinks, type PartnerLinks } from './partners/links.ts';
import { erasureEffects } from './realtime/erasure.ts';
import type { CanteenBus } from './partners/canteen-bus.ts';
import { createRetention, type Retention } from './privacy/retention.ts';
import {
	createPartnerWebhooks,
	stageWatchingSummaries,
	type PartnerWebhooks,
	type WebhookOptions
} from './partners/webhooks.ts';
import { webhookEventFor } from '../src/lib/partners/webhooks.ts';
import { createSeriesService, type SeriesService } from './planning/series.ts';
import { createTemplateService, type TemplateService } from './planning/templates.ts';
import { createPlanning, type Planning } from './planning/meals.ts';
import { createCanteenPrompts } from './prompts/canteen-prompts.ts';
import { canteenPromptHandlers } from './realtime/canteen-prompts.ts';
import { commandRunner } from './realtime/commands.ts';
import { composeHandlers } from './realtime/handlers.ts';
import { moderationEffects, moderationHandlers } from './realtime/moderation.ts';
import { mastersRoom, mealRoom } from './realtime/names.ts';
import { peopleHandlers } from './realtime/people.ts';
import { promptEffects, promptHandlers } from './realtime/prompts.ts';
import { surveyHandlers } from './realtime/survey.ts';
import { createReports } from './reports/reports.ts';
import { screenLinkHandlers } from './realtime/screen-links.ts';
import { createTeam } from './auth/team.ts';
import { createScreenKeys } from './planning/screen-key.ts';
import { attachRealtime, type TableeIO } from './realtime/socket.ts';
import { attachYjsWebSocket, type YjsCaps } from './realtime/yjs-ws.ts';
import { mealBoardSource } from './realtime/yjs-meal-source.ts';
import { MealSessions } from './session/sessions.ts';
import { joinCodeWatch } from './realtime/join-codes.ts';
import { createJoinCodes } from './board/join-codes.ts';
import { DEFAULT_JOIN_CODE_TIMING, type JoinCodeTiming } from '../src/lib/domain/join-codes.ts';
import type { Storage } from './storage/storage.ts';
import { embeddedShared, type Shared } from './scale/shared.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface TableeOptions {
	storage: Storage;
	log: Logger;
	/**
	 * What instances share besides storage (server/scale/shared.ts): the Socket.IO adapter,
	 * presence, answers, limits. Default: embedded, all in this process. Closed with the server.
	 */
	shared?: Shared;
	/** SvelteKit's handler (build/handler.js, or Vite's middlewares in dev). */
	appHandler?: RequestHandler;
	roomIdleMs?: number;
	presenceIntervalMs?: number;
	/** Commands per connection (and per member): `burst` per `burst / perSecond` seconds. */
	commandRate?: { burst: number; perSecond: number };
	/** Join-code lookups and joins per address, the same way. */
	joinRate?: { burst: number; perSecond: number };
	/** Every other limit (server/limits/, docs/operations.md); defaults are production's. */
	limits?: {
		joins?: Partial<JoinRules>;
		connections?: Partial<ConnectionRules>;
		budget?: Partial<BudgetRules>;
		/** Behind a reverse proxy: key limits on X-Forwarded-For's last entry. */
		trustProxy?: boolean;
		/** Live connections to one `/yjs/` document, per address and in all (realtime/yjs-ws.ts). */
		yjs?: Partial<YjsCaps>;
	};
	/** Failed sign-ins allowed before waits begin (server/auth/login-guard.ts). */
	loginRules?: Partial<LoginGuardRules>;
	/** Socket.IO's transport limit. Larger frames close the connection; see docs/protocol.md. */
	maxHttpBufferSize?: number;
	/** Engine.IO's heartbeat (default 25 s, then 20 s to answer); tests shorten it to see pings answered. */
	heartbeat?: { pingIntervalMs: number; pingTimeoutMs: number };
	/** The canteens' IANA time zone, for "today" in planning and recurring meals (default Europe/Paris). */
	timeZone?: string;
	/** Join codes: how often they rotate and how long a replaced one still works; the clock they use. */
	joinCodes?: { timing?: JoinCodeTiming; now?: () => number };
	/** Recurring meals: how often they are topped up (default hourly) and the clock they use. */
	planning?: { topUpEveryMs?: number; now?: () => number };
	/** Prometheus metrics (GET /metrics); the one storage reports to, when it was made first (boot.ts). */
	metrics?: Metrics;
	/**
	 * How long `close()` lets connections, and the meals' queues, finish by themselves
	 * before cutting them (default 2 s). Acknowledged changes are stored already.
	 */
	closeGraceMs?: number;
	/** The data directory's own connection (ops/): /readyz probes writes through it. */
	maintenance?: Pick<Maintenance, 'probeWrite'>;
	/** Partner webhooks: targets allowed, retries, the clock (server/partners/webhooks.ts). Local targets refused by default. */
	webhooks?: Partial<WebhookOptions>;
	/**
	 * The retention job (server/privacy/retention.ts): days kept (default 30), how often, the
	 * clock. Started only when given (boot.ts always gives it; a test server runs it on demand).
	 */
	retention?: { days?: number; everyMs?: number; now?: () => number };
	/**
	 * Several instances: tells the others a canteen's counts changed, so partners watching it
	 * on any instance see it (server/partners/canteen-bus.ts). Closed with the server.
	 */
	canteenBus?: CanteenBus;
	/** GET /metrics from outside the private networks needs `Authorization: Bearer <token>` (http/metrics-access.ts). */
	metricsToken?: string;
	/** `shutdown()`: how long clients take to leave (spread at random), and the most it waits for them and for commands. */
	drain?: { reconnectWithinMs?: number; maxMs?: number };
}

export interface Tablee {
	http: HttpServer;
	io: TableeIO;
	sessions: MealSessions;
	storage: Storage;
	/** What this instance shares with the others (server/scale/shared.ts). */
	shared: Shared;
	accounts: Accounts;
	templates: TemplateService;
	series: SeriesService;
	planning: Planning;
	metrics: Metrics;
	health: WriteHealth;
	/** Partners' live counts (server/partners/feed.ts). */
	partnerFeed: PartnerFeed;
	/** Partner links: create, list, revoke (server/partners/links.ts). */
	partnerLinks: PartnerLinks;
	/** Partner webhooks and their deliveries (server/partners/webhooks.ts). */
	partnerWebhooks: PartnerWebhooks;
	/** Erases names and shared facts of meals older than the retention period. */
	retention: Retention;
	listen(port: number, host?: string): Promise<{ port: number; url: string }>;
	/**
	 * The graceful stop (SIGTERM): /readyz answers 503 at once and no new Socket.IO session
	 * is accepted, every connected client is told `server:leaving` (reconnect elsewhere,
	 * spread over a few seconds), commands under way finish and are acknowledged, then
	 * `close()` once the clients left (or `drain.maxMs` passed).
	 */
	shutdown(): Promise<void>;
	close(): Promise<void>;
}

export function createTablee(options: TableeOptions): Tablee {
	const { storage, log } = options;
	const shared = options.shared ?? embeddedShared();
	const http = createServer();
	let closed = false;
	/** Set by shutdown(): /readyz fails, no new connection or Engine.IO session is taken. */
	let draining = false;
	// Resolves once the server stopped listening and every connection ended (close() or shutdown()).
	const httpClosed = new Promise<void>((resolve) => http.once('close', () => resolve()));
	const io: TableeIO = new Server(http, {
		// Several instances: non-board events reach every instance's sockets through Redis.
		...(shared.adapter ? { adapter: shared.adapter } : {}),
		maxHttpBufferSize: options.maxHttpBufferSize ?? 64 * 1024,
		serveClient: false,
		// Kitchen Wi-Fi: notice a dead phone within ~45 s without chatty pings.
		pingInterval: options.heartbeat?.pingIntervalMs ?? 25_000,
		pingTimeout: options.heartbeat?.pingTimeoutMs ?? 20_000,
		connectionStateRecovery: undefined,
		// Other upgrades (the read-only Yjs endpoint, /yjs/) are answered by yjs-ws.ts, which
		// refuses unknown paths itself; Socket.IO would otherwise end them after a second.
		destroyUpgrade: false,
		// Once closing, no new Engine.IO session: a browser reconnecting over a connection
		// that is still open would otherwise start one that keeps the server from closing.
		allowRequest: (_req, callback) => callback(closed || draining ? 'closing' : null, !(closed || draining))
	});
	const connections = trackConnections(http);

	const health = createWriteHealth({ probe: options.maintenance?.probeWrite });
	const limits = options.limits ?? {};
	const trustProxy = limits.trustProxy ?? false;
	const commandRule = options.commandRate && asRule(options.commandRate);
	const joinRule = options.joinRate && asRule(options.joinRate);
	// Counted in this process, or on every instance through Redis (server/scale/shared.ts).
	const backend = shared.limiterBackend;
	const joins = createJoinGuard({
		rules: { ...JOIN_RULES, ...(joinRule ? { joins: joinRule, lookups: joinRule } : {}), ...limits.joins },
		...(backend ? { backend } : {}),
		...(shared.networks ? { networks: shared.networks } : {}),
		...(shared.networkTagKey ? { key: shared.networkTagKey } : {})
	});
	const budget = createCommandBudget({
		...(backend ? { backend } : {}),
		rules: {
			...BUDGET_RULES,
			...(commandRule
				? {
						perSocket: commandRule,
						perMember: commandRule,
						// A network carries many sockets: as production's address budget does.
						perAddress: { ...commandRule, points: commandRule.points * 20 },
						syncsPerMinute: commandRule.points
					}
				: {}),
			...limits.budget
		}
	});
	const addressOf = (req: IncomingMessage) =>
		clientAddress({ remoteAddress: req.socket.remoteAddress, headers: req.headers, trustProxy });

	const timeZone = options.timeZone ?? 'Europe/Paris';
	// Partners' anonymised live counts: every meal summary the sessions write (a join, a
	// check-in or out, a stage) refreshes the counts of that meal's canteen for its watchers.
	const partnerFeed = createPartnerFeed({ storage, timeZone, log });
	// Several instances: counts changed elsewhere reach this instance's watchers too.
	const bus = options.canteenBus;
	bus?.subscribe((canteenId) => void partnerFeed.canteenChanged(canteenId));
	const summaryWritten = (mealId: string) => {
		void partnerFeed.mealChanged(mealId);
		if (bus)
			storage.meals
				.getMeal(mealId)
				.then((meal) => meal && bus.publish(meal.canteenId))
				.catch((error) => log.warn('canteen change not published', { mealId, error: String(error) }));
	};
	// Partner webhooks: a summary write that moves a meal to open or closed queues the event.
	const partnerWebhooks = createPartnerWebhooks({
		storage,
		log,
		options: { allowLocal: false, ...options.webhooks }
	});
	const sessions = new MealSessions({
		log: storage.boardLog,
		meals: stageWatchingSummaries(notifyingSummaries(storage.meals, summaryWritten), (mealId, from, to) => {
			const event = webhookEventFor(from, to);
			if (event)
				partnerWebhooks
					.stageChanged(mealId, event)
					.catch((error) => log.warn('webhook event not queued', { mealId, event, error: String(error) }));
		}),
		// Arrival and departure times, copied from the masters document (docs/privacy.md).
		attendance: storage.attendance,
		logger: log,
		idleMs: options.roomIdleMs ?? 60_000,
		presenceIntervalMs: options.presenceIntervalMs ?? 250,
		...(shared.presence ? { presenceStore: shared.presence } : {})
	});
	const mealBoards = mealBoardSource({ storage, sessions });
	// What each command needs besides decide(), one handler per command (realtime/handlers.ts),
	// and who carries out each effect a decision returns.
	const handlers = composeHandlers(
		moderationHandlers({ storage, sessions, joins }),
		canteenPromptHandlers({ storage }),
		promptHandlers({ storage }),
		peopleHandlers({ io, storage, sessions, log }),
		// The end-of-meal survey; an answer recounts that canteen for partners watching it.
		surveyHandlers({ storage, onAnswered: (mealId) => void partnerFeed.mealChanged(mealId) }),
		screenLinkHandlers({
			storage,
			async disconnectLinkedScreens(mealId) {
				// Every instance's sockets (fetchSockets goes through the adapter).
				for (const socket of await io.in(mealRoom(mealId)).fetchSockets()) {
					if (socket.data.role === 'screen' && socket.data.screenLink) socket.disconnect(true);
				}
				mealBoards.revokeLinks(mealId);
				if (shared.adapter) io.serverSideEmit('screen-links:revoked', mealId);
			}
		})
	);
	// Another instance revoked a meal's links: this one's read-only screens on them close too.
	io.on('screen-links:revoked', (mealId) => mealBoards.revokeLinks(mealId));
	const metrics = options.metrics ?? createMetrics();
	const commands = commandRunner({
		sessions,
		handlers,
		effects: {
			...moderationEffects({ io, storage, sessions }),
			...promptEffects({ io, storage, log }),
			...erasureEffects({ storage, sessions })
		},
		log,
		...(shared.answers ? { answers: shared.answers } : {})
	});
	const runCommand = commands.run;
	commands.run = (input) => timeCommand({ name: input.name, commands: metrics.commands, run: () => runCommand(input) });
	// Commands under way, from their arrival (limits included) to their answer, so a graceful
	// stop (shutdown) lets them finish and be acknowledged.
	let inFlight = 0;
	const whenIdle: (() => void)[] = [];
	const trackCommand = async (work: Promise<void>) => {
		inFlight++;
		try {
			await work;
		} finally {
			if (--inFlight === 0) for (const resolve of whenIdle.splice(0)) resolve();
		}
	};
	const codes = createJoinCodes({
		meals: storage.meals,
		timing: options.joinCodes?.timing ?? DEFAULT_JOIN_CODE_TIMING,
		...(options.joinCodes?.now ? { now: options.joinCodes.now } : {})
	});
	// The rotating code, told to screens and consoles as they connect and as it changes.
	const codeWatch = joinCodeWatch({
		io,
		codes,
		log,
		...(options.joinCodes?.now ? { now: options.joinCodes.now } : {})
	});
	attachRealtime({
		io,
		storage,
		sessions,
		log,
		commands,
		health,
		budget,
		connections: createConnectionCaps({ ...CONNECTION_RULES, ...limits.connections }, shared.connections),
		addressOf: (socket) =>
			clientAddress({ remoteAddress: socket.handshake.address, headers: socket.handshake.headers, trustProxy }),
		onConnect: codeWatch.onConnect,
		track: trackCommand
	});

	// Read-only y-websocket endpoint on the same port (docs/protocol.md, "Standard Yjs clients").
	const yjs = attachYjsWebSocket({
		http,
		sources: { meal: mealBoards, partners: partnerFeed.source },
		log,
		budget,
		addressOf,
		caps: options.limits?.yjs
	});

	const accounts = createAccounts({
		storage,
		log,
		...(backend ? { limiterBackend: backend } : {}),
		loginRules: options.loginRules
	});
	// Planning: task templates per canteen and recurring meals, topped up at start, hourly
	// and whenever a series is saved (server/planning/).
	const templates = createTemplateService({ storage, log });
	const series = createSeriesService({
		storage,
		log,
		templatesFor: templates.templatesFor,
		timeZone,
		now: options.planning?.now
	});
	series.start({ everyMs: options.planning?.topUpEveryMs });

	// SvelteKit's pages reach the storage and accounts through this registry; only a server
	// that serves pages claims it, so a test's API-only server never replaces it.
	const canteenPrompts = createCanteenPrompts({ storage });
	const planning = createPlanning({
		storage,
		sessions,
		log,
		timeZone,
		// New meals start with the canteen's own task templates (seeded from the default set).
		templatesFor: templates.templatesFor,
		now: options.planning?.now
	});
	const partnerLinks = createPartnerLinks({ storage, onRevoked: partnerFeed.linkRevoked });
	const reports = createReports({ storage, timeZone });
	partnerWebhooks.start();
	// Privacy: names and shared facts erased after the retention period, at start and every 6 hours.
	const retention = createRetention({ storage, sessions, log, timeZone, ...options.retention });
	if (options.retention) retention.start();
	// A canteen's team; taking someone off it closes their open consoles at once.
	const team = createTeam({
		storage,
		log,
		async disconnectUser(userId) {
			for (const socket of await io.fetchSockets()) if (socket.data.staffUserId === userId) socket.disconnect(true);
		}
	});
	// The plan page's kitchen-screen link: shown again, re-issued (every screen of the meal cut off).
	const screenKeys = createScreenKeys({
		storage,
		log,
		async disconnectScreens(mealId) {
			for (const socket of await io.in(mealRoom(mealId)).fetchSockets())
				if (socket.data.role === 'screen') socket.disconnect(true);
			mealBoards.revokeScreens(mealId);
		}
	});
	const services: Services = {
		storage,
		accounts,
		canteenPrompts,
		templates,
		series,
		planning,
		partnerLinks,
		partnerWebhooks,
		reports,
		team,
		screenKeys
	};
	if (options.appHandler) setServices(services);

	metrics.watch({
		connections: () => io.engine.clientsCount,
		mealsLoaded: () => sessions.loaded,
		commandsInFlight: () => inFlight
	});
	const api = createApi({
		storage,
		sessions,
		codes,
		log,
		timeZone,
		health,
		joins,
		webhooks: partnerWebhooks,
		clientAddress: addressOf,
		// The Canteen Master hears of it at once, with what to do (let more in from that network).
		onNetworkFull: ({ mealId, network, refused, cap }) =>
			io.to(mastersRoom(mealId)).emit('joins:refused', { network, refused, cap })
	});
	const healthRoutes = createHealthRoutes({ health, storage, draining: () => draining || closed });
	const metricsVerdict = metricsAccess({ token: options.metricsToken, trustProxy });
	http.on('request', (req, res) => {
		// Socket.IO answers its own path before this listener runs.
		if (req.url?.startsWith('/socket.io/')) return;
		setSecurityHeaders(res);
		if (req.url?.split('?')[0] === '/metrics' && metricsVerdict(req) !== 'allowed') {
			res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
			return void res.end(JSON.stringify(errorBody('unauthorized')));
		}
		if (metrics.serve(req, res)) return;
		if (healthRoutes(req, res)) return;
		api(req, res)
			.then((handled) => {
				if (handled) return;
				if (options.appHandler) {
					// This server speaks plain HTTP; TLS, when there is any, ends at a proxy that
					// sets this header. SvelteKit (PROTOCOL_HEADER, see main.ts) derives the page
					// origin from it for its cross-site form check and the Secure cookie flag.
					req.headers['x-forwarded-proto'] ??= 'http';
					return options.appHandler(req, res, () => notFound(res));
				}
				notFound(res);
			})
			.catch((error) => {
				log.error('request failed', { error: String(error) });
				if (!res.headersSent) res.writeHead(500).end();
			});
	});

	return {
		http,
		io,
		sessions,
		storage,
		shared,
		accounts,
		templates,
		series,
		planning,
		metrics,
		health,
		partnerFeed,
		partnerLinks,
		partnerWebhooks,
		retention,
		listen(port, host = '127.0.0.1') {
			return new Promise((resolve, reject) => {
				http.once('error', reject);
				http.listen(port, host, () => {
					http.off('error', reject);
					const address = http.address() as AddressInfo;
					const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
					resolve({ port: address.port, url: `http://${shownHost}:${address.port}` });
				});
			});
		},
		async shutdown() {
			if (draining || closed) return this.close();
			draining = true;
			const reconnectWithinMs = options.drain?.reconnectWithinMs ?? 3_000;
			const maxMs = options.drain?.maxMs ?? 10_000;
			log.info('draining: not ready, no new connections; clients told to reconnect elsewhere', {
				connections: io.engine.clientsCount,
				commands: inFlight
			});
			// New Socket.IO sessions are refused from now on (allowRequest) and /readyz says 503, so
			// the balancer sends newcomers elsewhere; the port itself closes with close().
			// This instance's sockets only, never a broadcast to other instances (a Redis adapter).
			io.local.emit('server:leaving', { reconnectWithinMs });
			const commandsDone = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => whenIdle.push(resolve));
			const clientsGone = new Promise<void>((resolve) => {
				const check = setInterval(() => {
					if (io.engine.clientsCount > 0) return;
					clearInterval(check);
					resolve();
				}, 50);
				check.unref?.();
				void httpClosed.then(() => clearInterval(check));
			});
			if (!(await settlesWithin({ promise: Promise.all([commandsDone, clientsGone]), ms: maxMs }))) {
				log.warn('drain ended before every client left', { connections: io.engine.clientsCount, commands: inFlight });
			}
			// Commands are waited for even past maxMs: their answers are what phones wait for.
			await settlesWithin({ promise: commandsDone, ms: maxMs });
			await this.close();
		},
		async close() {
			if (closed) return;
			closed = true;
			clearServices(services);
			// Other instances take over this one's presence (server/scale/shared.ts).
			await shared.leave();
			codeWatch.close();
			await series.stop();
			yjs.close();
			partnerFeed.close();
			await bus?.close();
			await partnerWebhooks.stop();
			await retention.stop();
			const graceMs = options.closeGraceMs ?? 2_000;
			// io.close() disconnects every socket, then closes the HTTP server, whose callback
			// waits for every connection to end: the tracker bounds that wait.
			// Not io.close's callback: Node never calls a close() callback registered after the
			// server stopped listening, and the 'close' event is what the callback would wait for.
			void io.close();
			const stopped = httpClosed;
			await connections.drain({ stopped, graceMs });
			await sessions.closeAll({ graceMs });
			await storage.close();
			await shared.close();
		}
	};
}

/**
 * For every page and route. Keys travel in URL fragments, which browsers never send, and
 * no-referrer keeps even page paths (meal ids) out of other sites' logs. The page CSP is
 * set by SvelteKit (svelte.config.js), which knows its own inline scripts.
 */
function setSecurityHeaders(res: ServerResponse) {
	res.setHeader('x-content-type-options', 'nosniff');
	res.setHeader('referrer-policy', 'no-referrer');
	res.setHeader('x-frame-options', 'DENY');
	res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()');
}

/** The older `burst, perSecond` options as a window: `burst` points per `burst / perSecond` seconds. */
function asRule({ burst, perSecond }: { burst: number; perSecond: number }): LimitRule {
	return { points: burst, perSeconds: Math.max(1, Math.ceil(burst / perSecond)) };
}

function notFound(res: ServerResponse) {
	res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
}
