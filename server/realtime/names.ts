/**
 * Every room and key name, from one function: Socket.IO rooms today, a bus's channels
 * (Redis) when several processes share the meals. Parts are ids checked by the schemas
 * ([A-Za-z0-9_-]), encoded anyway so a name can never be made to collide with another.
 */
export type Channel =
	/** Every socket of a meal: board updates, presence. */
	| { kind: 'meal'; mealId: string }
	/** Every socket of one member at one meal: a prompt for them alone, removal. */
	| { kind: 'member'; mealId: string; memberId: string }
	/** Canteen Master sockets of a meal, and nothing else: people data. */
	| { kind: 'masters'; mealId: string }
	/** Everything about one canteen (partners' feed, issue 9). */
	| { kind: 'canteen'; canteenId: string };

export function channelName(channel: Channel, prefix = ''): string {
	const e = encodeURIComponent;
	switch (channel.kind) {
		case 'meal':
			return `${prefix}meal:${e(channel.mealId)}`;
		case 'member':
			return `${prefix}member:${e(channel.mealId)}:${e(channel.memberId)}`;
		case 'masters':
			return `${prefix}masters:${e(channel.mealId)}`;
		case 'canteen':
			return `${prefix}canteen:${e(channel.canteenId)}`;
	}
}

export const mealRoom = (mealId: string) => channelName({ kind: 'meal', mealId });
export const memberRoom = (mealId: string, memberId: string) => channelName({ kind: 'member', mealId, memberId });
export const mastersRoom = (mealId: string) => channelName({ kind: 'masters', mealId });
