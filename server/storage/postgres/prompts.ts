/** Prompt history and a canteen's own prompts in PostgreSQL. */
import type { PromptRepository } from '../prompts.ts';
// The columns are SQLite's (archived as 0/1), so rows read the same way.
import { toCanteenPrompt } from '../sqlite/prompts.ts';
import type { Database } from './db.ts';

type CanteenPromptRow = Parameters<typeof toCanteenPrompt>[0];

interface PromptUseRow {
	canteen_id: string;
	prompt_id: string;
	meal_id: string;
	used_at: number;
	audience: string;
}

export function postgresPrompts(db: Database): PromptRepository {
	return {
		async recordPromptUse(use) {
			await db.query(
				'insert into prompt_uses (canteen_id, prompt_id, meal_id, used_at, audience) values ($1, $2, $3, $4, $5)',
				[use.canteenId, use.promptId, use.mealId, use.usedAt, JSON.stringify(use.audience)]
			);
		},
		async listPromptHistory({ canteenId, since }) {
			const { rows } = await db.query<PromptUseRow>(
				'select * from prompt_uses where canteen_id = $1 and used_at >= $2 order by used_at, id',
				[canteenId, since]
			);
			return rows.map((r) => ({
				canteenId: r.canteen_id,
				promptId: r.prompt_id,
				mealId: r.meal_id,
				usedAt: r.used_at,
				audience: JSON.parse(r.audience) as string[]
			}));
		},
		async createCanteenPrompt(p) {
			await db.query(
				`insert into canteen_prompts
				 (id, canteen_id, text_fr, text_en, category, phases, keywords, created_by, created_at, archived)
				 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				[
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
				]
			);
		},
		async getCanteenPrompt(canteenId, id) {
			const [r] = (
				await db.query<CanteenPromptRow>('select * from canteen_prompts where canteen_id = $1 and id = $2', [
					canteenId,
					id
				])
			).rows;
			return r && toCanteenPrompt(r);
		},
		async listCanteenPrompts(canteenId) {
			const { rows } = await db.query<CanteenPromptRow>(
				'select * from canteen_prompts where canteen_id = $1 order by created_at, id',
				[canteenId]
			);
			return rows.map(toCanteenPrompt);
		},
		async updateCanteenPrompt(canteenId, id, f) {
			const { rowCount } = await db.query(
				`update canteen_prompts set text_fr = $1, text_en = $2, category = $3, phases = $4, keywords = $5
				 where canteen_id = $6 and id = $7`,
				[f.text.fr, f.text.en, f.category, JSON.stringify(f.phases), JSON.stringify(f.keywords), canteenId, id]
			);
			return rowCount > 0;
		},
		async setCanteenPromptArchived(canteenId, id, archived) {
			return (
				(
					await db.query('update canteen_prompts set archived = $1 where canteen_id = $2 and id = $3', [
						archived ? 1 : 0,
						canteenId,
						id
					])
				).rowCount > 0
			);
		}
	};
}
