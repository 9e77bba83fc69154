/** Survey answers in SQLite: one row per (meal, respondent key), replaced on a second answer. */
import type Database from 'better-sqlite3';
import type { SurveyChoice } from '../../../src/lib/survey/survey.ts';
import type { SurveyAnswerRecord, SurveyAnswerRow, SurveyRepository } from '../surveys.ts';

/** The `survey_answers` row as both engines return it (postgres/surveys.ts reuses these). */
export interface SurveyRow {
	meal_id: string;
	canteen_id: string;
	date: string;
	respondent_key?: string;
	community: string | null;
	reached_out: string | null;
}

export function toSurveyRow(r: SurveyRow): SurveyAnswerRow {
	return {
		mealId: r.meal_id,
		canteenId: r.canteen_id,
		date: r.date,
		...(r.community !== null ? { community: r.community as SurveyChoice } : {}),
		...(r.reached_out !== null ? { reachedOut: r.reached_out as SurveyChoice } : {})
	};
}

export function sqliteSurveys(db: Database.Database): SurveyRepository {
	const q = {
		put: db.prepare(
			`insert into survey_answers (meal_id, respondent_key, canteen_id, date, community, reached_out)
			 values (@mealId, @respondentKey, @canteenId, @date, @community, @reachedOut)
			 on conflict (meal_id, respondent_key) do update set
			 community = excluded.community, reached_out = excluded.reached_out`
		),
		get: db.prepare<[string, string], SurveyRow>(
			'select * from survey_answers where meal_id = ? and respondent_key = ?'
		)
	};
	return {
		async putSurveyAnswer(a) {
			q.put.run({ ...a, community: a.community ?? null, reachedOut: a.reachedOut ?? null });
		},
		async getSurveyAnswer(mealId, respondentKey) {
			const r = q.get.get(mealId, respondentKey);
			return r && ({ ...toSurveyRow(r), respondentKey } satisfies SurveyAnswerRecord);
		},
		async listSurveyAnswers({ canteenIds, from, to }) {
			if (canteenIds.length === 0) return [];
			const rows = db
				.prepare<unknown[], SurveyRow>(
					`select meal_id, canteen_id, date, community, reached_out from survey_answers
					 where canteen_id in (${canteenIds.map(() => '?').join(', ')}) and date >= ? and date <= ?
					 order by date, meal_id, community, reached_out`
				)
				.all(...canteenIds, from, to);
			return rows.map(toSurveyRow);
		}
	};
}
