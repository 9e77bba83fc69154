/**
 * Planning a meal end to end in Chromium on the production build: a Canteen Master signs
 * in, plans a lunch from the canteen's planning page, writes its menu (allergens, diets;
 * a contradiction flagged as it is ticked), finds it on the planning page, opens the
 * console and opens the meal; a phone that was told "the meal opens soon" joins and reads
 * the menu with its allergens and the pay-as-you-feel guide, and the kitchen screen shows
 * the places left. Then the meal runs: the Canteen Master pushes a conversation starter to
 * every phone and the screen, and invites the member to a task, which she accepts. This is
 * the walk "from login to planning, opening, pushing a prompt and inviting a
 * member". Screenshots on a phone and a laptop land in test-results/screenshots.
 */
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { localDate } from '../../src/lib/domain/local-time.ts';
import { startServer } from '../helpers/server.ts';
import { loadHandler } from './build.ts';
import { card, joinMeal, laptop, phone, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('planning a meal in the browser', async () => {
	const server = await startServer({
		appHandler: await loadHandler(),
		timeZone: 'Europe/Paris',
		joinRate: { burst: 1000, perSecond: 100 }
	});
	const { accounts } = server.tablee;
	const password = 'une soupe de potiron';
	const setup = await accounts.setupAdmin((await accounts.startSetup())!, {
		email: 'ada@example.org',
		displayName: 'Ada',
		password
	});
	if (!setup.ok) throw new Error('setup failed');
	const admin = (await accounts.resolveSession(setup.session.token))!;
	const canteen = await accounts.createCanteen(admin, 'Cantine des Lilas');
	const invitation = await accounts.createInvitation(admin, canteen.id);
	if (!invitation.ok) throw new Error('invitation failed');
	await accounts.redeemInvitation(invitation.token, { email: 'jeanne@example.org', displayName: 'Jeanne', password });
	// Today where the canteen is: the meal is today, so the phone can join once it opens.
	const today = localDate({ timeZone: 'Europe/Paris', at: Date.now() });

	it('goes from login to a planned meal with its menu on a phone', async () => {
		const master = await open(laptop);
		await master.goto(`${server.url}/login`);
		await master.getByLabel('Adresse e-mail').fill('jeanne@example.org');
		await master.getByLabel('Mot de passe').fill(password);
		await master.getByRole('button', { name: 'Se connecter' }).click();
		await master.waitForURL('**/staff');
		await master.getByRole('link', { name: 'Planifier les repas' }).click();
		await master.waitForURL(`**/staff/canteens/${canteen.id}`);
		await master.getByRole('heading', { name: 'Cantine des Lilas' }).waitFor();
		await master.getByText('Aucun repas prévu pour l’instant').waitFor();

		// Plan a meal: a wrong price first, marked on its field; then the right one.
		await master.getByLabel('Titre du repas').fill('Déjeuner des Lilas');
		await master.getByLabel('Date').fill(today);
		await master.getByLabel('Heure de début').fill('12:00');
		await master.getByLabel('Durée (en minutes)').fill('150');
		await master.getByLabel('Nombre de places').fill('30');
		await master.getByLabel('Prix coûtant de l’assiette (en euros)').fill('trois euros');
		await master.getByRole('button', { name: 'Planifier le repas' }).click();
		await master.getByText('Un montant en euros, par exemple 3,50 (100 € au plus).').waitFor();
		expect(await master.getByLabel('Prix coûtant de l’assiette (en euros)').getAttribute('aria-invalid')).toBe('true');
		// Focus goes to the field to fix.
		await expect.poll(() => master.evaluate(() => document.activeElement?.id)).toBe('new-price');
		// What was typed is still there.
		expect(await master.getByLabel('Titre du repas').inputValue()).toBe('Déjeuner des Lilas');
		await master.screenshot({ path: join(shots, 'plan-new-error.png'), fullPage: true });
		await master.getByLabel('Prix coûtant de l’assiette (en euros)').fill('3,50');
		await master.getByRole('button', { name: 'Planifier le repas' }).click();
		const created = master.getByRole('status').filter({ hasText: 'Repas « Déjeuner des Lilas » planifié.' });
		await created.waitFor();
		const screenLink = await master.getByLabel(/Lien de l’écran de cuisine/).inputValue();
		expect(screenLink).toMatch(/\/screen\/meal_[A-Za-z0-9]+#key=/);
		await master.getByTestId('upcoming').getByText('Déjeuner des Lilas').waitFor();
		await master.screenshot({ path: join(shots, 'plan-created.png'), fullPage: true });

		// The menu, three dishes.
		await master.getByRole('link', { name: 'Composer le menu' }).click();
		await master.waitForURL('**/staff/meals/**');
		const dish = (n: number) =>
			master.getByRole('listitem').filter({ has: master.getByRole('heading', { name: `Plat ${n}` }) });
		await dish(1).getByLabel('Nom en français').fill('Velouté de potiron');
		await dish(1).getByLabel('Nom en anglais').fill('Pumpkin soup');
		await dish(1).getByLabel('Catégorie').selectOption({ label: 'Entrée' });
		await dish(1).getByLabel('Lait').check();
		await dish(1).getByLabel('Céleri').check();
		await dish(1).getByLabel('Végétalien').check();
		// Vegan with milk: flagged as it is ticked, not refused.
		const warning = dish(1).getByText('Marqué « végétalien » mais contient : lait.');
		await warning.waitFor();
		await dish(1).screenshot({ path: join(shots, 'plan-dish-warning.png') });
		await dish(1).getByLabel('Végétalien').uncheck();
		await warning.waitFor({ state: 'detached' });
		await dish(1).getByLabel('Végétarien').check();
		await dish(1).getByLabel('Ingrédients, séparés par des virgules').fill('potiron, crème, céleri');

		await dish(2).getByLabel('Nom en français').fill('Curry de pois chiches');
		await dish(2).getByLabel('Nom en anglais').fill('Chickpea curry');
		await dish(2).getByLabel('Végétalien').check();
		await dish(2).getByLabel('Halal').check();
		await dish(2).getByLabel('Moutarde').check();

		// Two rows are offered; two more are added (focus moves to each new row's first field)…
		const add = master.getByRole('button', { name: 'Ajouter un plat' });
		await add.click();
		await expect.poll(() => master.evaluate(() => document.activeElement?.id)).toBe('dish-2-fr');
		await add.click();
		await expect.poll(() => master.evaluate(() => document.activeElement?.id)).toBe('dish-3-fr');
		await dish(4).getByLabel('Nom en français').fill('Tarte aux pommes');
		await dish(4).getByLabel('Catégorie').selectOption({ label: 'Dessert' });
		await dish(4).getByLabel('Céréales contenant du gluten').check();
		await dish(4).getByLabel('Œufs').check();
		// …and the third, left blank, removed: the fourth becomes the third.
		await master.getByRole('button', { name: 'Retirer le plat 3' }).click();
		await expect.poll(() => dish(3).getByLabel('Nom en français').inputValue()).toBe('Tarte aux pommes');
		await master.getByRole('button', { name: 'Enregistrer le plan' }).click();
		await master.getByText('Plan enregistré. Les téléphones et l’écran de cuisine sont à jour.').waitFor();
		await master.screenshot({ path: join(shots, 'plan-edit-laptop.png'), fullPage: true });

		// The same page on a 360-pixel phone.
		await master.setViewportSize({ width: 360, height: 780 });
		await dish(1).getByLabel('Lait').scrollIntoViewIfNeeded();
		await master.screenshot({ path: join(shots, 'plan-edit-phone.png') });
		await master.setViewportSize(laptop.viewport);

		// Back on the planning page: planned, 30 places; then the console.
		await master.getByRole('link', { name: 'Retour au planning' }).click();
		const listed = master.getByTestId('upcoming').getByRole('listitem').filter({ hasText: 'Déjeuner des Lilas' });
		await listed.getByText('En préparation').waitFor();
		await listed.getByText('30 places').waitFor();
		await master.getByRole('link', { name: 'Ouvrir la console — Déjeuner des Lilas' }).click();
		await master.waitForURL('**/master/**');
		await master.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		const summary = master.getByTestId('plan-summary');
		await summary.getByText('2 h 30, 30 places, 3,50\u00a0€ l’assiette').waitFor();
		await summary.getByText('Velouté de potiron, Curry de pois chiches, Tarte aux pommes').waitFor();
		await summary.getByRole('link', { name: 'Modifier le plan' }).waitFor();
		const code = (await master.getByTestId('join-code').textContent())!;

		// Before it opens, the join page says it opens soon.
		const phonePage = await open(phone);
		await phonePage.goto(`${server.url}/j/${code}`);
		await phonePage.getByRole('status').filter({ hasText: 'Le repas ouvre bientôt.' }).waitFor();
		expect(await phonePage.getByRole('button', { name: 'Rejoindre le repas' }).count()).toBe(0);
		await phonePage.screenshot({ path: join(shots, 'plan-opens-soon-phone.png') });

		await master.getByRole('button', { name: 'Ouvert' }).click();
		await master.getByRole('button', { name: 'Ouvert', pressed: true }).waitFor();
		await master.screenshot({ path: join(shots, 'plan-console.png') });

		await joinMeal(phonePage, { url: server.url, code, name: 'Léa', emoji: '🍅' });
		const menu = phonePage.getByTestId('menu-card');
		// Folded under the tasks at first: one tap opens it.
		await menu.getByRole('heading', { name: /Au menu \(\d plats\)/ }).click();
		const soup = menu.getByRole('listitem').filter({ hasText: 'Velouté de potiron' }).first();
		await soup.getByText('Allergènes : Lait, Céleri').waitFor();
		await soup.getByRole('list', { name: 'Convient aux régimes :' }).getByText('Végétarien').waitFor();
		const curry = menu.getByRole('listitem').filter({ hasText: 'Curry de pois chiches' }).first();
		// Vegan implies vegetarian and pork-free; halal is the Canteen Master's word.
		for (const diet of ['Végétarien', 'Végétalien', 'Halal', 'Sans porc'])
			await curry.getByRole('list', { name: 'Convient aux régimes :' }).getByText(diet, { exact: true }).waitFor();
		await menu.getByText('Prix coûtant de l’assiette : 3,50\u00a0€ — participation libre').waitFor();
		await menu.scrollIntoViewIfNeeded();
		await phonePage.screenshot({ path: join(shots, 'plan-menu-phone.png') });

		// The kitchen screen, from the link given once when the meal was planned.
		const screen = await open({ viewport: { width: 1920, height: 1080 } });
		await screen.goto(screenLink.replace(/^https?:\/\/[^/]+/, server.url));
		await screen.getByTestId('screen-places').getByText('29 places à table sur 30').waitFor();
		await screen.screenshot({ path: join(shots, 'plan-kitchen-screen.png') });

		// The phone in English reads the same menu in English, live.
		await phonePage.getByRole('button', { name: 'EN', exact: true }).click();
		await menu.getByText('A plate costs the canteen €3.50 — pay what you feel').waitFor();
		await menu.getByText('Allergens: Milk, Celery').waitFor();

		// The meal running: the Canteen Master pushes the first suggested conversation starter
		// to everyone; the phone (now in English) and the kitchen screen show it.
		const prompts = master.getByTestId('prompt-panel');
		const suggestion = prompts.getByTestId('prompt-suggestion').first();
		const promptId = (await suggestion.getAttribute('data-prompt-id'))!;
		const { libraryPrompt } = await import('../../src/lib/prompts/library.ts');
		const promptText = libraryPrompt(promptId)!.text;
		await suggestion.getByRole('button', { name: 'Montrer à tous' }).click();
		// Shown in the languages at the table: Léa's phone is in English, so English.
		await prompts.getByTestId('prompt-current').getByText(promptText.en).waitFor();
		await phonePage.getByTestId('member-prompt').getByText(promptText.en).waitFor();
		await screen.getByText(promptText.en).waitFor();
		await prompts.scrollIntoViewIfNeeded();
		await master.screenshot({ path: join(shots, 'walkthrough-prompt-console.png') });

		// Then invites Léa to peel the vegetables (a task from the canteen's templates): a
		// friendly card on her phone, accepted, and her place shows in the console.
		const peel = 'Laver et éplucher les légumes';
		const invite = card(master, peel).getByLabel('Proposer à');
		await vi.waitFor(async () => expect(await invite.locator('option', { hasText: 'Léa' }).count()).toBe(1));
		await invite.selectOption({ label: '🍅 Léa' });
		await card(master, peel).getByRole('button', { name: 'Proposer', exact: true }).click();
		await card(master, peel).getByText('En attente de Léa').waitFor();
		const offer = phonePage.getByRole('region', { name: 'Suggestions for you' });
		await offer.getByText('Would you help with: Wash and peel the vegetables?').waitFor();
		await phonePage.screenshot({ path: join(shots, 'walkthrough-invitation-phone.png') });
		await offer.getByRole('button', { name: 'Accept' }).click();
		await offer.waitFor({ state: 'detached' });
		await card(master, peel).getByRole('list', { name: 'Qui est là' }).getByText('Léa').waitFor();
		await card(master, peel).scrollIntoViewIfNeeded();
		await master.screenshot({ path: join(shots, 'walkthrough-invited-console.png') });
	});
});
