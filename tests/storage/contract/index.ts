/**
 * Every repository contract, for one storage implementation. The board log has its own
 * suite (board-log.ts): a shared log may be a different engine from the repositories.
 */
import { accountsContract } from './accounts.ts';
import { attendanceContract } from './attendance.ts';
import { mealsContract } from './meals.ts';
import { moderationContract } from './moderation.ts';
import { partnersContract } from './partners.ts';
import { peopleContract } from './people.ts';
import { planningContract } from './planning.ts';
import { promptsContract } from './prompts.ts';
import { surveysContract } from './surveys.ts';
import type { StorageTarget } from './storage-target.ts';
import { webhooksContract } from './webhooks.ts';
import { teamContract } from './team.ts';
import { screenKeysContract } from './screen-keys.ts';
import { mealTitleContract } from './meal-title.ts';

export { boardLogContract, type BoardLogTarget } from './board-log.ts';
export type { StorageTarget } from './storage-target.ts';

export function repositoriesContract(name: string, target: StorageTarget) {
	accountsContract(name, target);
	mealsContract(name, target);
	moderationContract(name, target);
	promptsContract(name, target);
	peopleContract(name, target);
	planningContract(name, target);
	partnersContract(name, target);
	surveysContract(name, target);
	webhooksContract(name, target);
	attendanceContract(name, target);
	teamContract(name, target);
	screenKeysContract(name, target);
	mealTitleContract(name, target);
}
