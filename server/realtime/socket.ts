/**
 * The Socket.IO side: translate frames into typed commands and answers back. It holds no
 * rules: authentication is in auth/, decisions in src/lib/domain, storage and fan-out in
 * board/. Every inbound event is size-checked, rate-limited and schema-parsed here first.
 */
import type { Server, Socket } from 'socket.io';
import * as v from 'valibot';
import { encodeStep2, readClientStep1 } from '../../src/lib/board-doc/sync.ts';
import { decide } from '../../src/lib/domain/board.ts';
import { errorBody, type ErrorCode } from '../../src/lib/protocol/errors.ts';
import type {
	Ack,
	ClientToServerEvents,
	InterServerEvents,
	ServerToClientEvents,
	SocketData
} from '../../src/lib/protocol/events.ts';
import {
	commandByteLimit,
	commandSchemas,
	COMMAND_NAMES,
	describeIssues,
	isCommandName,
	syncMessage,
	type AnyCommand,
	type CommandName
} from '../../src/lib/protocol/schemas.ts';
import { PROTOCOL_VERSION } from '../../src/lib/protocol/version.ts';
import { authenticate, sameOrigin } from '../auth/authenticate.ts';
import { deriveScreenKey, newId } from '../auth/secrets.ts';
import { commandPipeline, type CommandCall, type CommandHooks } from './hooks.ts';
import { lookupPrompt, memberRoom } from './prompts.ts';
import type { Rooms } from '../board/rooms.ts';
import type { Asker, CommandBudget } from '../limits/command-budget.ts';
import type { createConnectionCaps } from '../limits/connection-caps.ts';
import type { Logger } from '../log.ts';
import type { WriteHealth } from '../ops/write-health.ts';
import type { PresenceTracker } from '../presence/presence.ts';
import type { Storage } from '../storage/storage.ts';

export type TableeIO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type TableeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const mealRoom = (mealId: string) => `meal:${mealId}`;

export interface RealtimeOptions {
	io: TableeIO;
	storage: Storage;
	rooms: Rooms;
	presence: PresenceTracker;
	log: Logger;
	/** Commands and sync requests per socket, member and address (limits/command-budget.ts). */
	budget: CommandBudget;
	/** Live connections per member token and per address, refused at the handshake. */
	connections: ReturnType<typeof createConnectionCaps>;
	addressOf: (socket: TableeSocket) => string;
	/** What each concern adds around decide(), in order (see hooks.ts); composed in app.ts. */
	hooks: readonly CommandHooks[];
	/** Told of storage failures, so the phone hears "saving paused" and /readyz fails. */
	health: WriteHealth;
}

