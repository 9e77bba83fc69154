/**
 * The end-of-meal survey's answers (src/lib/survey/survey.ts). One row per member per
 * meal, under a respondent key: the SHA-256 of the meal and the person
 * (server/realtime/survey.ts), so a second answer replaces the first and no row holds a
 * name, member id or device id. Lists never return the key: reports count choices.
 */
import type { SurveyChoice } from '../../src/lib/survey/survey.ts';

export interface SurveyAnswerRecord {
	mealId: string;
	canteenId: string;
	/** The meal's local date (YYYY-MM-DD), so answers are counted by date range. */
	date: string;
	/** One per member per meal; names nobody (see above). */
	respondentKey: string;
	community?: SurveyChoice;
	reachedOut?: SurveyChoice;
}

/** An answer as reports read it: where and when, and the choices. */
export type SurveyAnswerRow = Omit<SurveyAnswerRecord, 'respondentKey'>;

export interface SurveyRepository {
	/** Stores this respondent's answer for this meal, replacing their earlier one. */
	putSurveyAnswer(answer: SurveyAnswerRecord): Promise<void>;
	getSurveyAnswer(mealId: string, respondentKey: string): Promise<SurveyAnswerRecord | undefined>;
	/** Answers at these canteens' meals dated `from`..`to` (inclusive), by date then meal. */
	listSurveyAnswers(query: { canteenIds: readonly string[]; from: string; to: string }): Promise<SurveyAnswerRow[]>;
}
