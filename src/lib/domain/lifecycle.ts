/**
 * A meal moves planned → open → cooking → eating → closed. It may jump ahead (a quick
 * meal skips "cooking") and step back one stage to undo a mistaken tap, but closed is
 * final: attendance is then the meal's record.
 */
import { MEAL_STATUSES, type MealStatus } from './types.ts';

const rank = (s: MealStatus) => MEAL_STATUSES.indexOf(s);

export function canTransition(from: MealStatus, to: MealStatus): boolean {
	if (from === to || from === 'closed') return false;
	return rank(to) > rank(from) || rank(to) === rank(from) - 1;
}

/** Members can join, claim and check in only while the meal is running. */
export function isMealLive(status: MealStatus): boolean {
	return status === 'open' || status === 'cooking' || status === 'eating';
}
