/**
 * Runs one parsed command through its handler (handlers.ts): board commands through the
 * meal's session (decide → append → fan-out → effects), direct ones straight to their
 * repository after `decide` allowed them. Knows no transport: socket.ts parses and acks.
 *
 * The answer is cached per (actor, command, cid) as a promise, looked up and set with no
 * await between: a retry arriving while the first attempt is still running waits for its
 * answer instead of applying the command (and its effects) a second time.
 */
import { decide, type DecideContext } from '../../src/lib/domain/board.ts';
import type { Effect } from '../../src/lib/domain/effects.ts';
import type { Actor } from '../../src/lib/domain/types.ts';
import { errorBody, type ErrorCode } from '../../src/lib/protocol/errors.ts';
import type { Ack } from '../../src/lib/protocol/events.ts';
import type { AnyCommand, CommandName, CommandPayload } from '../../src/lib/protocol/schemas.ts';
import { libraryPrompt } from '../../src/lib/prompts/library.ts';
import { newId } from '../auth/secrets.ts';
import type { Logger } from '../log.ts';
import type { MealSessions } from '../session/sessions.ts';
import { AckCache } from './ack-cache.ts';
import type { AnswerStore } from '../scale/answers.ts';
import type { MealSession } from '../session/meal-session.ts';
import type {
	BoardHandler,
	Call,
	EffectContext,
	EffectRunners,
	Handler,
	HandlerTable,
	Validation
} from './handlers.ts';

export type Answer = Ack<Record<string, unknown>>;

export function failure(code: ErrorCode, issues?: string[]): { ok: false } & ReturnType<typeof errorBody> {
	return { ok: false, ...errorBody(code, issues) };
}

export interface CommandInput<N extends CommandName> {
	name: N;
	mealId: string;
	actor: Actor;
	payload: CommandPayload<N>;
}

export interface CommandRunnerOptions {
	sessions: MealSessions;
	handlers: HandlerTable;
	effects: EffectRunners;
	log: Logger;
	/**
	 * Several instances: answers shared in Redis (server/scale/answers.ts), so a retry that
	 * lands on another instance after a reconnect gets the first answer. The per-session
	 * cache stays in front of it.
	 */
	answers?: AnswerStore<Answer>;
}

export function commandRunner({ sessions, handlers, effects, log, answers: shared }: CommandRunnerOptions) {
	function handlerOf<N extends CommandName>(name: N): Handler<N> | undefined {
		return handlers[name];
	}

	/** Answers to recent commands per loaded meal; forgotten with the session. */
	const answers = new WeakMap<MealSession, AckCache<Promise<Answer>>>();

	function context(extra: Partial<DecideContext> = {}): DecideContext {
		return {
			now: Date.now(),
			newId: () => newId('t_', 10),
			lookupPrompt: (promptId) => libraryPrompt(promptId)?.text,
			...extra
		};
	}

	return {
		/** The handler's own rules beyond the shared schema, before anything else runs. */
		validate<N extends CommandName>(name: N, payload: CommandPayload<N>): Validation<CommandPayload<N>> {
			return handlerOf(name)?.validate?.(payload) ?? { ok: true, payload };
		},

		async run<N extends CommandName>(input: CommandInput<N>): Promise<Answer> {
			const { name, mealId, actor, payload } = input;
			const session = await sessions.get(mealId);
			const cid = payload.cid;
			// The command name is part of the key: a cid reused for another command must not be
			// answered with that command's ack (a task:add answered { ok: true } without taskId).
			const cacheKey = cid ? `${actor.memberId ?? actor.role}:${name}:${cid}` : undefined;
			const acks = answers.get(session) ?? new AckCache<Promise<Answer>>();
			answers.set(session, acks);
			const cached = cacheKey ? acks.get(cacheKey) : undefined;
			if (cached) return cached;
			const call: Call<N> = { name, mealId, actor, payload, now: Date.now() };
			// The schemas derive one payload type per name; a generic name cannot be narrowed
			// back into the union `decide` takes, so the pair is rebuilt here, once.
			const command = { name, payload } as AnyCommand;
			const handler = handlerOf(name);
			const execute = () =>
				handler?.kind === 'direct' ? direct(call, command, handler.run) : board(call, command, handler);
			const answer = cacheKey && shared ? once(shared, cacheKey, execute) : execute();
			if (cacheKey) {
				acks.set(cacheKey, answer);
				// A failure to store is not an answer: a retry must try again.
				answer.catch(() => acks.delete(cacheKey));
			}
			return answer;

			/** Runs it here if no instance has, else answers what that run answered. */
			async function once(store: AnswerStore<Answer>, key: string, run: () => Promise<Answer>): Promise<Answer> {
				const claim = await store.claim(mealId, key);
				if (!claim.mine) {
					if ('answer' in claim) return claim.answer;
					// Still running elsewhere: no answer yet, so none to remember.
					acks.delete(key);
					return failure('unavailable');
				}
				let result: Answer;
				try {
					result = await run();
				} catch (error) {
					await store.release(mealId, key).catch(() => undefined);
					throw error;
				}
				// Applied already: the phone gets its answer even if Redis could not keep it (a
				// retry elsewhere then waits out the claim's expiry; docs/scale-out.md).
				await store
					.settle(mealId, key, result)
					.catch((error) => log.warn('answer not shared', { mealId, command: name, error: String(error) }));
				return result;
			}

			async function direct(
				call: Call<N>,
				command: AnyCommand,
				run: (call: Call<N>) => Promise<{ ok: true; result: object } | { ok: false; code: ErrorCode }>
			): Promise<Answer> {
				const allowed = decide(session.state, command, call.actor, context());
				if (!allowed.ok) return failure(allowed.code);
				if (allowed.changes.length > 0) {
					log.error('a direct command decided board changes', { command: call.name });
					return failure('internal');
				}
				const outcome = await run(call);
				return outcome.ok ? { ok: true, ...stripEmpty(outcome.result) } : failure(outcome.code);
			}

			async function board(call: Call<N>, command: AnyCommand, handler?: BoardHandler<N>): Promise<Answer> {
				const extra = handler ? await handler.context(call) : {};
				const decision = await session.apply((state) => decide(state, command, call.actor, context(extra)));
				if (!decision.ok) return failure(decision.code);
				const at: EffectContext = { mealId: call.mealId, now: Date.now() };
				let fields: object = {};
				for (const effect of decision.effects ?? []) fields = { ...fields, ...(await runEffect(effects, effect, at)) };
				return { ok: true, ...stripEmpty({ ...decision.result, ...fields }) };
			}
		}
	};
}

/** Each effect to its owner; a switch, so TypeScript pairs each effect with its runner. */
function runEffect(runners: EffectRunners, effect: Effect, at: EffectContext): Promise<object | void> {
	switch (effect.type) {
		case 'prompt:deliver':
			return runners['prompt:deliver'](effect, at);
		case 'prompt:record':
			return runners['prompt:record'](effect, at);
		case 'ban:record':
			return runners['ban:record'](effect, at);
		case 'member:disconnect':
			return runners['member:disconnect'](effect, at);
	}
}

function stripEmpty(result: object): Record<string, unknown> {
	return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined));
}
