/**
 * One schema per inbound payload: every socket event, the handshake and every HTTP body
 * is parsed with these before anything else looks at it. Types alone do not validate.
 */
import * as v from 'valibot';
import { MEAL_STATUSES, TASK_KINDS } from '../domain/types.ts';
import { localizedText, singleLine } from './text.ts';
import { promptCommandSchemas } from './prompt-schemas.ts';
import { invitationCommandSchemas } from './invitation-schemas.ts';
import { attendanceCommandSchemas } from './attendance-schemas.ts';
import { deviceId, moderationCommandSchemas } from './moderation-schemas.ts';
import { screenLinkCommandSchemas } from './screen-link-schemas.ts';
import { screenRemoteCommandSchemas } from './screen-remote-schemas.ts';
import { peopleCommandSchemas } from './people-schemas.ts';
import { surveyCommandSchemas } from './survey-schemas.ts';
import { erasureCommandSchemas } from './erasure-schemas.ts';
import { timerCommandSchemas } from './timer-schemas.ts';

export const LIMITS = {
	nameLength: 40,
	titleLength: 80,
	maxSlots: 30,
	maxTasks: 120,
	maxMembers: 300,
	/** Any one command's JSON, well above what a legitimate command needs. */
	commandBytes: 4096,
	/** `words:set` only: 200 refused words of 40 characters each must fit. */
	wordsCommandBytes: 10_240,
	/** A y-protocols sync step 1 carries a state vector: small. */
	syncMessageBytes: 12288,
	joinBodyBytes: 2048
} as const;

const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an id'));
/** Client-chosen command id: a retried command with the same cid is answered, not re-applied. */
const cid = v.optional(id);

export const displayName = singleLine({ what: 'name', max: LIMITS.nameLength });

// Emoji sequences are built from joiners and variation selectors, which is the point here.
const emojiPattern =
	// eslint-disable-next-line no-misleading-character-class
	/^(?:\p{Extended_Pictographic}|\p{Regional_Indicator})[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}\u200d\ufe0f\u20e3]*$/u;

export const emoji = v.pipe(
	v.string(),
	v.maxLength(16, 'emoji is too long'),
	v.check((s) => s === '' || emojiPattern.test(s), 'must be a single emoji')
);

export const localizedTitle = localizedText({ what: 'title', max: LIMITS.titleLength });

const slots = v.pipe(
	v.number(),
	v.integer('slots must be a whole number'),
	v.minValue(1, 'at least one place'),
	v.maxValue(LIMITS.maxSlots, `at most ${LIMITS.maxSlots} places`)
);

const taskRef = v.strictObject({ cid, taskId: id });
const empty = v.strictObject({ cid });

export const commandSchemas = {
	'task:claim': taskRef,
	'task:release': taskRef,
	'task:done': taskRef,
	'task:reopen': taskRef,
	'task:add': v.strictObject({
		cid,
		kind: v.picklist(TASK_KINDS),
		title: localizedTitle,
		slots
	}),
	'task:edit': v.pipe(
		v.strictObject({
			cid,
			taskId: id,
			kind: v.optional(v.picklist(TASK_KINDS)),
			title: v.optional(localizedTitle),
			slots: v.optional(slots),
			order: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)))
		}),
		v.check(
			(p) => p.kind !== undefined || p.title !== undefined || p.slots !== undefined || p.order !== undefined,
			'nothing to change'
		)
	),
	'task:remove': taskRef,
	'member:checkin': empty,
	'member:checkout': empty,
	'member:rename': v.strictObject({ cid, name: displayName, emoji: v.optional(emoji) }),
	'meal:status': v.strictObject({ cid, status: v.picklist(MEAL_STATUSES) }),
	...promptCommandSchemas,
	...invitationCommandSchemas,
	...moderationCommandSchemas,
	...screenLinkCommandSchemas,
	...screenRemoteCommandSchemas,
	...peopleCommandSchemas,
	...surveyCommandSchemas,
	...erasureCommandSchemas,
	...attendanceCommandSchemas,
	...timerCommandSchemas
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandInput<N extends CommandName> = v.InferInput<(typeof commandSchemas)[N]>;
export type CommandPayload<N extends CommandName> = v.InferOutput<(typeof commandSchemas)[N]>;
export type AnyCommand = { [N in CommandName]: { name: N; payload: CommandPayload<N> } }[CommandName];

export const COMMAND_NAMES = Object.keys(commandSchemas) as CommandName[];

/**
 * The largest JSON a command may carry: `LIMITS.commandBytes`, except for the commands
 * whose valid payloads are larger by design (a list of 200 refused words of 40 characters).
 */
const COMMAND_BYTES: Partial<Record<CommandName, number>> = { 'words:set': LIMITS.wordsCommandBytes };

export function commandByteLimit(name: CommandName): number {
	return COMMAND_BYTES[name] ?? LIMITS.commandBytes;
}

export function isCommandName(name: string): name is CommandName {
	return Object.hasOwn(commandSchemas, name);
}

/** Binary: a Buffer on the server (Node), which is a Uint8Array. */
export const syncMessage = v.pipe(
	v.instance(Uint8Array, 'must be binary'),
	v.check((bytes) => bytes.length <= LIMITS.syncMessageBytes, 'sync message too large')
);

const credential = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,128}$/, 'malformed credential'));

/** The phone can inflate (DecompressionStream): a first sync may come deflated (`y:deflated`). */
const deflate = v.optional(v.literal(true));

/** Socket.IO handshake `auth`. The role is a claim checked against the credential. */
export const handshakeSchema = v.variant('role', [
	v.strictObject({ v: v.number(), role: v.literal('member'), mealId: id, token: credential, deflate }),
	// Without a key, the master is a signed-in staff member: the session cookie is checked.
	v.strictObject({ v: v.number(), role: v.literal('master'), mealId: id, key: v.optional(credential), deflate }),
	v.strictObject({ v: v.number(), role: v.literal('screen'), mealId: id, key: credential, deflate })
]);
export type Handshake = v.InferOutput<typeof handshakeSchema>;

/** Join codes are typed by people: case, spaces and dashes are forgiven. */
export const joinCode = v.pipe(
	v.string(),
	v.maxLength(32),
	v.transform((s) => s.toUpperCase().replace(/[\s-]/g, '')),
	v.regex(/^[A-Z0-9]{4,12}$/, 'malformed join code')
);

export const joinBody = v.strictObject({
	name: displayName,
	emoji: v.optional(emoji, ''),
	/** The phone's device id (moderation: a blocked device cannot join the canteen's meals). */
	device: v.optional(deviceId)
});
export type JoinBody = v.InferOutput<typeof joinBody>;

/** Flattens valibot issues into short "path: message" lines for the error body. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
	return issues.slice(0, 5).map((issue) => {
		const path = issue.path?.map((p) => String(p.key)).join('.');
		return path ? `${path}: ${issue.message}` : issue.message;
	});
}

// ── Operations: an instance stopping (SIGTERM) tells its clients to reconnect elsewhere ──

/**
 * `server:leaving`, server to client: this instance is shutting down. The client finishes
 * the commands it is waiting on, then reconnects after a random delay within
 * `reconnectWithinMs` (so a meal's phones do not all arrive on another instance at once);
 * the load balancer sends it to an instance that is still ready.
 */
export const serverLeaving = v.strictObject({
	reconnectWithinMs: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(60_000))
});
export type ServerLeaving = v.InferOutput<typeof serverLeaving>;
