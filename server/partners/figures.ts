/**
 * Reads what a canteen's figures need from storage and hands it, stripped of identity,
 * to the pure computation (src/lib/partners/figures.ts). Meals come from their summary
 * columns (no board is loaded); only today's meals are looked at member by member, to
 * tell first-time from returning and to read the age brackets members chose to share.
 */
import { localDate } from '../../src/lib/domain/local-time.ts';
import { canteenFigures, type Arrival, type CanteenFigures } from '../../src/lib/partners/figures.ts';
import type { MealRecord, Storage } from '../storage/storage.ts';

export interface CanteenCounts {
	canteenId: string;
	name: string;
	figures: CanteenFigures;
}

export async function loadCanteenFigures({
	storage,
	canteenId,
	now,
	timeZone
}: {
	storage: Pick<Storage, 'meals' | 'people' | 'surveys'>;
	canteenId: string;
	now: number;
	timeZone: string;
}): Promise<CanteenCounts | undefined> {
	const canteen = await storage.meals.getCanteen(canteenId);
	if (!canteen) return undefined;
	const today = localDate({ at: now, timeZone });
	const meals = await storage.meals.listMeals(canteenId);
	const arrivals: Arrival[] = [];
	for (const meal of meals.filter((m) => m.date === today)) arrivals.push(...(await mealArrivals({ storage, meal })));
	// The survey's answers at this month's meals: choices only, no respondent key.
	const month = today.slice(0, 7);
	const surveyThisMonth = await storage.surveys.listSurveyAnswers({
		canteenIds: [canteenId],
		from: `${month}-01`,
		to: `${month}-31`
	});
	return { canteenId, name: canteen.name, figures: canteenFigures({ today, meals, arrivals, surveyThisMonth }) };
}

/** One meal's arrivals, stripped of identity: returning or not, the age bracket shared. */
export async function mealArrivals({
	storage,
	meal
}: {
	storage: Pick<Storage, 'meals' | 'people'>;
	meal: Pick<MealRecord, 'id' | 'canteenId' | 'joined'>;
}): Promise<Arrival[]> {
	const arrivals: Arrival[] = [];
	const canteenId = meal.canteenId;
	const members = await storage.meals.listMealMembers(meal.id);
	const hashes = members.flatMap((m) => (m.deviceHash ? [m.deviceHash] : []));
	const visits = await storage.people.listDeviceVisits(canteenId, hashes);
	const profiles = await storage.people.listProfiles(
		canteenId,
		members.flatMap((m) => [`m:${m.id}`, ...(m.deviceHash ? [`d:${m.deviceHash}`] : [])])
	);
	const ageOf = new Map(profiles.map((p) => [p.key, p.ageBracket]));
	for (const m of members) {
		const bracket = (m.deviceHash && ageOf.get(`d:${m.deviceHash}`)) || ageOf.get(`m:${m.id}`);
		arrivals.push({
			returning: m.deviceHash
				? visits.some((v) => v.deviceHash === m.deviceHash && v.mealId !== meal.id && v.at < m.createdAt)
				: undefined,
			// Stored as given, old brackets included: the pure side decides which group each counts in.
			ageBracket: bracket || undefined
		});
	}
	// Walk-ins (added by the Canteen Master, no phone) are on the board only.
	for (let i = members.length; i < meal.joined; i++) arrivals.push({ returning: undefined, ageBracket: undefined });
	return arrivals;
}
