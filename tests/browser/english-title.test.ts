/**
 * A meal's English title in Chromium: a phone switched to English reads it (French phones
 * the French one), and the kitchen screen shows both when both languages are at the
 * table, one when only one is. Screenshots on a 390×844 phone and a 1920×1080 screen.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMeal } from '../../server/board/meals.ts';
import { DEMO_CANTEEN_ID } from '../../server/seed/demo.ts';
import { connect, joinMember, startServer } from '../helpers/server.ts';
import { axeViolations } from './axe.ts';
import { loadHandler } from './build.ts';
import { joinMeal, phone, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('a meal’s English title', async () => {
	const server = await startServer({
		appHandler: await loadHandler(),
		joinRate: { burst: 1000, perSecond: 100 },
		commandRate: { burst: 1000, perSecond: 1000 }
	});
	const created = await createMeal(server.tablee.storage, {
		canteenId: DEMO_CANTEEN_ID,
		title: 'Déjeuner du jeudi',
		titleEn: 'Thursday lunch',
		date: '2030-01-09',
		time: '12:30',
		status: 'open',
		tasks: [{ kind: 'table', title: { fr: 'Mettre la table', en: 'Set the table' }, slots: 2 }]
	});
	const mealId = created.meal.id;

	it('reads in English on an English phone and in both languages on the screen', async () => {
		const screen = await open({ viewport: { width: 1920, height: 1080 } });
		await screen.goto(`${server.url}/screen/${mealId}#key=${created.screenKey}`);
		const heading = screen.locator('#screen-title');
		await heading.getByText('Déjeuner du jeudi').waitFor();

		const member = await open(phone);
		await joinMeal(member, { url: server.url, code: created.meal.joinCode, name: 'Awa', emoji: '🍋' });
		await member.getByRole('heading', { level: 1, name: 'Déjeuner du jeudi' }).waitFor();
		await member.getByRole('button', { name: 'EN', exact: true }).click();
		const english = member.getByRole('heading', { level: 1, name: 'Thursday lunch' });
		await english.waitFor();
		expect(await english.getAttribute('lang')).toBe('en');
		expect(await axeViolations(member)).toEqual([]);
		await member.screenshot({ path: join(shots, 'meal-title-en-phone.png') });

		// A French phone too: both languages are at the table, both titles on the screen.
		const joined = await joinMember(server.url, created.meal.joinCode, 'Basile', '🍅');
		const basile = await connect(server.url, { role: 'member', mealId, token: joined.token });
		expect(await basile.send('member:locale', { locale: 'fr' })).toEqual({ ok: true });
		await heading.locator('[lang=en]').getByText('Thursday lunch').waitFor();
		expect(await heading.locator('[lang=fr]').textContent()).toBe('Déjeuner du jeudi');
		expect(await axeViolations(screen)).toEqual([]);
		await screen.screenshot({ path: join(shots, 'meal-title-both-screen.png') });
		basile.close();
	});
});
