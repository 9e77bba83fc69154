/** Survey answers in PostgreSQL: the same table as SQLite's (../sqlite/surveys.ts). */
import type { SurveyAnswerRecord, SurveyRepository } from '../surveys.ts';
import { toSurveyRow, type SurveyRow } from '../sqlite/surveys.ts';
import type { Database } from './db.ts';

export function postgresSurveys(db: Database): SurveyRepository {
	return {
		async putSurveyAnswer(a) {
			await db.query(
				`insert into survey_answers (meal_id, respondent_key, canteen_id, date, community, reached_out)
				 values ($1, $2, $3, $4, $5, $6)
				 on conflict (meal_id, respondent_key) do update set
				 community = excluded.community, reached_out = excluded.reached_out`,
				[a.mealId, a.respondentKey, a.canteenId, a.date, a.community ?? null, a.reachedOut ?? null]
			);
		},
		async getSurveyAnswer(mealId, respondentKey) {
			const [r] = (
				await db.query<SurveyRow>('select * from survey_answers where meal_id = $1 and respondent_key = $2', [
					mealId,
					respondentKey
				])
			).rows;
			return r && ({ ...toSurveyRow(r), respondentKey } satisfies SurveyAnswerRecord);
		},
		async listSurveyAnswers({ canteenIds, from, to }) {
			if (canteenIds.length === 0) return [];
			const { rows } = await db.query<SurveyRow>(
				`select meal_id, canteen_id, date, community, reached_out from survey_answers
				 where canteen_id = any($1) and date >= $2 and date <= $3
				 order by date, meal_id, community collate "C" nulls first, reached_out collate "C" nulls first`,
				[[...canteenIds], from, to]
			);
			return rows.map(toSurveyRow);
		}
	};
}
