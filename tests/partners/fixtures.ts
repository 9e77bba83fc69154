/**
 * What the partner tests share: a canteen with a meal long ago and one today, members who
 * join over real HTTP with device ids (some came to the old meal: returning), and the
 * identifying strings a partner must never see.
 */
import type { SessionUser } from '../../server/auth/sessions.ts';
import { createMeal } from '../../server/board/meals.ts';
import { localDate } from '../../src/lib/domain/local-time.ts';
import { connect, type TestServer } from '../helpers/server.ts';

export const TIME_ZONE = 'Europe/Paris';

export interface Joined {
	name: string;
	device: string;
	memberId: string;
	mealId: string;
	token: string;
}

export async function joinWithDevice(
	url: string,
	code: string,
	{ name, device }: { name: string; device: string }
): Promise<Joined> {
	const res = await fetch(`${url}/api/join/${code}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name, emoji: '', device })
	});
	if (res.status !== 201) throw new Error(`join failed: ${res.status} ${await res.text()}`);
	const body = (await res.json()) as { memberId: string; mealId: string; token: string };
	return { name, device, ...body };
}

/** A canteen `canteenId`, a meal in 2000 and an open lunch today (in the canteens' time zone). */
export async function partnerCanteen(server: TestServer, canteenId: string, name: string) {
	const { storage } = server.tablee;
	await storage.meals.createCanteen({ id: canteenId, name, createdAt: 1 });
	const base = { canteenId, title: 'Déjeuner', time: '12:00', status: 'open' as const, tasks: [] };
	const old = await createMeal(storage, { ...base, date: '2000-01-04' });
	const lunch = await createMeal(storage, { ...base, date: localDate({ at: Date.now(), timeZone: TIME_ZONE }) });
	return { old, lunch };
}

/** Unique, easy to find in any payload. */
export const personName = (i: number) => `Zéphyrine${i} Quillebœuf`;
export const deviceOf = (canteenId: string, i: number) => `device-${canteenId}-${i}-abcdefghijkl`;

/** A member's own real socket (joining already checked them in). */
export function memberSocket(server: TestServer, joined: Joined) {
	return connect(server.url, { role: 'member', mealId: joined.mealId, token: joined.token });
}

/** An administrator as a request resolves one: partner links are made through the real operations. */
export const admin: SessionUser = {
	id: 'u_admin',
	email: 'admin@example.org',
	displayName: 'Admin',
	role: 'admin',
	sessionId: 's',
	canteenIds: []
};

/** Figures as the API and the feed carry them. */
export const few = { kind: 'fewer-than-5' } as const;
export const count = (value: number) => ({ kind: 'count', value }) as const;
