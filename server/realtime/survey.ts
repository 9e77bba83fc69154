/**
 * The end-of-meal survey's commands (src/lib/domain/survey-live.ts decides who and when).
 * An answer is stored under a respondent key, the SHA-256 of the meal and the person key
 * (the phone's device hash, else the member id: people.ts `personKey`), so the same
 * person answering again, even after rejoining from the same phone, replaces their
 * answer instead of adding one. The row keeps no name, member id or device id; reports
 * list choices only (storage/surveys.ts).
 */
import { createHash } from 'node:crypto';
import type { SurveyAnswer } from '../../src/lib/survey/survey.ts';
import type { Storage, SurveyAnswerRecord } from '../storage/storage.ts';
import type { HandlerTable } from './handlers.ts';
import { personKey } from './people.ts';

export function respondentKey(mealId: string, person: string): string {
	return createHash('sha256').update(`tablee-survey\0${mealId}\0${person}`).digest('hex');
}

const choices = (a: Pick<SurveyAnswerRecord, 'community' | 'reachedOut'>): SurveyAnswer => ({
	...(a.community ? { community: a.community } : {}),
	...(a.reachedOut ? { reachedOut: a.reachedOut } : {})
});

export function surveyHandlers({
	storage,
	onAnswered = () => {}
}: {
	storage: Pick<Storage, 'meals' | 'surveys'>;
	/** After an answer is stored (the partners' live feed recounts that canteen). */
	onAnswered?: (mealId: string) => void;
}) {
	async function whose(mealId: string, memberId: string | undefined) {
		const meal = await storage.meals.getMeal(mealId);
		if (!meal || !memberId) return undefined;
		const key = respondentKey(mealId, personKey(memberId, await storage.meals.getMember(memberId)));
		return { meal, key };
	}

	return {
		'survey:answer': {
			kind: 'direct',
			async run({ mealId, actor, payload }) {
				const at = await whose(mealId, actor.memberId);
				if (!at) return { ok: false, code: 'not_found' };
				const answer = choices(payload);
				await storage.surveys.putSurveyAnswer({
					mealId,
					canteenId: at.meal.canteenId,
					date: at.meal.date,
					respondentKey: at.key,
					...answer
				});
				onAnswered(mealId);
				return { ok: true, result: { answer } };
			}
		},
		'survey:get': {
			kind: 'direct',
			async run({ mealId, actor }) {
				const at = await whose(mealId, actor.memberId);
				const stored = at && (await storage.surveys.getSurveyAnswer(mealId, at.key));
				return { ok: true, result: { answer: stored ? choices(stored) : null } };
			}
		}
	} satisfies HandlerTable;
}