export function attachRealtime({
	io,
	storage,
	rooms,
	presence,
	log,
	hooks,
	health,
	budget,
	connections,
	addressOf
}: RealtimeOptions): void {
	const pipeline = commandPipeline(hooks);
	io.use(async (socket, next) => {
		try {
			const { headers } = socket.handshake;
			const cookie = sameOrigin(headers) ? headers.cookie : undefined;
			const result = await authenticate({ storage, rooms }, socket.handshake.auth, cookie);
			if (!result.ok) {
				const err = new Error(result.code) as Error & { data: unknown };
				err.data = errorBody(result.code, result.issues);
				return next(err);
			}
			socket.data = result.data;
			const { mealId, memberId } = result.data;
			const admitted = connections.admit({
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
			const err = new Error('internal') as Error & { data: unknown };
			err.data = errorBody('internal');
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

		// Handlers first, so nothing the client sends right after connecting is missed.
		socket.on('y', (message: unknown) => {
			void answerSync(message).catch((error) => {
				log.error('sync failed', { mealId, error: String(error) });
				protocolError(socket, 'y', 'internal');
			});
		});
		// A sync request is answered with everything the asker lacks (the whole board for an
		// empty state vector): limited per connection and charged by the size of the answer.
		async function answerSync(message: unknown) {
			if (!(await budget.syncRequest(asker)).ok) return protocolError(socket, 'y', 'rate_limited');
			const parsed = v.safeParse(syncMessage, message);
			if (!parsed.success) return protocolError(socket, 'y', 'bad_request', describeIssues(parsed.issues));
			const step1 = readClientStep1(parsed.output);
			if (!step1.ok) return protocolError(socket, 'y', step1.code);
			const step2 = await rooms.read(mealId, (_state, room) => encodeStep2(room.doc, step1.stateVector));
			await budget.syncAnswer(asker, step2.length);
			socket.emit('y', step2);
		}

		for (const name of COMMAND_NAMES) {
			// The ack is whatever comes last: a command sent with an ack but no payload (or with
			// extra arguments) must still be answered, not left waiting for a timeout.
			socket.on(name, (...args: unknown[]) => {
				const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
				const payload = args.length === 1 ? args[0] : undefined;
				void runCommand(socket, asker, name, payload, ack);
			});
		}

		socket.onAny((event: string, ...args: unknown[]) => {
			if (event === 'y' || isCommandName(event)) return;
			const ack = args.at(-1);
			if (typeof ack === 'function') ack(failure('unknown_event'));
			else protocolError(socket, String(event).slice(0, 64), 'unknown_event');
		});

		// The phone may drop during any await below: release exactly what was taken, once,
		// or a board could be unloaded under a live socket (or a ghost stay "connected").
		let retained = false;
		let present = false;
		socket.on('disconnect', () => {
			if (retained) rooms.release(mealId);
			if (present && memberId) presence.disconnect(mealId, memberId);
		});

		const room = await rooms.retain(mealId);
		if (socket.disconnected) return rooms.release(mealId);
		retained = true;
		await socket.join(mealRoom(mealId));
		// A prompt for one member goes to this room only (prompts.ts), never to the meal's.
		if (memberId) await socket.join(memberRoom(mealId, memberId));
		await pipeline.onConnect(socket);
		if (socket.disconnected) return;
		if (memberId) {
			presence.connect(mealId, memberId);
			present = true;
		}
		const meta = await room.exclusive(() => room.doc.getMap('meta').get('meal'));
		socket.emit('welcome', {
			v: PROTOCOL_VERSION,
			role,
			mealId,
			...(memberId ? { memberId } : {}),
			joinCode: socket.data.joinCode,
			// Derivable only from a master key; a signed-in master came without one.
			...(role === 'master' && typeof socket.handshake.auth.key === 'string'
				? { screenKey: deriveScreenKey(socket.handshake.auth.key) }
				: {}),
			meta: meta as never,
			serverTime: Date.now()
		});
		// Who is here now, for this phone only; the room hears of it when presence flushes.
		socket.emit('presence', { online: presence.online(mealId) });
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
		const checked = pipeline.validate(name, parsed.output);
		if (!checked.ok) return reply(failure('bad_request', checked.issues));
		const input = checked.payload;

		const { mealId, memberId, role } = socket.data;
		const command = { name, payload: input } as AnyCommand;
		const cid = command.payload.cid;
		// The command name is part of the key: a cid reused for another command must not be
		// answered with that command's ack (a task:add answered { ok: true } without taskId).
		const cacheKey = cid ? `${memberId ?? role}:${name}:${cid}` : undefined;
		try {
			const room = await rooms.get(mealId);
			// The cache holds the answer as a promise, looked up and set with no await between:
			// a retry arriving while the first attempt is still being applied waits for its
			// answer instead of applying the command a second time.
			const cached = cacheKey ? (room.acks.get(cacheKey) as Promise<Answer> | undefined) : undefined;
			if (cached) return reply(await cached);
			const call: CommandCall = { name, mealId, actor: { role, memberId }, payload: input, now: Date.now() };
			const answer = pipeline
				.beforeDecide(call)
				.then((extra) =>
					rooms.apply(mealId, (state) =>
						decide(state, command, call.actor, {
							now: Date.now(),
							newId: () => newId('t_', 10),
							lookupPrompt,
							...extra
						})
					)
				)
				.then(async (decision): Promise<Answer> => {
					if (!decision.ok) return failure(decision.code);
					const after = await pipeline.afterDecide({ ...call, now: Date.now() }, { ...decision.result });
					if (!after.ok) return failure(after.code);
					return { ok: true, ...stripEmpty(after.result) };
				});
			if (cacheKey) {
				room.acks.set(cacheKey, answer);
				// A failure to store is not an answer: a retry must try again.
				answer.catch(() => room.acks.delete(cacheKey));
			}
			reply(await answer);
		} catch (error) {
			log.error('command failed', { mealId, command: name, error: String(error) });
			reply(failure(health.failed(error) ? 'saving_paused' : 'internal'));
		}
	}
}

type Answer = Ack<Record<string, unknown>>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function failure(code: ErrorCode, issues?: string[]): { ok: false } & ReturnType<typeof errorBody> {
	return { ok: false, ...errorBody(code, issues) };
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

function stripEmpty(result: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined));
}
