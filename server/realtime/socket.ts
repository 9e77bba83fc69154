/**
 * The Socket.IO adapter: translates frames into typed commands and answers back, and a
 * socket's life into a connection to its meal's session (retain, sync, welcome, presence).
 * It holds no rules (auth/, src/lib/domain) and no meal state (session/): every inbound
 * event is size-checked, rate-limited and schema-parsed here, then handed on.
 */
import * as v from 'valibot';
import { readClientStep1, toBase64 } from '../../src/lib/board-doc/sync.ts';
import type { BoardState, Invite } from '../../src/lib/domain/types.ts';
import { errorBody, type ErrorCode } from '../../src/lib/protocol/errors.ts';
import type { Ack } from '../../src/lib/protocol/events.ts';
import {
	commandByteLimit,
	commandSchemas,
	describeIssues,
	isCommandName,
	syncMessage,
	type CommandName
} from '../../src/lib/protocol/schemas.ts';
import { PROTOCOL_VERSION } from '../../src/lib/protocol/version.ts';
import { authenticate, sameOrigin } from '../auth/authenticate.ts';
import { deriveScreenKey } from '../auth/secrets.ts';
import type { Asker, CommandBudget } from '../limits/command-budget.ts';
import type { createConnectionCaps } from '../limits/connection-caps.ts';
import type { Logger } from '../log.ts';
import type { WriteHealth } from '../ops/write-health.ts';
import type { MealSession } from '../session/meal-session.ts';
import type { MealSessions } from '../session/sessions.ts';
import type { Storage } from '../storage/storage.ts';
import { failure, type commandRunner } from './commands.ts';
import type { TableeIO, TableeSocket } from './io.ts';
import { mastersRoom, mealRoom, memberRoom } from './names.ts';

export type { TableeIO, TableeSocket } from './io.ts';

export interface RealtimeOptions {
	io: TableeIO;
	storage: Storage;
	sessions: MealSessions;
	log: Logger;
	/** Commands and sync requests per socket, member and address (limits/command-budget.ts). */
	budget: CommandBudget;
	/** Live connections per member token and per address, refused at the handshake. */
	connections: ReturnType<typeof createConnectionCaps>;
	addressOf: (socket: TableeSocket) => string;
	/** Told of storage failures, so the phone hears "saving paused" and /readyz fails. */
	health: WriteHealth;
	/** Runs a parsed command through its handler (commands.ts); composed in app.ts. */
	commands: ReturnType<typeof commandRunner>;
	/** Every command from its arrival to its answer, so a graceful stop can wait for them (app.ts). */
	track?: (work: Promise<void>) => Promise<void>;
	/** Once per socket, in its rooms, before its welcome (the join-code watch, join-codes.ts). */
	onConnect?: (socket: TableeSocket) => Promise<void>;
}

