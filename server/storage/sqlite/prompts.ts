/** Prompt history and a canteen's own prompts in SQLite. */
import type Database from 'better-sqlite3';
import type { CanteenPromptRecord, PromptRepository } from '../prompts.ts';

interface CanteenPromptRow {
	id: string;
	canteen_id: string;
	text_fr: string;
	text_en: string;
	category: CanteenPromptRecord['category'];
	phases: string;
	keywords: string;
	created_by: string;
	created_at: number;
	archived: number;
}

export const toCanteenPrompt = (r: CanteenPromptRow): CanteenPromptRecord => ({
	id: r.id,
	canteenId: r.canteen_id,
	text: { fr: r.text_fr, en: r.text_en },
	category: r.category,
	phases: JSON.parse(r.phases) as CanteenPromptRecord['phases'],
	keywords: JSON.parse(r.keywords) as string[],
	createdBy: r.created_by,
	createdAt: r.created_at,
	archived: r.archived === 1
});

export function sqlitePrompts(db: Database.Database): PromptRepository {
	const q = {
		insertPromptUse: db.prepare(
			'insert into prompt_uses (canteen_id, prompt_id, meal_id, used_at, audience) values (?, ?, ?, ?, ?)'
		),
		listPromptUses: db.prepare<
			[string, number],
			{ canteen_id: string; prompt_id: string; meal_id: string; used_at: number; audience: string }
		>('select * from prompt_uses where canteen_id = ? and used_at >= ? order by used_at, id'),
		insertCanteenPrompt: db.prepare(
			`insert into canteen_prompts
			 (id, canteen_id, text_fr, text_en, category, phases, keywords, created_by, created_at, archived)
			 values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		),
		getCanteenPrompt: db.prepare<[string, string], CanteenPromptRow>(
			'select * from canteen_prompts where canteen_id = ? and id = ?'
		),
		listCanteenPrompts: db.prepare<[string], CanteenPromptRow>(
			'select * from canteen_prompts where canteen_id = ? order by created_at, id'
		),
		updateCanteenPrompt: db.prepare(
			`update canteen_prompts set text_fr = ?, text_en = ?, category = ?, phases = ?, keywords = ?
			 where canteen_id = ? and id = ?`
		),
		archiveCanteenPrompt: db.prepare('update canteen_prompts set archived = ? where canteen_id = ? and id = ?')
	};
	return {
		async recordPromptUse(use) {
			q.insertPromptUse.run(use.canteenId, use.promptId, use.mealId, use.usedAt, JSON.stringify(use.audience));
		},
		async listPromptHistory({ canteenId, since }) {
			return q.listPromptUses.all(canteenId, since).map((r) => ({
				canteenId: r.canteen_id,
				promptId: r.prompt_id,
				mealId: r.meal_id,
				usedAt: r.used_at,
				audience: JSON.parse(r.audience) as string[]
			}));
		},
		async createCanteenPrompt(p) {
			q.insertCanteenPrompt.run(
				p.id,
				p.canteenId,
				p.text.fr,
				p.text.en,
				p.category,
				JSON.stringify(p.phases),
				JSON.stringify(p.keywords),
				p.createdBy,
				p.createdAt,
				p.archived ? 1 : 0
			);
		},
		async getCanteenPrompt(canteenId, id) {
			const r = q.getCanteenPrompt.get(canteenId, id);
			return r && toCanteenPrompt(r);
		},
		async listCanteenPrompts(canteenId) {
			return q.listCanteenPrompts.all(canteenId).map(toCanteenPrompt);
		},
		async updateCanteenPrompt(canteenId, id, f) {
			const { changes } = q.updateCanteenPrompt.run(
				f.text.fr,
				f.text.en,
				f.category,
				JSON.stringify(f.phases),
				JSON.stringify(f.keywords),
				canteenId,
				id
			);
			return changes > 0;
		},
		async setCanteenPromptArchived(canteenId, id, archived) {
			return q.archiveCanteenPrompt.run(archived ? 1 : 0, canteenId, id).changes > 0;
		}
	};
}
