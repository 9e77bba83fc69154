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
import { createApi } from './http/api.ts';
import { trackConnections } from './http/connections.ts';
import type { Logger } from './log.ts';
import { createMetrics, type Metrics } from './ops/metrics.ts';
import { createSeriesService, type SeriesService } from './planning/series.ts';
import { createTemplateService, type TemplateService } from './planning/templates.ts';
import { createPlanning, type Planning } from './planning/meals.ts';
import { createCanteenPrompts } from './prompts/canteen-prompts.ts';
import { canteenPromptHandlers } from './realtime/canteen-prompts.ts';
import { commandRunner } from './realtime/commands.ts';
import { composeHandlers } from './realtime/handlers.ts';
import { moderationEffects, moderationHandlers } from './realtime/moderation.ts';
import { mealRoom } from './realtime/names.ts';
import { peopleHandlers } from './realtime/people.ts';
import { promptEffects, promptHandlers } from './realtime/prompts.ts';
import { screenLinkHandlers } from './realtime/screen-links.ts';
import { attachRealtime, type TableeIO } from './realtime/socket.ts';
import { attachYjsWebSocket } from './realtime/yjs-ws.ts';
import { mealBoardSource } from './realtime/yjs-meal-source.ts';
import { MealSessions } from './session/sessions.ts';
import type { Storage } from './storage/storage.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface TableeOptions {
	storage: Storage;
	log: Logger;
	/** SvelteKit's handler (build/handler.js, or Vite's middlewares in dev). */
	appHandler?: RequestHandler;
	roomIdleMs?: number;
	presenceIntervalMs?: number;
	commandRate?: { burst: number; perSecond: number };
	joinRate?: { burst: number; perSecond: number };
	/** Login attempts per email address (three times as many per client address). */
	loginRate?: { burst: number; perSecond: number };
	/** Socket.IO's transport limit. Larger frames close the connection; see docs/protocol.md. */
	maxHttpBufferSize?: number;
	/** The canteens' IANA time zone, for "today" in planning and recurring meals (default Europe/Paris). */
	timeZone?: string;
	/** Recurring meals: how often they are topped up (default hourly) and the clock they use. */
	planning?: { topUpEveryMs?: number; now?: () => number };
	/** Prometheus metrics (GET /metrics); the one storage reports to, when it was made first (boot.ts). */
	metrics?: Metrics;
	/**
	 * How long `close()` lets connections, and the meals' queues, finish by themselves
	 * before cutting them (default 2 s). Acknowledged changes are stored already.
	 */
	closeGraceMs?: number;
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

	const sessions = new MealSessions({
		log: storage.boardLog,
		meals: storage.meals,
		logger: log,
		idleMs: options.roomIdleMs ?? 60_000,
		presenceIntervalMs: options.presenceIntervalMs ?? 250
	});
	const mealBoards = mealBoardSource({ storage, sessions });
	// What each command needs besides decide(), one handler per command (realtime/handlers.ts),
	// and who carries out each effect a decision returns.
	const handlers = composeHandlers(
		moderationHandlers({ storage }),
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
		effects: { ...moderationEffects({ io, storage }), ...promptEffects({ io, storage, log }) },
		log,
		metrics: metrics.commands
	});
	attachRealtime({ io, storage, sessions, log, rate: options.commandRate ?? { burst: 30, perSecond: 10 }, commands });

	// Read-only y-websocket endpoint on the same port (docs/protocol.md, "Standard Yjs clients").
	const yjs = attachYjsWebSocket({
		http,
		sources: { meal: mealBoards },
		log,
		rate: { burst: 30, perSecond: 10 }
	});

	const accounts = createAccounts({
		storage,
		log,
		loginRate: options.loginRate
	});
	// Planning: task templates per canteen and recurring meals, topped up at start, hourly
	// and whenever a series is saved (server/planning/).
	const timeZone = options.timeZone ?? 'Europe/Paris';
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
	const services: Services = { storage, accounts, canteenPrompts, templates, series, planning };
	if (options.appHandler) setServices(services);

	const api = createApi({ storage, sessions, log, joinRate: options.joinRate });
	metrics.watch({ connections: () => io.engine.clientsCount, mealsLoaded: () => sessions.loaded });
	http.on('request', (req, res) => {
		// Socket.IO answers its own path before this listener runs.
		if (req.url?.startsWith('/socket.io/')) return;
		setSecurityHeaders(res);
		if (metrics.serve(req, res)) return;
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
			await series.stop();
			yjs.close();
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

function notFound(res: ServerResponse) {
	res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
}
