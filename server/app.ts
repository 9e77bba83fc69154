/**
 * The composition root: one HTTP server carrying /api, Socket.IO and the SvelteKit
 * handler on one port, wired to one store. Every module is created here and nowhere
 * else, so tests build the same server with a temp directory and port 0.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { encodeUpdate } from '../src/lib/board-doc/sync.ts';
import { clearServices, setServices, type Services } from '../src/lib/server/services.ts';
import { createAccounts, type Accounts } from './auth/accounts.ts';
import { Rooms } from './board/rooms.ts';
import { createApi } from './http/api.ts';
import type { Logger } from './log.ts';
import { createSeriesService, type SeriesService } from './planning/series.ts';
import { createTemplateService, type TemplateService } from './planning/templates.ts';
import { createPlanning, type Planning } from './planning/meals.ts';
import { PresenceTracker } from './presence/presence.ts';
import { createCanteenPrompts } from './prompts/canteen-prompts.ts';
import { canteenPromptHooks } from './realtime/canteen-prompts.ts';
import { moderationHooks } from './realtime/moderation.ts';
import { peopleHooks } from './realtime/people.ts';
import { promptHooks } from './realtime/prompts.ts';
import { screenLinkHooks } from './realtime/screen-links.ts';
import { joinCodeHooks } from './realtime/join-codes.ts';
import { createJoinCodes } from './board/join-codes.ts';
import { DEFAULT_JOIN_CODE_TIMING, type JoinCodeTiming } from '../src/lib/domain/join-codes.ts';
import { attachRealtime, mealRoom, type TableeIO } from './realtime/socket.ts';
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
	/** Join codes: how often they rotate and how long a replaced one still works; the clock they use. */
	joinCodes?: { timing?: JoinCodeTiming; now?: () => number };
	/** Recurring meals: how often they are topped up (default hourly) and the clock they use. */
	planning?: { topUpEveryMs?: number; now?: () => number };
}

export interface Tablee {
	http: HttpServer;
	io: TableeIO;
	rooms: Rooms;
	storage: Storage;
	accounts: Accounts;
	templates: TemplateService;
	series: SeriesService;
	planning: Planning;
	listen(port: number, host?: string): Promise<{ port: number; url: string }>;
	close(): Promise<void>;
}

export function createTablee(options: TableeOptions): Tablee {
	const { storage, log } = options;
	const http = createServer();
	const io: TableeIO = new Server(http, {
		maxHttpBufferSize: options.maxHttpBufferSize ?? 64 * 1024,
		serveClient: false,
		// Kitchen Wi-Fi: notice a dead phone within ~45 s without chatty pings.
		pingInterval: 25_000,
		pingTimeout: 20_000,
		connectionStateRecovery: undefined
	});

	const rooms = new Rooms({
		storage,
		log,
		idleMs: options.roomIdleMs ?? 60_000,
		onUpdate: (mealId, update) => io.to(mealRoom(mealId)).emit('y', encodeUpdate(update))
	});
	const presence = new PresenceTracker({
		intervalMs: options.presenceIntervalMs ?? 250,
		publish: (mealId, online) => io.to(mealRoom(mealId)).emit('presence', { online })
	});
	const codes = createJoinCodes({
		meals: storage.meals,
		timing: options.joinCodes?.timing ?? DEFAULT_JOIN_CODE_TIMING,
		...(options.joinCodes?.now ? { now: options.joinCodes.now } : {})
	});
	// The rotating code, told to screens and consoles (a socket's own room, no command).
	const codeWatch = joinCodeHooks({
		io,
		codes,
		log,
		...(options.joinCodes?.now ? { now: options.joinCodes.now } : {})
	});
	// Each concern around decide(), in the order its afterDecide runs (server/realtime/hooks.ts).
	// Icebreakers go last: they take the delivery note off the ack.
	const hooks = [
		codeWatch,
		moderationHooks({ io, storage }),
		canteenPromptHooks({ storage }),
		screenLinkHooks({ io, storage }),
		peopleHooks({ io, storage, rooms, log }),
		promptHooks({ io, storage, log })
	];
	attachRealtime({
		io,
		storage,
		rooms,
		presence,
		log,
		rate: options.commandRate ?? { burst: 30, perSecond: 10 },
		hooks
	});

	const accounts = createAccounts({
		storage,
		log,
		loginRate: options.loginRate,
		readMeal: async (meal) => {
			const meta = await rooms.read(meal.id, (state) => state.meta);
			return {
				id: meal.id,
				title: meta?.title ?? '',
				date: meta?.date ?? '',
				time: meta?.time ?? '',
				status: meta?.status ?? 'planned'
			};
		}
	});
	// Planning: task templates per canteen and recurring meals, topped up at start, hourly
	// and whenever a series is saved (server/planning/).
	const timeZone = options.timeZone ?? 'Europe/Paris';
	const templates = createTemplateService({ storage, log });
	const series = createSeriesService({
		storage,
		log,
		rooms,
		templatesFor: templates.templatesFor,
		timeZone,
		now: options.planning?.now
	});
	series.start({ everyMs: options.planning?.topUpEveryMs });

	// SvelteKit's pages reach the store and accounts through this registry; only a server
	// that serves pages claims it, so a test's API-only server never replaces it.
	const canteenPrompts = createCanteenPrompts({ storage });
	const planning = createPlanning({
		storage,
		rooms,
		log,
		timeZone,
		// New meals start with the canteen's own task templates (seeded from the default set).
		templatesFor: templates.templatesFor,
		now: options.planning?.now,
		// A cancelled meal no longer exists: a console still open on it is told so by its handshake.
		disconnectMeal: (mealId) => io.in(mealRoom(mealId)).disconnectSockets(true)
	});
	const services: Services = { storage, accounts, canteenPrompts, templates, series, planning };
	if (options.appHandler) setServices(services);

	const api = createApi({ storage, rooms, codes, log, joinRate: options.joinRate });
	http.on('request', (req, res) => {
		// Socket.IO answers its own path before this listener runs.
		if (req.url?.startsWith('/socket.io/')) return;
		setSecurityHeaders(res);
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

	let closed = false;
	return {
		http,
		io,
		rooms,
		storage,
		accounts,
		templates,
		series,
		planning,
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
			presence.close();
			codeWatch.close();
			await series.stop();
			await new Promise<void>((resolve) => io.close(() => resolve()));
			await rooms.closeAll();
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
