/**
 * Error codes shared by server and client. Expected errors (bad input, forbidden, taken…)
 * carry one of these codes; anything unexpected is logged on the server and reaches the
 * client only as `internal`, never with a stack or a message from inside.
 */
export const ErrorCode = {
	BadRequest: 'bad_request',
	PayloadTooLarge: 'payload_too_large',
	UnknownEvent: 'unknown_event',
	Unauthorized: 'unauthorized',
	Forbidden: 'forbidden',
	NotFound: 'not_found',
	UnknownCode: 'unknown_code',
	CodeExpired: 'code_expired',
	TaskNotFound: 'task_not_found',
	TaskFull: 'task_full',
	AlreadyClaimed: 'already_claimed',
	NotClaimed: 'not_claimed',
	TaskDone: 'task_done',
	TaskNotDone: 'task_not_done',
	SlotsBelowClaims: 'slots_below_claims',
	TooManyTasks: 'too_many_tasks',
	MemberNotFound: 'member_not_found',
	NotCheckedIn: 'not_checked_in',
	MealNotOpen: 'meal_not_open',
	MealFull: 'meal_full',
	// Joins from one network (one address) reached what the Canteen Master allows for this meal.
	NetworkFull: 'network_full',
	// Too many live connections for this member or this address.
	TooManyConnections: 'too_many_connections',
	InvalidTransition: 'invalid_transition',
	ReadOnly: 'read_only',
	RateLimited: 'rate_limited',
	ProtocolVersion: 'protocol_version',
	MethodNotAllowed: 'method_not_allowed',
	Unavailable: 'unavailable',
	// Storage refuses writes (disk full, damaged or read-only file, Redis or PostgreSQL away): not confirmed.
	SavingPaused: 'saving_paused',
	InviteNotFound: 'invite_not_found',
	InviteClosed: 'invite_closed',
	AlreadyInvited: 'already_invited',
	NotWalkIn: 'not_walk_in',
	WalkIn: 'walk_in',
	Internal: 'internal',
	PromptNotFound: 'prompt_not_found',
	RecipientNotHere: 'recipient_not_here',
	NameRefused: 'name_refused',
	Removed: 'removed',
	Banned: 'banned',
	BanNotFound: 'ban_not_found',
	// A canteen's own prompts and kitchen-screen links.
	PromptArchived: 'prompt_archived',
	TooManyScreenLinks: 'too_many_screen_links',
	// Partner links (server/partners/links.ts).
	LinkExpired: 'link_expired',
	LinkRevoked: 'link_revoked',
	// The end-of-meal survey opens when the meal is at the table (eating) or over.
	SurveyNotOpen: 'survey_not_open',
	// Partner webhooks (server/partners/webhooks.ts).
	WebhookUrlInvalid: 'webhook_url_invalid',
	TooManyWebhooks: 'too_many_webhooks',
	WebhookNotFound: 'webhook_not_found',
	// Task timers (domain/timers.ts).
	TimerNotRunning: 'timer_not_running',
	TimerNotPaused: 'timer_not_paused',
	NoTimer: 'no_timer'
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Developer-facing English messages; the UI translates codes itself (see i18n). */
export const errorMessages: Record<ErrorCode, string> = {
	bad_request: 'The request does not match the expected shape.',
	payload_too_large: 'The request is larger than allowed.',
	unknown_event: 'This event does not exist in this protocol version.',
	unauthorized: 'Missing or invalid credentials.',
	forbidden: 'Your role is not allowed to do this.',
	not_found: 'Not found.',
	unknown_code: 'No meal has this join code.',
	code_expired: 'This join code has changed; the current one is on the kitchen screen.',
	task_not_found: 'This task does not exist (it may have been removed).',
	task_full: 'Every place of this task has just been taken.',
	already_claimed: 'You already have a place on this task.',
	not_claimed: 'You have no place on this task.',
	task_done: 'This task is already done.',
	task_not_done: 'This task is not done.',
	slots_below_claims: 'A task cannot have fewer places than people already on it.',
	too_many_tasks: 'This meal has reached its maximum number of tasks.',
	member_not_found: 'This member is not part of the meal.',
	not_checked_in: 'Check in to the meal first.',
	meal_not_open: 'This meal is not open right now.',
	meal_full: 'This meal has reached its maximum number of members.',
	network_full: 'Many people already joined this meal from this network; the Canteen Master can let more in.',
	too_many_connections: 'Too many open connections from this phone or this network; close other tabs and try again.',
	invalid_transition: 'The meal cannot move to that stage from where it is.',
	read_only: 'The board is changed only through commands.',
	rate_limited: 'Too many requests; slow down a little.',
	protocol_version: 'This page is out of date; reload it.',
	method_not_allowed: 'Method not allowed on this route.',
	unavailable: 'The service is briefly unavailable; try again.',
	saving_paused:
		'The server cannot save right now (its storage refuses writes or is unreachable) and keeps retrying; this change is not confirmed: the board shows what was saved.',
	invite_not_found: 'This invitation does not exist, or is not addressed to you.',
	invite_closed: 'This invitation was already answered or withdrawn.',
	already_invited: 'This member already has a pending invitation to this task.',
	not_walk_in: 'This member has a phone: invite them instead of assigning them.',
	walk_in: 'This member has no phone here: the Canteen Master assigns them instead.',
	internal: 'Something went wrong on the server.',
	prompt_not_found: 'No prompt in the library has this id.',
	recipient_not_here: 'This member is not checked in to the meal.',
	name_refused: 'This name cannot be used here.',
	removed: 'The Canteen Master removed you from this meal.',
	banned: 'This device cannot join this canteen’s meals.',
	ban_not_found: 'No block with this id in this canteen.',
	prompt_archived: 'This canteen prompt is archived; restore it on the canteen’s prompts page first.',
	too_many_screen_links: 'This meal has too many kitchen-screen links; revoke them before making another.',
	link_expired: 'This partner link has expired; ask the canteen for a new one.',
	link_revoked: 'This partner link was revoked; ask the canteen for a new one.',
	survey_not_open: 'The survey opens once the meal is at the table (eating) or closed.',
	webhook_url_invalid:
		'A webhook URL must be https to a public address (http only for localhost in development), without credentials, at most 500 characters.',
	too_many_webhooks: 'This partner link has the most webhooks it may have; delete one first.',
	webhook_not_found: 'This partner link has no webhook with this id.',
	timer_not_running: 'This task has no running timer to pause.',
	timer_not_paused: 'This task has no paused timer to resume.',
	no_timer: 'This task has no timer.'
};

export interface ErrorBody {
	code: ErrorCode;
	message: string;
	/** Present on bad_request: where the input was wrong. */
	issues?: string[];
}

export function errorBody(code: ErrorCode, issues?: string[]): ErrorBody {
	return issues && issues.length > 0
		? { code, message: errorMessages[code], issues }
		: { code, message: errorMessages[code] };
}