export function attachRealtime({
	io,
	storage,
	sessions,
	log,
	commands,
	onConnect,
	budget,
	connections,
	addressOf,
	health,
	track = (work) => work
}: RealtimeOptions): void {
	const broadcasting = new WeakSet<MealSession>();

	/**
	 * One subscriber per loaded meal stands for the whole Socket.IO room: Socket.IO encodes a
	 * broadcast once per room. Updates go as base64 text: a one-packet text event is also
	 * framed for WebSocket once per broadcast (socket.io-adapter's wsPreEncodedFrame), so each
	 * phone costs one write of ready bytes; a binary event is two packets framed per socket,
	 * measured at twice the server CPU per broadcast (docs/protocol.md, "Why").
	 *
	 * Board updates go to this instance's sockets only (`io.local`): every instance serving
	 * the meal has a session that hears the shared log and fans out to its own, so through
	 * the adapter each phone would get every update twice. Presence is decided once for the
	 * meal and goes through the adapter to every instance's sockets.
	 */
	function broadcastTo(session: MealSession): void {
		if (broadcasting.has(session)) return;
		broadcasting.add(session);
		const room = mealRoom(session.mealId);
		const masters = mastersRoom(session.mealId);
		session.subscribe({
			send(message) {
				switch (message.type) {
					case 'update':
						// Every instance fans its own session's updates out to its own sockets only.
						return void io.local.to(room).emit('y', toBase64(message.frame));
					case 'presence':
						return void io.to(room).emit('presence:delta', { joined: message.joined, left: message.left });
					case 'masters':
						// Times, the canteen, every invitation: Canteen Master sockets only (this instance's:
						// every instance holding the meal hears the same stored change and sends it).
						return void io.local.to(masters).emit('ym', toBase64(message.frame));
					case 'invites':
						// Each invitation to its invited member and the member who offered it, no one else.
						for (const invite of message.invites) {
							const to = [memberRoom(session.mealId, invite.memberId)];
							if (invite.by !== 'master') to.push(memberRoom(session.mealId, invite.by));
							io.local.to(to).emit('invites', { invites: [invite] });
						}
				}
			},
			close(reason) {
				// A cancelled meal no longer exists: a console still open on it is told so by its handshake.
				if (reason === 'discarded') io.in(room).disconnectSockets(true);
			}
		});
	}

	io.use(async (socket, next) => {
		try {
			const { headers } = socket.handshake;
			const cookie = sameOrigin(headers) ? headers.cookie : undefined;
			const result = await authenticate({ storage, sessions }, socket.handshake.auth, cookie);
			if (!result.ok) {
				const err = new Error(result.code) as Error & { data: unknown };
				err.data = errorBody(result.code, result.issues);
				return next(err);
			}
			socket.data = result.data;
			const { mealId, memberId } = result.data;
			const admitted = await connections.admit({
				address: addressOf(socket),
				member: memberId ? `${mealId}:${memberId}` : undefined
			});
			if (!admitted.ok) {
				log.warn('connection refused: too many', { mealId, per: admitted.reason });
				const err = new Error('too_many_connections') as Error & { data: unknown };
				err.data = errorBody('too_many_connections');
				return next(err);
			}
			socket.once('disconnect', () => {
				admitted.release();
				void budget.forgetSocket(socket.id);
			});
			next();
		} catch (error) {
			log.error('handshake failed', { error: String(error) });
			// PostgreSQL away (a record could not be read): the phone retries by itself.
			const code = health.failed(error) ? 'unavailable' : 'internal';
			const err = new Error(code) as Error & { data: unknown };
			err.data = errorBody(code);
			next(err);
		}
	});

	io.on('connection', (socket: TableeSocket) => {
		void onConnection(socket).catch((error) => {
			log.error('connection setup failed', { error: String(error) });
			socket.disconnect(true);
		});
	});

	async function onConnection(socket: TableeSocket) {
		const { mealId, memberId, role } = socket.data;
		const asker: Asker = {
			socketId: socket.id,
			address: addressOf(socket),
			...(memberId ? { member: `${mealId}:${memberId}` } : {})
		};
		// In the meal's room before anything else, so no update can fall between the sync
		// step 2 this socket gets and the first update it receives (Yjs orders them itself).
		void socket.join(mealRoom(mealId));
		// The phone may drop during any await below: release exactly what was taken, once,
		// or a board could be unloaded under a live socket (or a ghost stay "connected").
		let held: MealSession | undefined;
		let present = false;
		const ready = sessions.retain(mealId).then((session) => {
			broadcastTo(session);
			if (socket.disconnected) sessions.release(session);
			else held = session;
			return session;
		});
		socket.on('disconnect', () => {
			if (!held) return;
			if (present && memberId) held.presence.disconnect(memberId);
			sessions.release(held);
		});

		// Handlers first, so nothing the client sends right after connecting is missed.
		// A sync request is answered with everything the asker lacks (the whole board for an
		// empty state vector): limited per connection and charged by the size of the answer.
		socket.on('y', (message: unknown) => {
			void answerSync(message).catch((error) => {
				log.error('sync failed', { mealId, error: String(error) });
				protocolError(socket, 'y', 'internal');
			});
		});
		async function answerSync(message: unknown) {
			if (!(await budget.syncRequest(asker)).ok) return protocolError(socket, 'y', 'rate_limited');
			const parsed = v.safeParse(syncMessage, message);
			if (!parsed.success) return protocolError(socket, 'y', 'bad_request', describeIssues(parsed.issues));
			const step1 = readClientStep1(parsed.output);
			if (!step1.ok) return protocolError(socket, 'y', step1.code);
			// Checked by the handshake schema: only `true` or absent.
			const canInflate = socket.handshake.auth.deflate === true;
			const session = await ready;
			if (!canInflate) {
				const step2 = await session.syncStep2(step1.stateVector);
				await budget.syncAnswer(asker, step2.byteLength);
				return void socket.emit('y', step2);
			}
			const { frame, deflated } = await session.syncStep2Deflated(step1.stateVector);
			await budget.syncAnswer(asker, frame.byteLength);
			if (deflated) socket.emit('y:deflated', frame);
			else socket.emit('y', frame);
		}

		// One listener for every command (not one per command name: fewer closures for each of
		// thousands of idle phones). The ack is whatever comes last: a command sent with an ack
		// but no payload (or with extra arguments) must still be answered, not left to time out.
		socket.onAny((event: unknown, ...args: unknown[]) => {
			if (event === 'y') return;
			if (typeof event === 'string' && isCommandName(event)) {
				const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
				const payload = args.length === 1 ? args[0] : undefined;
				return void track(runCommand(socket, asker, event, payload, ack));
			}
			const ack = args.at(-1);
			if (typeof ack === 'function') ack(failure('unknown_event'));
			else protocolError(socket, String(event).slice(0, 64), 'unknown_event');
		});

		const session = await ready;
		if (socket.disconnected) return;
		// A prompt for one member goes to this room only (prompts.ts), never to the meal's.
		if (memberId) await socket.join(memberRoom(mealId, memberId));
		// What members shared goes to Canteen Master sockets only (people.ts): this room.
		if (role === 'master') await socket.join(mastersRoom(mealId));
		await onConnect?.(socket);
		if (socket.disconnected) return;
		if (memberId) {
			session.presence.connect(memberId);
			present = true;
		}
		// A key-holding master gets the meal's screen key: the one kept by the plan page (it
		// replaced the derived one when re-issued, planning/screen-key.ts), else the derived one.
		const keptScreenKey =
			role === 'master' && typeof socket.handshake.auth.key === 'string'
				? await storage.meals.getScreenKey(mealId)
				: undefined;
		if (socket.disconnected) return;
		const full = session.state.meta;
		if (!full) return void socket.disconnect(true);
		// The canteen is the console's business; a phone or a screen has no use for it.
		const { canteenId: _canteenId, ...shown } = full;
		const meta = role === 'master' ? full : shown;
		socket.emit('welcome', {
			v: PROTOCOL_VERSION,
			role,
			mealId,
			...(memberId ? { memberId } : {}),
			joinCode: socket.data.joinCode,
			// Derivable only from a master key; a signed-in master came without one.
			...(role === 'master' && typeof socket.handshake.auth.key === 'string'
				? { screenKey: keptScreenKey ?? deriveScreenKey(socket.handshake.auth.key) }
				: {}),
			meta,
			serverTime: Date.now()
		});
		// What only this connection's screen shows: the masters document for a console, a
		// member's own invitations (to them and offered by them) for a phone. First, since the
		// client counts itself live once it has them, whatever happens to presence below.
		if (role === 'master') socket.emit('ym', await session.mastersSync());
		if (memberId) socket.emit('invites', { invites: invitesOf(session.state, memberId), all: true });
		// Who is here now (on every instance), for this phone only; the room hears of changes as deltas.
		const online = await session.online();
		if (socket.disconnected) return;
		socket.emit('presence', { online });
	}

	async function runCommand(
		socket: TableeSocket,
		asker: Asker,
		name: CommandName,
		payload: unknown,
		ack: unknown
	): Promise<void> {
		if (typeof ack !== 'function')
			return protocolError(socket, name, 'bad_request', ['an acknowledgement callback is required']);
		const reply = ack as (res: Ack<Record<string, unknown>>) => void;
		if (!(await budget.command(asker)).ok) return reply(failure('rate_limited'));
		// valibot's object schemas let arrays and Buffers through (an empty one passes
		// member:checkin); a command is one plain JSON object, nothing else.
		if (!isPlainObject(payload)) return reply(failure('bad_request', ['a command payload is one JSON object']));
		if (jsonSize(payload) > commandByteLimit(name)) return reply(failure('payload_too_large'));
		const parsed = v.safeParse(commandSchemas[name], payload);
		if (!parsed.success) return reply(failure('bad_request', describeIssues(parsed.issues)));
		const checked = commands.validate(name, parsed.output);
		if (!checked.ok) return reply(failure('bad_request', checked.issues));
		const { mealId, memberId, role } = socket.data;
		try {
			reply(await commands.run({ name, mealId, actor: { role, memberId }, payload: checked.payload }));
		} catch (error) {
			log.error('command failed', { mealId, command: name, error: String(error) });
			reply(failure(health.failed(error) ? 'saving_paused' : 'internal'));
		}
	}
}

/** The invitations one member may see: to them, or offered by them. */
function invitesOf(state: BoardState, memberId: string): Invite[] {
	return [...(state.invites?.values() ?? [])].filter((i) => i.memberId === memberId || i.by === memberId);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function protocolError(socket: TableeSocket, event: string, code: ErrorCode, issues?: string[]) {
	socket.emit('protocol:error', { event, ...errorBody(code, issues) });
}

function jsonSize(value: unknown): number {
	try {
		return JSON.stringify(value ?? null)?.length ?? 0;
	} catch {
		return Infinity;
	}
}
