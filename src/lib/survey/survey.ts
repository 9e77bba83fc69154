/**
 * The end-of-meal survey: two optional questions a member may answer on their phone once
 * the meal is at the table or over, one answer per member per meal. Pure: the questions,
 * the answer choices, and how answers become what staff and partners see — shares in
 * whole percent, and only when at least 5 people answered (the small-count rule of
 * src/lib/partners/figures.ts); below that, "fewer than 5" and no percentage at all.
 */
import { SMALL_COUNT, figure, type Figure } from '../partners/small-count.ts';
import type { MealStatus } from '../domain/types.ts';

/** "Do you feel part of a community here?" / "…have you reached out to someone outside the canteen?" */
export const SURVEY_QUESTIONS = ['community', 'reachedOut'] as const;
export type SurveyQuestion = (typeof SURVEY_QUESTIONS)[number];

/** Kind choices, none of them a verdict on the person; "rather not say" is an answer too. */
export const SURVEY_CHOICES = ['yes', 'a-little', 'not-yet', 'rather-not-say'] as const;
export type SurveyChoice = (typeof SURVEY_CHOICES)[number];

/** A member's answer: either question may be left out, but not both. */
export type SurveyAnswer = Partial<Record<SurveyQuestion, SurveyChoice>>;

/** The survey is offered while people eat and after the meal, never before. */
export function surveyOpen(status: MealStatus): boolean {
	return status === 'eating' || status === 'closed';
}

/** One question's results: how many answered, and the shares only when there are enough. */
export interface QuestionResults {
	answers: Figure;
	/** Whole percent per choice (rounded half up), or null under the small-count rule. */
	percent: Record<SurveyChoice, number> | null;
}

export type SurveyResults = Record<SurveyQuestion, QuestionResults>;

/** Answers as storage lists them: no member, no key, just the choices. */
export function surveyResults(answers: readonly SurveyAnswer[]): SurveyResults {
	const out = {} as SurveyResults;
	for (const question of SURVEY_QUESTIONS) {
		const counts = Object.fromEntries(SURVEY_CHOICES.map((c) => [c, 0])) as Record<SurveyChoice, number>;
		let n = 0;
		for (const a of answers) {
			const choice = a[question];
			if (!choice) continue;
			counts[choice]++;
			n++;
		}
		out[question] = {
			answers: figure(n),
			percent:
				n < SMALL_COUNT
					? null
					: (Object.fromEntries(SURVEY_CHOICES.map((c) => [c, percentOf(counts[c], n)])) as Record<
							SurveyChoice,
							number
						>)
		};
	}
	return out;
}

/** Whole percent, half up: 1 of 6 is 17, 1 of 8 is 13 (12.5). */
export function percentOf(part: number, total: number): number {
	return Math.floor((part * 100) / total + 0.5);
}
