import type { CommandName } from '../protocol/schemas.ts';
import type { Role } from './types.ts';

/**
 * Who may send which command. Checked on the server before any rule runs; the UI uses
 * the same table only to hide buttons. The kitchen screen and partners send nothing.
 */
export const COMMAND_ROLES: Record<CommandName, readonly Role[]> = {
	'task:claim': ['member'],
	'task:release': ['member'],
	'task:done': ['member', 'master'],
	'task:reopen': ['member', 'master'],
	'task:add': ['master'],
	'task:edit': ['master'],
	'task:remove': ['master'],
	'member:checkin': ['member'],
	'member:checkout': ['member'],
	'member:rename': ['member'],
	'meal:status': ['master'],
	'prompt:push': ['master'],
	'prompt:clear': ['master'],
	'prompt:history': ['master'],
	'member:locale': ['member'],
	'member:walkin': ['master'],
	'member:checkout-by-master': ['master'],
	'task:assign': ['master'],
	'task:invite': ['master'],
	'task:handover': ['member'],
	'invite:answer': ['member'],
	'invite:cancel': ['member', 'master'],
	'task:move': ['master'],
	'member:rename-by-master': ['master'],
	'member:remove': ['master'],
	'member:ban': ['master'],
	'ban:list': ['master'],
	'ban:lift': ['master'],
	'words:list': ['master'],
	'words:set': ['master'],
	'joins:allow': ['master'],
	'members:remove-wave': ['master'],
	'prompt:library': ['master'],
	'screen:link': ['master'],
	'screen:revoke': ['master'],
	'screen:show': ['master'],
	'screen:coverage': ['master'],
	// People: a member reads and writes only their own profile; the console reads everyone's.
	'profile:get': ['member'],
	'profile:set': ['member'],
	'people:get': ['master'],
	'intro:done': ['master'],
	// The end-of-meal survey: a member answers for themselves only; nobody reads anyone's.
	'survey:answer': ['member'],
	'survey:get': ['member'],
	// Erasure: a member erases themselves, never anyone else (docs/privacy.md).
	'member:erase': ['member'],
	// Attendance: departure of a phone member, recorded by the Canteen Master (attendance.ts).
	'member:gone': ['master'],
	// Task timers: the console starts them; phones and the screen only count down.
	'task:timer': ['master']
};

export function mayRun(role: Role, command: CommandName): boolean {
	return COMMAND_ROLES[command].includes(role);
}
