/** The board's plain-data model. The Yjs document is its projection (see board-doc). */
import type { Locale, LocalizedText } from './locale.ts';
import type { Menu } from './menu.ts';

export const TASK_KINDS = ['cooking', 'table', 'dishes', 'welcome', 'other'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const MEAL_STATUSES = ['planned', 'open', 'cooking', 'eating', 'closed'] as const;
export type MealStatus = (typeof MEAL_STATUSES)[number];

/**
 * What the kitchen screen shows, chosen from the Canteen Master's console: the board as the
 * stage has it, the menu, the icebreaker full-screen, or nothing (a dark screen).
 */
export const SCREEN_VIEWS = ['board', 'menu', 'prompt', 'blank'] as const;
export type ScreenView = (typeof SCREEN_VIEWS)[number];

export const ROLES = ['member', 'master', 'screen', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export { LOCALES, type Locale, type LocalizedText } from './locale.ts';

export interface Claim {
	memberId: string;
	/** When the place was taken: in the masters document only (absent on phones and screens). */
	at?: number;
}

export interface Task {
	id: string;
	kind: TaskKind;
	title: LocalizedText;
	slots: number;
	/** Position within the board; smaller first. */
	order: number;
	status: 'open' | 'done';
	claims: Claim[];
	createdAt: number;
	doneAt?: number;
	doneBy?: string;
	/** One emoji beside the title, from the task template the task was made from. */
	icon?: string;
	/** A countdown the Canteen Master started on this task (domain/timers.ts). */
	timer?: TaskTimer;
}

/**
 * A task's countdown, on the server's clock: running (`endsAt`) or paused (`remainingMs`,
 * what was left). `durationMs` is what it was started with, for a reset.
 */
export interface TaskTimer {
	durationMs: number;
	endsAt?: number;
	remainingMs?: number;
}

/**
 * A member's times at one meal: kept in the masters document (Canteen Masters only) and,
 * as arrival and departure, in storage (`storage.attendance`). Phones and the kitchen
 * screen never receive them.
 */
export interface MemberTimes {
	joinedAt?: number;
	checkedInAt?: number;
	checkedOutAt?: number;
	/** Departure recorded when the meal closed while still checked in. */
	leftAt?: number;
}

export interface Member extends MemberTimes {
	id: string;
	name: string;
	emoji: string;
	/**
	 * Recorded arrival. Kept when a phone sleeps or drops its socket; only an explicit
	 * check-out (or leaving) clears it. Attendance counts this, never sockets.
	 */
	checkedIn: boolean;
	/** Added by the Canteen Master for someone without a phone: no token, assigned rather than invited. */
	walkIn?: boolean;
	/** The phone's UI language (member:locale), so prompts suit who is at the table. */
	locale?: Locale;
	/** Erased (by themselves, or by the retention job): no name any more, shown as "a neighbour" (domain/erasure.ts). */
	erased?: true;
}

export interface MealMeta {
	id: string;
	/** In the masters document only: absent on phones and screens. */
	canteenId?: string;
	title: string;
	/** For English phones and screens (mealTitle in domain/meal-title.ts); absent: the French one. */
	titleEn?: string;
	/** Local date of the meal, YYYY-MM-DD. */
	date: string;
	/** Local time, HH:MM. */
	time: string;
	status: MealStatus;
	/**
	 * What the Canteen Master planned: menu, duration, at-cost price per plate, capacity.
	 * On the board so phones show the menu (allergens) and the screen the places left,
	 * live when the plan changes. Absent on meals created before planning existed.
	 */
	plan?: MealPlanDetails;
	/** The console's remote for the kitchen screen (domain/screen.ts); absent: the board, no figure. */
	screen?: ScreenSettings;
}

/** Set from the console only (`screen:show`, `screen:coverage`); read by the kitchen screen. */
export interface ScreenSettings {
	view: ScreenView;
	/**
	 * How much of the meal's costs the contributions cover so far, in percent, when the
	 * Canteen Master chooses to show it; absent: not shown.
	 */
	coveragePercent?: number;
}

/** The planned parts of a meal besides its title, date, time and stage (domain/planning.ts). */
export interface MealPlanDetails {
	durationMinutes: number;
	menu: Menu;
	/** Euro cents; a guide for pay-as-you-feel, never charged. */
	pricePerPlateCents: number;
	/** Places in the room. */
	capacity: number;
}

export interface BoardState {
	meta: MealMeta | undefined;
	tasks: ReadonlyMap<string, Task>;
	members: ReadonlyMap<string, Member>;
	/** Invitations to tasks and hand-overs (Yjs map `invites`); absent on boards built without them. */
	invites?: ReadonlyMap<string, Invite>;
	/** The icebreaker shown to everyone right now (Yjs map `prompt`, key `current`). */
	prompt?: LivePrompt;
}

/** An icebreaker pushed by the Canteen Master: from the library (promptId) or a one-off. */
export interface LivePrompt {
	id: string;
	promptId?: string;
	text: LocalizedText;
	pushedAt: number;
}

/**
 * A proposal to take a place: from the Canteen Master (`invite`) or from a member holding
 * a place (`handover`, `by` is their id). Only the invited member answers it.
 */
export interface Invite {
	id: string;
	taskId: string;
	memberId: string;
	by: 'master' | (string & {});
	kind: 'invite' | 'handover';
	createdAt: number;
	status: 'pending' | 'accepted' | 'declined' | 'cancelled';
}

/** Who is acting: resolved by the server from credentials, never taken from a payload. */
export interface Actor {
	role: Role;
	memberId?: string;
}

/** A change to the board, produced by domain rules and applied to the document as-is. */
export type Change =
	| { type: 'task:set'; task: Task }
	| { type: 'task:delete'; taskId: string }
	| { type: 'member:set'; member: Member }
	/** Removed by the Canteen Master (moderation.ts): off the board, their token no longer opens it. */
	| { type: 'member:delete'; memberId: string }
	| { type: 'meta:set'; meta: MealMeta }
	| { type: 'invite:set'; invite: Invite }
	| { type: 'prompt:set'; prompt: LivePrompt }
	| { type: 'prompt:clear' };
