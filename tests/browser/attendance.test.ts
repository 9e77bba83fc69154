/**
 * Arrival and departure on the Canteen Master's console (issue #9, "Data kept"), on the
 * production build: the people list shows when each member arrived, and when they left —
 * on their phone ("I'm leaving"), or marked gone from the console. A member's phone shows
 * no one's times. Screenshot in test-results/screenshots/console-attendance.png.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, joinMember, masterConnection, startServer } from '../helpers/server.ts';
import { loadHandler } from './build.ts';
import { card, joinMeal, laptop, phone, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('arrival and departure on the console', async () => {
	const server = await startServer({
		appHandler: await loadHandler(),
		joinRate: { burst: 1000, perSecond: 100 },
		commandRate: { burst: 10_000, perSecond: 10_000 }
	});
	const { meal, masterKey } = server.demo;

	it('shows who arrived when, notes a departure from the console, and keeps phones free of times', async () => {
		const rose = await joinMember(server.url, meal.joinCode, 'Rose');
		const samir = await joinMember(server.url, meal.joinCode, 'Samir');
		const samirPhone = await connect(server.url, { role: 'member', mealId: meal.id, token: samir.token });
		expect(await samirPhone.send('member:checkout', {})).toEqual({ ok: true });

		const page = await open(laptop);
		await page.goto(`${server.url}/master/${meal.id}#key=${masterKey}`);
		await page.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		await card(page, 'Mettre la table').waitFor();
		const watch = await masterConnection(server);
		const times = (id: string) => page.getByTestId(`times-${id}`);
		const text = async (id: string) => (await times(id).textContent())?.replace(/\s+/g, ' ').trim();
		await expect.poll(() => text(rose.memberId)).toMatch(/^Arrivée \d\d:\d\d$/);
		const arrived = watch.state.members.get(rose.memberId)!.joinedAt!;
		expect(await times(rose.memberId).locator('time').getAttribute('datetime')).toBe(new Date(arrived).toISOString());
		// Samir said "I'm leaving" on his phone: arrival and departure.
		await expect.poll(() => text(samir.memberId)).toMatch(/^Arrivée \d\d:\d\d · Départ \d\d:\d\d$/);

		// Rose left without a word: the Canteen Master notes it.
		await page.getByRole('button', { name: 'Gérer Rose' }).click();
		await page.getByRole('button', { name: 'Noter son départ' }).click();
		await page.getByText('Départ de Rose noté').waitFor();
		await expect.poll(() => text(rose.memberId)).toMatch(/^Arrivée \d\d:\d\d · Départ \d\d:\d\d$/);
		await page.getByRole('heading', { name: 'Ont quitté le repas' }).scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(shots, 'console-attendance.png') });

		// A phone's people list names who is here, never since when.
		const phonePage = await open(phone);
		await joinMeal(phonePage, { url: server.url, code: meal.joinCode, name: 'Tania', emoji: '🍐' });
		expect(await phonePage.locator('[data-testid^="times-"]').count()).toBe(0);
		expect(await phonePage.locator('time').count()).toBe(0);
		samirPhone.close();
		watch.close();
	});
});
