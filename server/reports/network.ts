/**
 * The administrators' network view (`/admin/network`): every canteen's partner figures
 * side by side (server/partners/figures.ts) and, over the last 12 weeks, the people
 * served per week and the survey's answers, all under the small-count rule. Counts only:
 * built from meal summaries and survey choices, like the partners' figures.
 */
import { localDate } from '../../src/lib/domain/local-time.ts';
import { figure, type Figure } from '../../src/lib/partners/figures.ts';
import { lastWeeks, servedPerWeek, type Week } from '../../src/lib/reports/weeks.ts';
import { surveyResults, type SurveyResults } from '../../src/lib/survey/survey.ts';
import { loadCanteenFigures, type CanteenCounts } from '../partners/figures.ts';
import type { Storage } from '../storage/storage.ts';

export const NETWORK_WEEKS = 12;

export interface NetworkCanteen extends CanteenCounts {
	/** People served per week, oldest first, as `weeks`. */
	servedPerWeek: Figure[];
	/** The survey over the same weeks. */
	surveyOverWeeks: SurveyResults;
}

export interface NetworkFigures {
	weeks: Week[];
	canteens: NetworkCanteen[];
}

export async function loadNetworkFigures({
	storage,
	now,
	timeZone
}: {
	storage: Pick<Storage, 'meals' | 'people' | 'surveys'>;
	now: number;
	timeZone: string;
}): Promise<NetworkFigures> {
	const weeks = lastWeeks(localDate({ at: now, timeZone }), NETWORK_WEEKS);
	const canteens: NetworkCanteen[] = [];
	for (const canteen of await storage.meals.listCanteens()) {
		const counts = await loadCanteenFigures({ storage, canteenId: canteen.id, now, timeZone });
		if (!counts) continue;
		const meals = await storage.meals.listMeals(canteen.id);
		const answers = await storage.surveys.listSurveyAnswers({
			canteenIds: [canteen.id],
			from: weeks[0]!.from,
			to: weeks.at(-1)!.to
		});
		canteens.push({
			...counts,
			servedPerWeek: servedPerWeek(meals, weeks).map(figure),
			surveyOverWeeks: surveyResults(answers)
		});
	}
	return { weeks, canteens };
}
