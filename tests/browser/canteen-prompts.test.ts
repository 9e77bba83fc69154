/**
 * A canteen's own prompts and the kitchen-screen link end to end, on the production build:
 * a Canteen Master signed in by session writes a question on the canteen's prompts page;
 * the console of a meal whose menu has a tajine suggests it first (the menu changes the
 * first suggestions), pushes it, and a phone shows it; the same master, who has no key,
 * makes a kitchen-screen link that opens the screen read-only, then revokes it.
 * Screenshots land in test-results/screenshots.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createMeal } from '../../server/board/meals.ts';
import type { MealPlanDetails } from '../../src/lib/domain/types.ts';
import { startServer } from '../helpers/server.ts';
import { adminPerson, staffPerson } from '../helpers/staff.ts';
import { loadHandler } from './build.ts';
import { joinMeal, laptop, phone, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

const plan: MealPlanDetails = {
	durationMinutes: 120,
	pricePerPlateCents: 300,
	capacity: 40,
	menu: {
		dishes: [
			{
				id: 'd1',
				name: { fr: 'Tajine de carottes', en: 'Carrot tagine' },
				course: 'main',
				allergens: ['celery'],
				diets: ['vegan'],
				ingredients: ['carottes', 'oignons', 'cumin', 'semoule']
			}
		]
	}
};

describe('a canteen’s own prompts and the screen link in the browser', async () => {
	const server = await startServer({
		appHandler: await loadHandler(),
		joinRate: { burst: 1000, perSecond: 100 }
	});
	const { storage } = server.tablee;
	const canteenId = server.demo.meal.canteenId;
	const admin = await adminPerson(storage);
	const staff = await staffPerson(storage, canteenId, admin.id);
	const tajineMeal = await createMeal(storage, {
		canteenId,
		title: 'Déjeuner tajine',
		date: '2030-05-02',
		time: '12:30',
		status: 'open',
		plan,
		tasks: [{ kind: 'cooking', title: { fr: 'Éplucher les carottes', en: 'Peel the carrots' }, slots: 2 }]
	});

	/** A browser signed in as the canteen's staff member (the session cookie, as after logging in). */
	async function signedIn(options = laptop): Promise<Page> {
		const page = await open(options);
		const [name, value] = staff.cookie.split('=') as [string, string];
		await page.context().addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
		return page;
	}

	async function firstSuggestion(page: Page, mealId: string): Promise<string> {
		await page.goto(`${server.url}/master/${mealId}`);
		await page.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		const first = page.getByTestId('prompt-panel').getByTestId('prompt-suggestion').first();
		await first.waitFor();
		return (await first.getAttribute('data-prompt-id'))!;
	}

	it('adds a question on the staff page, suggests it for a tajine menu, and pushes it to a phone', async () => {
		const before = await signedIn();
		const withoutOwn = await firstSuggestion(before, tajineMeal.meal.id);
		const onDemo = await firstSuggestion(before, server.demo.meal.id);
		// The menu alone already changes what comes first (library prompts about carrots).
		expect(withoutOwn).not.toBe(onDemo);

		const staffPage = await signedIn();
		await staffPage.goto(`${server.url}/staff`);
		await staffPage.getByRole('link', { name: 'Questions de la cantine' }).click();
		await staffPage.waitForURL(`**/staff/canteens/${canteenId}/prompts`);
		await staffPage.getByRole('heading', { name: 'Vos questions pour lancer la conversation' }).waitFor();
		// Nothing written: the page says so, and a malformed form is answered in words.
		await staffPage.getByText('Pas encore de question à vous.', { exact: false }).waitFor();
		await staffPage.getByRole('button', { name: 'Ajouter la question' }).click();
		await staffPage.getByRole('alert').filter({ hasText: 'Écrivez la question en français' }).waitFor();

		await staffPage.getByLabel('En français').first().fill('Qui a déjà cuisiné un tajine ? Avec quoi dedans ?');
		await staffPage.getByLabel('En anglais').first().fill('Who has ever cooked a tagine? What went in it?');
		await staffPage.getByLabel('Thème').first().selectOption({ label: 'Le menu du jour' });
		await staffPage.getByLabel('À la vaisselle').first().uncheck();
		await staffPage.getByLabel('Mots du menu (facultatif)').first().fill('tajine, tagine');
		await staffPage.getByRole('button', { name: 'Ajouter la question' }).click();
		await staffPage.getByRole('status').filter({ hasText: 'Question ajoutée' }).waitFor();
		// The form is ready for the next question: empty, every moment ticked again.
		expect(await staffPage.getByLabel('En français').first().inputValue()).toBe('');
		expect(await staffPage.getByLabel('À la vaisselle').first().isChecked()).toBe(true);
		const card = staffPage.getByTestId('own-prompt');
		await card.getByText('Qui a déjà cuisiné un tajine ? Avec quoi dedans ?').waitFor();
		expect(await card.getByText('Le menu du jour').count()).toBe(1);
		const ownId = (await card.getAttribute('data-prompt-id'))!;
		const [stored] = await storage.prompts.listCanteenPrompts(canteenId);
		expect(stored).toMatchObject({ id: ownId, phases: ['cooking', 'table'], keywords: ['tajine', 'tagine'] });
		await staffPage.screenshot({ path: join(shots, 'canteen-prompts-laptop.png'), fullPage: true });

		// The same page on a phone, with a second question archived.
		const onPhone = await signedIn(phone);
		await onPhone.goto(`${server.url}/staff/canteens/${canteenId}/prompts`);
		await onPhone.getByLabel('En français').first().fill('Votre marché préféré, et pourquoi ?');
		await onPhone.getByRole('button', { name: 'Ajouter la question' }).click();
		await onPhone.getByRole('status').filter({ hasText: 'Question ajoutée' }).waitFor();
		await onPhone.getByRole('button', { name: 'Archiver la question : Votre marché préféré, et pourquoi ?' }).click();
		await onPhone.getByRole('status').filter({ hasText: 'Question archivée' }).waitFor();
		await onPhone.getByTestId('own-prompt-archived').getByText('Votre marché préféré, et pourquoi ?').waitFor();
		await onPhone.screenshot({ path: join(shots, 'canteen-prompts-phone.png'), fullPage: true });

		// A phone at the tajine meal, then the console: the canteen's question comes first.
		const awa = await open(phone);
		await joinMeal(awa, { url: server.url, code: tajineMeal.meal.joinCode, name: 'Awa', emoji: '🍅' });
		const consolePage = await signedIn();
		expect(await firstSuggestion(consolePage, tajineMeal.meal.id)).toBe(ownId);
		const panel = consolePage.getByTestId('prompt-panel');
		const own = panel.locator(`[data-prompt-id="${ownId}"]`);
		expect(await own.getAttribute('data-source')).toBe('canteen');
		await own.getByText('de votre cantine').waitFor();
		await own.getByText('en lien avec le menu (tajine)').waitFor();
		// The archived one is never suggested.
		expect(await panel.getByText('Votre marché préféré').count()).toBe(0);
		// Without a tajine on the menu, it does not lead.
		expect(await firstSuggestion(await signedIn(), server.demo.meal.id)).not.toBe(ownId);

		await panel.screenshot({ path: join(shots, 'master-canteen-prompt.png') });

		await own.getByRole('button', { name: 'Montrer à tous' }).click();
		await panel.getByTestId('prompt-current').getByText('Qui a déjà cuisiné un tajine ? Avec quoi dedans ?').waitFor();
		await awa.getByTestId('member-prompt').getByText('Qui a déjà cuisiné un tajine ? Avec quoi dedans ?').waitFor();
		await awa.screenshot({ path: join(shots, 'member-canteen-prompt.png') });
		const history = await storage.prompts.listPromptHistory({ canteenId, since: 0 });
		expect(history.map((h) => h.promptId)).toContain(ownId);
	});

	it('gives a Canteen Master signed in by session a kitchen-screen link, then revokes it', async () => {
		const consolePage = await signedIn();
		await consolePage.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
		await consolePage.goto(`${server.url}/master/${tajineMeal.meal.id}`);
		await consolePage.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		// No key in the address: the key-derived link is not offered, the issued one is.
		expect(await consolePage.getByRole('link', { name: 'Ouvrir l’écran de cuisine' }).count()).toBe(0);
		await consolePage.getByRole('button', { name: 'Lien pour l’écran de cuisine' }).click();
		const field = consolePage.getByLabel('Lien de l’écran de cuisine (lecture seule)');
		await field.waitFor();
		const link = await field.inputValue();
		expect(link).toMatch(new RegExp(`/screen/${tajineMeal.meal.id}#key=[A-Za-z0-9_-]{43}$`));
		await consolePage.getByRole('button', { name: 'Copier le lien' }).click();
		await consolePage.getByText('Lien copié.').waitFor();
		expect(await consolePage.evaluate(() => navigator.clipboard.readText())).toBe(link);
		await consolePage.getByTestId('screen-link').screenshot({ path: join(shots, 'master-screen-link.png') });

		const [screen] = await Promise.all([
			consolePage.context().waitForEvent('page'),
			consolePage.getByRole('link', { name: 'Ouvrir l’écran' }).click()
		]);
		await screen.setViewportSize({ width: 1920, height: 1080 });
		await screen.getByTestId('screen-code').waitFor();
		expect(await screen.getByTestId('screen-code').textContent()).toBe(tajineMeal.meal.joinCode);
		await screen.getByTestId('screen-prompt').getByText('Qui a déjà cuisiné un tajine ? Avec quoi dedans ?').waitFor();
		await screen.screenshot({ path: join(shots, 'kitchen-screen-by-link.png') });

		await consolePage.getByRole('button', { name: 'Révoquer les liens d’écran' }).click();
		await consolePage.getByRole('dialog').getByRole('button', { name: 'Révoquer' }).click();
		await consolePage.getByText('1 lien d’écran révoqué.').waitFor();
		// The screen on the revoked link goes dark and says why.
		await screen.getByRole('alert').filter({ hasText: 'Cette clé ne correspond pas à ce repas' }).waitFor();
		expect(await storage.meals.countScreenLinks(tajineMeal.meal.id)).toBe(0);
	});
});
