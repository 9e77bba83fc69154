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
import { clientAddress } from './limits/client-address.ts';
import { BUDGET_RULES, createCommandBudget, type BudgetRules } from './limits/command-budget.ts';
import { CONNECTION_RULES, createConnectionCaps, type ConnectionRules } from './limits/connection-caps.ts';
import { createJoinGuard, JOIN_RULES, type JoinRules } from './limits/join-guard.ts';
import type { LimitRule } from './limits/limiter.ts';
import type { Logger } from './log.ts';
import { createMetrics, timeCommand, type Metrics } from './ops/metrics.ts';
import type { Maintenance } from './ops/maintenance.ts';
import { createWriteHealth, type WriteHealth } from './ops/write-health.ts';
import { createPartnerFeed, notifyingSummaries, type PartnerFeed } from './partners/feed.ts';
import { createPartnerLinks, type PartnerLinks } from './partners/links.ts';
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
import { screenLinkHandlers } from './realtime/screen-links.ts';
import { createTeam } from './auth/team.ts';
import { createScreenKeys } from './planning/screen-key.ts';
import { attachRealtime, type TableeIO } from './realtime/socket.ts';
import { attachYjsWebSocket } from './realtime/yjs-ws.ts';
import { mealBoardSource } from './realtime/yjs-meal-source.ts';
import { MealSessions } from './session/sessions.ts';
import { joinCodeWatch } from './realtime/join-codes.ts';
import { createJoinCodes } from './board/join-codes.ts';
import { DEFAULT_JOIN_CODE_TIMING, type JoinCodeTiming } from '../src/lib/domain/join-codes.ts';
import type { Storage } from './storage/storage.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface TableeOptions {
	storage: Storage;
	log: Logger;
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
	};
	/** Failed sign-ins allowed before waits begin (server/auth/login-guard.ts). */
	loginRules?: Partial<LoginGuardRules>;
	/** Socket.IO's transport limit. Larger frames close the connection; see docs/protocol.md. */
	maxHttpBufferSize?: number;
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
}

export interface Tablee {
	http: HttpServer;
	io: TableeIO;
	sessions: MealSessions;
	storage: Storage;
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
	listen(port: number, host?: string): Promise<{ port: number; url: string }>;
	close(): Promise<void>;
}

export function createTablee(options: TableeOptions): Tablee {
	const { storage, log } = options;
	const http = createServer();
	let closed = false;
	const io: TableeIO = new Server(http, {
		maxHttpBufferSize: options.maxHttpBufferSize ?? 64 * 1024,
		serveClient: false,
		// Kitchen Wi-Fi: notice a dead phone within ~45 s without chatty pings.
		pingInterval: 25_000,
		pingTimeout: 20_000,
		connectionStateRecovery: undefined,
		// Other upgrades (the read-only Yjs endpoint, /yjs/) are answered by yjs-ws.ts, which
		// refuses unknown paths itself; Socket.IO would otherwise end them after a second.
		destroyUpgrade: false,
		// Once closing, no new Engine.IO session: a browser reconnecting over a connection
		// that is still open would otherwise start one that keeps the server from closing.
		allowRequest: (_req, callback) => callback(closed ? 'closing' : null, !closed)
	});
	const connections = trackConnections(http);

	const health = createWriteHealth({ probe: options.maintenance?.probeWrite });
	const limits = options.limits ?? {};
	const trustProxy = limits.trustProxy ?? false;
	const commandRule = options.commandRate && asRule(options.commandRate);
	const joinRule = options.joinRate && asRule(options.joinRate);
	const joins = createJoinGuard({
		rules: { ...JOIN_RULES, ...(joinRule ? { joins: joinRule, lookups: joinRule } : {}), ...limits.joins }
	});
	const budget = createCommandBudget({
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
	const sessions = new MealSessions({
		log: storage.boardLog,
		meals: notifyingSummaries(storage.meals, (mealId) => void partnerFeed.mealChanged(mealId)),
		logger: log,
		idleMs: options.roomIdleMs ?? 60_000,
		presenceIntervalMs: options.presenceIntervalMs ?? 250
	});
	const mealBoards = mealBoardSource({ storage, sessions });
	// What each command needs besides decide(), one handler per command (realtime/handlers.ts),
	// and who carries out each effect a decision returns.
	const handlers = composeHandlers(
		moderationHandlers({ storage, sessions, joins }),
		canteenPromptHandlers({ storage }),
		promptHandlers({ storage }),
		peopleHandlers({ io, storage, sessions, log }),
		screenLinkHandlers({
			storage,
			async disconnectLinkedScreens(mealId) {
				for (const socket of await io.in(mealRoom(mealId)).fetchSockets()) {
					if (socket.data.role === 'screen' && socket.data.screenLink) socket.disconnect(true);
				}
				mealBoards.revokeLinks(mealId);
			}
		})
	);
	const metrics = options.metrics ?? createMetrics();
	const commands = commandRunner({
		sessions,
		handlers,
		effects: { ...moderationEffects({ io, storage, sessions }), ...promptEffects({ io, storage, log }) },
		log
	});
	const runCommand = commands.run;
	commands.run = (input) => timeCommand({ name: input.name, commands: metrics.commands, run: () => runCommand(input) });
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
		connections: createConnectionCaps({ ...CONNECTION_RULES, ...limits.connections }),
		addressOf: (socket) =>
			clientAddress({ remoteAddress: socket.handshake.address, headers: socket.handshake.headers, trustProxy }),
		onConnect: codeWatch.onConnect
	});

	// Read-only y-websocket endpoint on the same port (docs/protocol.md, "Standard Yjs clients").
	const yjs = attachYjsWebSocket({
		http,
		sources: { meal: mealBoards, partners: partnerFeed.source },
		log,
		budget,
		addressOf
	});

	const accounts = createAccounts({
		storage,
		log,
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
		team,
		screenKeys
	};
	if (options.appHandler) setServices(services);

	metrics.watch({ connections: () => io.engine.clientsCount, mealsLoaded: () => sessions.loaded });
	const api = createApi({
		storage,
		sessions,
		codes,
		log,
		timeZone,
		health,
		joins,
		clientAddress: addressOf,
		// The Canteen Master hears of it at once, with what to do (let more in from that network).
		onNetworkFull: ({ mealId, network, refused, cap }) =>
			io.to(mastersRoom(mealId)).emit('joins:refused', { network, refused, cap })
	});
	const healthRoutes = createHealthRoutes({ health });
	http.on('request', (req, res) => {
		// Socket.IO answers its own path before this listener runs.
		if (req.url?.startsWith('/socket.io/')) return;
		setSecurityHeaders(res);
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
		accounts,
		templates,
		series,
		planning,
		metrics,
		health,
		partnerFeed,
		partnerLinks,
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
		async close() {
			if (closed) return;
			closed = true;
			clearServices(services);
			codeWatch.close();
			await series.stop();
			yjs.close();
			partnerFeed.close();
			const graceMs = options.closeGraceMs ?? 2_000;
			// io.close() disconnects every socket, then closes the HTTP server, whose callback
			// waits for every connection to end: the tracker bounds that wait.
			const stopped = new Promise<void>((resolve) => void io.close(() => resolve()));
			await connections.drain({ stopped, graceMs });
			await sessions.closeAll({ graceMs });
			await storage.close();
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
