import { describe, expect, it } from 'vitest';
import { percentOf, surveyOpen, surveyResults, type SurveyAnswer } from './survey.ts';

const many = (n: number, a: SurveyAnswer) => Array.from({ length: n }, () => a);

describe('survey results', () => {
	it('shows no percentage under 5 answers to a question, each question on its own', () => {
		const r = surveyResults([...many(4, { community: 'yes' }), { reachedOut: 'yes' }]);
		expect(r.community).toEqual({ answers: { kind: 'fewer-than-5' }, percent: null });
		expect(r.reachedOut).toEqual({ answers: { kind: 'fewer-than-5' }, percent: null });
		expect(surveyResults([]).community).toEqual({ answers: { kind: 'fewer-than-5' }, percent: null });
	});

	it('gives whole percentages of the answers to that question from 5 answers on', () => {
		const r = surveyResults([
			...many(3, { community: 'yes', reachedOut: 'not-yet' }),
			...many(2, { community: 'a-little' }),
			{ community: 'rather-not-say', reachedOut: 'yes' }
		]);
		expect(r.community).toEqual({
			answers: { kind: 'count', value: 6 },
			percent: { yes: 50, 'a-little': 33, 'not-yet': 0, 'rather-not-say': 17 }
		});
		expect(r.reachedOut.percent).toBeNull();
	});

	it('rounds half up', () => {
		expect(percentOf(1, 8)).toBe(13);
		expect(percentOf(2, 3)).toBe(67);
		expect(percentOf(5, 5)).toBe(100);
	});

	it('opens at the table and after the meal only', () => {
		expect(['planned', 'open', 'cooking', 'eating', 'closed'].filter((s) => surveyOpen(s as never))).toEqual([
			'eating',
			'closed'
		]);
	});
});
