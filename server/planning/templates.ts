/**
 * A canteen's task templates as operations the pages call: list, add, edit, delete, move
 * up or down, reset to the default set. Each operation checks the person itself (staff
 * of the canteen, or an administrator), so a page that forgot its check opens nothing.
 * Inputs arrive parsed (`taskTemplateInput`); the rules live in `domain/templates.ts`.
 *
 * A canteen that never had templates gets the default set the first time anything reads
 * them, stored, so the Canteen Master edits a real copy and a set emptied on purpose
 * stays empty.
 */
import { seedTemplates, type TaskTemplate } from '../../src/lib/domain/templates.ts';
import { LIMITS } from '../../src/lib/protocol/schemas.ts';
import type { TaskTemplatePayload } from '../../src/lib/protocol/planning-schemas.ts';
import { newId } from '../auth/secrets.ts';
import { canteenAccess, type SessionUser } from '../auth/sessions.ts';
import type { Logger } from '../log.ts';
import type { Storage } from '../storage/storage.ts';

/** Why an operation was refused: not this person's canteen, no such thing, or too many templates. */
export type PlanningRefusal = 'forbidden' | 'not_found' | 'too_many';
export type PlanningResult<T = undefined> = { ok: true; value: T } | { ok: false; reason: PlanningRefusal };

/** A board holds at most this many tasks; a set larger than a board could never be used whole. */
export const MAX_TEMPLATES = LIMITS.maxTasks;

const ok = <T>(value: T): PlanningResult<T> => ({ ok: true, value });
const refused = (reason: PlanningRefusal) => ({ ok: false as const, reason });

/**
 * Staff of the canteen, or an administrator; then the canteen must exist. In that order, so
 * a Canteen Master of another canteen learns nothing about which ids exist.
 */
export async function authorizeCanteen(
	storage: Pick<Storage, 'meals'>,
	user: SessionUser | undefined,
	canteenId: string
): Promise<PlanningResult> {
	const access = await canteenAccess(storage, user, canteenId);
	return access.ok ? ok(undefined) : refused(access.reason);
}

export type TemplateService = ReturnType<typeof createTemplateService>;

export function createTemplateService({ storage, log }: { storage: Pick<Storage, 'meals' | 'planning'>; log: Logger }) {
	/**
	 * The canteen's templates in board order, the default set stored first if it never had
	 * a set. No person check: this is for the server itself (creating meals).
	 */
	async function templatesFor(canteenId: string): Promise<TaskTemplate[]> {
		const templates = await storage.planning.listTaskTemplates(canteenId);
		if (templates.length > 0) return templates;
		const seeded = await storage.planning.seedTaskTemplates(
			canteenId,
			seedTemplates({ canteenId, newId: () => newId('tpl_') })
		);
		if (seeded) log.info('task templates seeded with the default set', { canteenId });
		return seeded ? storage.planning.listTaskTemplates(canteenId) : templates;
	}

	return {
		templatesFor,

		async list(user: SessionUser | undefined, canteenId: string): Promise<PlanningResult<TaskTemplate[]>> {
			const allowed = await authorizeCanteen(storage, user, canteenId);
			if (!allowed.ok) return allowed;
			return ok(await templatesFor(canteenId));
		},

		/** Adds a template at the end of its phase. */
		async create(
			user: SessionUser | undefined,
			canteenId: string,
			input: TaskTemplatePayload
		): Promise<PlanningResult<TaskTemplate>> {
			const allowed = await authorizeCanteen(storage, user, canteenId);
			if (!allowed.ok) return allowed;
			const existing = await templatesFor(canteenId);
			if (existing.length >= MAX_TEMPLATES) return refused('too_many');
			const last = Math.max(-1, ...existing.filter((t) => t.phase === input.phase).map((t) => t.order));
			const template: TaskTemplate = { ...input, id: newId('tpl_'), canteenId, order: last + 1 };
			await storage.planning.createTaskTemplate(template);
			return ok(template);
		},

		/** Changes what a template says; moved to another phase, it goes to that phase's end. */
		async update(
			user: SessionUser | undefined,
			canteenId: string,
			templateId: string,
			input: TaskTemplatePayload
		): Promise<PlanningResult<TaskTemplate>> {
			const allowed = await authorizeCanteen(storage, user, canteenId);
			if (!allowed.ok) return allowed;
			const templates = await templatesFor(canteenId);
			const current = templates.find((t) => t.id === templateId);
			if (!current) return refused('not_found');
			const order =
				input.phase === current.phase
					? current.order
					: Math.max(-1, ...templates.filter((t) => t.phase === input.phase).map((t) => t.order)) + 1;
			const template: TaskTemplate = { ...input, id: templateId, canteenId, order };
			if (!(await storage.planning.updateTaskTemplate(template))) return refused('not_found');
			return ok(template);
		},

		async remove(user: SessionUser | undefined, canteenId: string, templateId: string): Promise<PlanningResult> {
			const allowed = await authorizeCanteen(storage, user, canteenId);
			if (!allowed.ok) return allowed;
			return (await storage.planning.deleteTaskTemplate(canteenId, templateId)) ? ok(undefined) : refused('not_found');
		},

		/**
		 * Swaps a template with its neighbour in the same phase. The whole set is renumbered in
		 * one store call (orders 0, 1, 2… in board order), so a reader never sees two
		 * templates at one place.
		 */
		async move(
			user: SessionUser | undefined,
			canteenId: string,
			templateId: string,
			direction: 'up' | 'down'
		): Promise<PlanningResult> {
			const allowed = await authorizeCanteen(storage, user, canteenId);
			if (!allowed.ok) return allowed;
			const templates = await templatesFor(canteenId);
			const template = templates.find((t) => t.id === templateId);
			if (!template) return refused('not_found');
			const phase = templates.filter((t) => t.phase === template.phase);
			const at = phase.indexOf(template);
			const to = direction === 'up' ? at - 1 : at + 1;
			// At the top or bottom of its phase already: nothing to do, and nothing wrong.
			if (to < 0 || to >= phase.length) return ok(undefined);
			[phase[at], phase[to]] = [phase[to]!, phase[at]!];
			let next = 0;
			const ordered = templates.map((t) => (t.phase === template.phase ? phase[next++]!.id : t.id));
			if (!(await storage.planning.reorderTaskTemplates(canteenId, ordered))) return refused('not_found');
			return ok(undefined);
		},

		/** Replaces the canteen's whole set by a fresh copy of the default set. */
		async reset(user: SessionUser | undefined, canteenId: string): Promise<PlanningResult<TaskTemplate[]>> {
			const allowed = await authorizeCanteen(storage, user, canteenId);
			if (!allowed.ok) return allowed;
			await storage.planning.replaceTaskTemplates(canteenId, seedTemplates({ canteenId, newId: () => newId('tpl_') }));
			log.info('task templates reset to the default set', { canteenId, by: user!.id });
			return ok(await storage.planning.listTaskTemplates(canteenId));
		}
	};
}
