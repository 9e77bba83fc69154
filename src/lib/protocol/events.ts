/**
 * The typed Socket.IO event map shared by `src` and `server`: every emit, handler and
 * ack on either side is checked against it. Payload *shapes* are enforced at runtime by
 * the schemas in schemas.ts; these types describe what a valid payload looks like.
 */
import type { ErrorBody } from './errors.ts';
import type { CommandInput, CommandName, ServerLeaving } from './schemas.ts';
import type { Invite, LivePrompt, LocalizedText, MealMeta, Role } from '../domain/types.ts';
import type { PromptCategory, PromptPhase } from '../prompts/types.ts';
import type { AgeBracket, Fact, MemberProfile } from '../people/facts.ts';
import type { PastIntroduction } from '../people/introductions.ts';
import type { SurveyAnswer } from '../survey/survey.ts';

/** What a successful command returns, per command; most return nothing more than ok. */
export interface CommandResults {
	'task:add': { taskId: string };
	/** The id of the live prompt (the board's `prompt.current.id`, or the one sent to `to`). */
	'prompt:push': { id: string };
	'member:walkin': { memberId: string };
	'task:invite': { inviteId: string };
	'task:handover': { inviteId: string };
	/** The canteen's prompt uses of the last 8 weeks, oldest first (Canteen Master only). */
	'prompt:history': { history: PromptHistoryEntry[] };
	/** Present when the member's phone had a device id: the ban recorded for the canteen. */
	'member:ban': { banId?: string };
	'ban:list': { bans: BanEntry[] };
	/** The canteen's own list, cleaned (the built-in words are never sent). */
	'words:list': { words: string[] };
	'words:set': { words: string[] };
	/** The network's new cap of members in this meal. */
	'joins:allow': { cap: number };
	/** How many members the wave removal took. */
	'members:remove-wave': { removed: number };
	/** The meal's canteen's own prompts, not archived, oldest first (Canteen Master only). */
	'prompt:library': { prompts: CanteenPromptEntry[] };
	/** A new kitchen-screen key for this meal, shown once: the link is `/screen/<mealId>#key=<key>`. */
	'screen:link': { key: string };
	/** How many issued links were revoked. */
	'screen:revoke': { revoked: number };
	/** `null`: nothing shared with this canteen (never, or withdrawn). */
	'profile:get': { profile: OwnProfile | null };
	'profile:set': { profile: OwnProfile | null };
	'people:get': PeopleSnapshot;
	/** What is stored now for this member and meal (src/lib/survey/survey.ts). */
	'survey:answer': { answer: SurveyAnswer };
	/** `null`: not answered (yet). */
	'survey:get': { answer: SurveyAnswer | null };
}

/** A prompt the canteen wrote, as the console ranks it beside the library. */
export interface CanteenPromptEntry {
	id: string;
	category: PromptCategory;
	phases: PromptPhase[];
	text: LocalizedText;
	keywords: string[];
}

/** What a member shares with the canteen, as their own phone sees it. */
export interface OwnProfile {
	consentAt: number;
	facts: Fact[];
	languages: string[];
	ageBracket?: AgeBracket;
}

/**
 * The Canteen Master's people data for this meal (`people:get`, and the `people` event
 * pushed to master sockets only). Everything is in this meal's member ids.
 */
export interface PeopleSnapshot {
	/** Consented profiles of members on the board; `firstVisitAt` from the canteen's records. */
	profiles: MemberProfile[];
	/**
	 * Previous meals at this canteen and the last one, for members whose phone the canteen
	 * knows (a device id); absent: unknown (walk-ins, phones without storage).
	 */
	visits: Record<string, { past: number; lastAt?: number }>;
	/** Introductions marked done at this canteen in the last 8 weeks, between members here. */
	introductions: PastIntroduction[];
}

/** A blocked device as the Canteen Master sees it: the name at the time, nothing else. */
export interface BanEntry {
	id: string;
	name: string;
	at: number;
}
export type CommandResult<N extends CommandName> = N extends keyof CommandResults
	? CommandResults[N]
	: Record<string, never>;

export interface PromptHistoryEntry {
	promptId: string;
	mealId: string;
	usedAt: number;
	/** Member ids who heard it: checked in at a push to all, or the one member it went to. */
	audience: string[];
}

export type Ack<T = Record<string, never>> = ({ ok: true } & T) | ({ ok: false } & ErrorBody);
export type CommandAck<N extends CommandName> = Ack<CommandResult<N>>;

type CommandEvents = {
	[N in CommandName]: (payload: CommandInput<N>, ack: (res: CommandAck<N>) => void) => void;
};

