/** Contract: end-of-meal survey answers (server/storage/surveys.ts). */
import { describe, expect, it } from 'vitest';
import type { SurveyAnswerRecord } from '../../../server/storage/storage.ts';
import { meal, useStorage, type StorageTarget } from './storage-target.ts';

const answer = (over: Partial<SurveyAnswerRecord> = {}): SurveyAnswerRecord => ({
	mealId: 'meal1',
	canteenId: 'c1',
	date: '2030-03-26',
	respondentKey: 'k'.repeat(64),
	community: 'yes',
	reachedOut: 'not-yet',
	...over
});

export function surveysContract(name: string, target: StorageTarget) {
	describe(`surveys repository: ${name}`, () => {
		const { reopen, withMeal } = useStorage(target);

		it('keeps one answer per respondent and meal: a second one replaces the first, never adds', async () => {
			let storage = await withMeal();
			await storage.surveys.putSurveyAnswer(answer());
			await storage.surveys.putSurveyAnswer(answer({ community: 'a-little', reachedOut: undefined }));
			if (reopen) storage = await reopen(storage);
			expect(await storage.surveys.getSurveyAnswer('meal1', 'k'.repeat(64))).toEqual(
				answer({ community: 'a-little', reachedOut: undefined })
			);
			expect(await storage.surveys.getSurveyAnswer('meal1', 'j'.repeat(64))).toBeUndefined();
			const listed = await storage.surveys.listSurveyAnswers({
				canteenIds: ['c1'],
				from: '2030-01-01',
				to: '2030-12-31'
			});
			expect(listed).toEqual([{ mealId: 'meal1', canteenId: 'c1', date: '2030-03-26', community: 'a-little' }]);
		});

		it('lists by canteens and inclusive date range, without the respondent key', async () => {
			const storage = await withMeal();
			await storage.meals.createCanteen({ id: 'c2', name: 'Lilas', createdAt: 2 });
			expect(await storage.meals.createMeal(meal({ id: 'meal2', joinCode: 'DEF567', date: '2030-03-30' }))).toEqual({
				ok: true
			});
			expect(
				await storage.meals.createMeal(meal({ id: 'meal3', canteenId: 'c2', joinCode: 'GHJ789', date: '2030-03-27' }))
			).toEqual({ ok: true });
			await storage.surveys.putSurveyAnswer(answer());
			await storage.surveys.putSurveyAnswer(answer({ respondentKey: 'l'.repeat(64), community: undefined }));
			await storage.surveys.putSurveyAnswer(
				answer({ mealId: 'meal2', date: '2030-03-30', community: 'rather-not-say' })
			);
			await storage.surveys.putSurveyAnswer(answer({ mealId: 'meal3', canteenId: 'c2', date: '2030-03-27' }));
			const list = (canteenIds: string[], from: string, to: string) =>
				storage.surveys.listSurveyAnswers({ canteenIds, from, to });
			const c1 = await list(['c1'], '2030-03-26', '2030-03-30');
			expect(c1.map((a) => [a.mealId, a.community ?? null, a.reachedOut ?? null])).toEqual([
				['meal1', null, 'not-yet'],
				['meal1', 'yes', 'not-yet'],
				['meal2', 'rather-not-say', 'not-yet']
			]);
			for (const row of c1) expect(Object.keys(row)).not.toContain('respondentKey');
			expect((await list(['c1'], '2030-03-27', '2030-03-29')).length).toBe(0);
			expect((await list(['c1', 'c2'], '2030-03-27', '2030-03-27')).map((a) => a.mealId)).toEqual(['meal3']);
			expect((await list(['c1', 'c2'], '2030-01-01', '2030-12-31')).length).toBe(4);
			expect(await list([], '2030-01-01', '2030-12-31')).toEqual([]);
		});
	});
}
