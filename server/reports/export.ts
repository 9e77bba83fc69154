/**
 * The staff CSV export (`GET /staff/export?from=&to=&canteen=`, docs/protocol.md): per
 * meal of the range its date, time, title, stage and the people served, then one total
 * row per canteen; the survey's answers beside each as shares of the answers under the
 * small-count rule (src/lib/survey/survey.ts). No name, member id or device: meals are
 * read from their summary columns and survey answers carry none.
 */
import * as v from 'valibot';
import type { ErrorCode } from '../../src/lib/protocol/errors.ts';
import { exportQuery } from '../../src/lib/protocol/report-schemas.ts';
import { describeIssues } from '../../src/lib/protocol/schemas.ts';
import { toCsv, type Cell } from '../../src/lib/reports/csv.ts';
import {
	SURVEY_CHOICES,
	SURVEY_QUESTIONS,
	surveyResults,
	type SurveyAnswer,
	type SurveyResults
} from '../../src/lib/survey/survey.ts';
import { canRunCanteen, type SessionUser } from '../auth/sessions.ts';
import type { CanteenRecord, Storage } from '../storage/storage.ts';

const QUESTION_COLUMN = { community: 'community', reachedOut: 'reached_out' } as const;

export const EXPORT_HEADER: string[] = [
	'row',
	'canteen',
	'date',
	'time',
	'meal',
	'stage',
	'people',
	...SURVEY_QUESTIONS.flatMap((q) => [
		`${QUESTION_COLUMN[q]}_answers`,
		...SURVEY_CHOICES.map((c) => `${QUESTION_COLUMN[q]}_${c.replaceAll('-', '_')}_pct`)
	])
];

/** What the CSV says for a question under 5 answers: no number, no percentage. */
export const FEWER_THAN_5 = 'fewer than 5';

function surveyCells(results: SurveyResults): Cell[] {
	return SURVEY_QUESTIONS.flatMap((q) => {
		const r = results[q];
		return [
			r.answers.kind === 'count' ? r.answers.value : FEWER_THAN_5,
			...SURVEY_CHOICES.map((c) => (r.percent ? r.percent[c] : ''))
		];
	});
}

export type ExportAnswer =
	{ ok: true; csv: string; filename: string } | { ok: false; status: number; code: ErrorCode; issues?: string[] };

export async function exportCsv({
	storage,
	user,
	query
}: {
	storage: Pick<Storage, 'meals' | 'surveys'>;
	user: SessionUser;
	query: Record<string, string>;
}): Promise<ExportAnswer> {
	const parsed = v.safeParse(exportQuery, query);
	if (!parsed.success) return { ok: false, status: 400, code: 'bad_request', issues: describeIssues(parsed.issues) };
	const { from, to, canteen } = parsed.output;
	let canteens: CanteenRecord[];
	if (canteen === 'all') {
		canteens = (await storage.meals.listCanteens()).filter((c) => canRunCanteen(user, c.id));
	} else {
		// Who may not learns nothing, not even whether the canteen exists.
		if (!canRunCanteen(user, canteen)) return { ok: false, status: 403, code: 'forbidden' };
		const found = await storage.meals.getCanteen(canteen);
		if (!found) return { ok: false, status: 404, code: 'not_found' };
		canteens = [found];
	}
	const answers = await storage.surveys.listSurveyAnswers({ canteenIds: canteens.map((c) => c.id), from, to });
	const rows: Cell[][] = [EXPORT_HEADER];
	for (const c of canteens) {
		const meals = (await storage.meals.listMeals(c.id))
			.filter((m) => m.date >= from && m.date <= to)
			.sort((a, b) => (a.date + a.time + a.id < b.date + b.time + b.id ? -1 : 1));
		const ofCanteen = answers.filter((a) => a.canteenId === c.id);
		const byMeal = new Map<string, SurveyAnswer[]>();
		for (const a of ofCanteen) byMeal.set(a.mealId, [...(byMeal.get(a.mealId) ?? []), a]);
		let people = 0;
		for (const m of meals) {
			people += m.joined;
			rows.push([
				'meal',
				c.name,
				m.date,
				m.time,
				m.title,
				m.status,
				m.joined,
				...surveyCells(surveyResults(byMeal.get(m.id) ?? []))
			]);
		}
		rows.push(['total', c.name, `${from}..${to}`, '', '', '', people, ...surveyCells(surveyResults(ofCanteen))]);
	}
	const scope = canteen === 'all' ? 'all' : canteen;
	return { ok: true, csv: toCsv(rows), filename: `tablee-${scope}-${from}-${to}.csv` };
}