export type ClientToServerEvents = CommandEvents & {
	/**
	 * A y-protocols sync message, binary (a Socket.IO attachment). Clients only ever send
	 * sync step 1 (their state vector); the server answers with step 2 holding exactly what
	 * they miss.
	 */
	y: (message: Uint8Array) => void;
};

export interface Welcome {
	v: number;
	role: Role;
	mealId: string;
	memberId?: string;
	/** The short code members type or scan to join; shown on the kitchen screen. */
	joinCode: string;
	/** Canteen Master only: the read-only key for the kitchen-screen link. */
	screenKey?: string;
	meta: MealMeta;
	serverTime: number;
}

export interface JoinCodeInfo {
	code: string;
	/** When the next code replaces it, server clock. */
	rotatesAt: number;
}

export interface Presence {
	/** Member ids with at least one live socket on this meal, sorted. Sent once, to a newcomer. */
	online: string[];
}

/** Who came and who left since the last presence message (coalesced, at most every 250 ms). */
export interface PresenceDelta {
	joined: string[];
	left: string[];
}

export interface ServerToClientEvents {
	welcome: (welcome: Welcome) => void;
	/**
	 * A y-protocols message: a sync step 2 as binary (a browser receives an ArrayBuffer, Node
	 * a Buffer), or a board update as base64 text, the same frame for every phone of the meal.
	 */
	y: (message: string | ArrayBuffer | Uint8Array) => void;
	/**
	 * A sync step 2 deflated (zlib, RFC 1950), for a phone that said `deflate: true` in its
	 * handshake: the first sync of a whole board shrinks to about a quarter.
	 */
	'y:deflated': (message: ArrayBuffer | Uint8Array) => void;
	/** The full list, once per connection, right after the welcome. */
	presence: (presence: Presence) => void;
	/** Then only changes, to the whole meal. */
	'presence:delta': (delta: PresenceDelta) => void;
	/** For events that came without an ack callback, or that do not exist. */
	'protocol:error': (error: ErrorBody & { event: string }) => void;
	/**
	 * An icebreaker for this member only (`prompt:push` with `to`). Ephemeral: never in the
	 * board document, not stored, not replayed to a phone that connects later.
	 */
	prompt: (prompt: LivePrompt) => void;
	/** The Canteen Master removed this member from the meal; the server disconnects right after. */
	removed: (info: { mealId: string }) => void;
	/**
	 * Kitchen-screen and Canteen Master sockets only: the join code people can use now, on
	 * connect and each time it rotates (server/realtime/join-codes.ts).
	 */
	joincode: (info: JoinCodeInfo) => void;
	/** Canteen Master sockets only: the people data changed (a profile saved, an introduction done). */
	people: (snapshot: PeopleSnapshot) => void;
	/**
	 * Canteen Master sockets only: joins from one network (a short tag, never an address)
	 * were refused because it reached its cap for this meal; `joins:allow` lets more in.
	 */
	'joins:refused': (info: JoinsRefused) => void;
	/**
	 * Canteen Master sockets only: a y-protocols message of the meal's masters document
	 * (times, the canteen, every invitation; board-doc/doc.ts). The whole document as a
	 * binary step 2 on connect, then each update as base64 text.
	 */
	ym: (message: string | ArrayBuffer | Uint8Array) => void;
	/**
	 * Member sockets only: invitations to this member or offered by them, nobody else's.
	 * On connect every one of them (`all: true`, replacing what the phone had), then each
	 * one that changes.
	 */
	invites: (update: InvitesUpdate) => void;
	/**
	 * This instance is shutting down (SIGTERM): finish pending commands, then reconnect
	 * after a random delay within `reconnectWithinMs`; the balancer picks another instance.
	 */
	'server:leaving': (info: ServerLeaving) => void;
}

export interface InvitesUpdate {
	invites: Invite[];
	all?: true;
}

export interface JoinsRefused {
	network: string;
	/** Refusals since the cap was last raised. */
	refused: number;
	cap: number;
}

/** Between instances, through the Socket.IO Redis adapter (server/scale/): never seen by a client. */
export interface InterServerEvents {
	/** A meal's screen links were revoked: each instance closes its own read-only /yjs/ screens on them. */
	'screen-links:revoked': (mealId: string) => void;
}

export interface SocketData {
	role: Role;
	mealId: string;
	/** Read with the meal at the handshake, so the welcome needs no second lookup. */
	joinCode: string;
	memberId?: string;
	/** A kitchen screen opened by a key from `screen:link`: disconnected when links are revoked. */
	screenLink?: boolean;
	/** A Canteen Master signed in by session: their account, disconnected when taken off the team. */
	staffUserId?: string;
}
