/**
 * What members choose to share, end to end on the production build: Annie shares two
 * things with consent, Karim one that complements hers; the console suggests introducing
 * them with the line to say, hints at who is here for the first time, and pairs them for a
 * task. Karim's phone and the kitchen screen never show Annie's words. Screenshots land in
 * test-results/screenshots.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
import { loadHandler } from './build.ts';
import { joinMeal, laptop, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('what members share, in the browser', async () => {
	const server: TestServer = await startServer({
		appHandler: await loadHandler(),
		joinRate: { burst: 1000, perSecond: 100 }
	});
	const where = { url: server.url, code: server.demo.meal.joinCode };

	async function share(
		page: Page,
		things: { kind: string; text: string }[],
		languages: string[],
		age: string,
		shot?: string
	) {
		await page.getByTestId('about-me-open').click();
		const sheet = page.getByTestId('about-me');
		await sheet.getByRole('heading', { name: 'Ce que je partage avec cette cantine' }).waitFor();
		await sheet
			.getByText('Jamais l’écran de la cuisine, les autres membres ni les partenaires', { exact: false })
			.waitFor();
		await sheet.getByText('Vous ne partagez rien pour l’instant.').waitFor();
		// Without consent, nothing goes out.
		await sheet.getByRole('button', { name: 'Ajouter une chose' }).click();
		await sheet.getByLabel('La suite 1').fill(things[0]!.text);
		await sheet.getByRole('button', { name: 'Enregistrer' }).click();
		await sheet.getByRole('alert').getByText('Cochez la case pour partager').waitFor();

		await sheet.getByLabel('J’accepte de partager ce que j’écris ici avec l’équipe de cette cantine.').check();
		for (const [i, thing] of things.entries()) {
			if (i > 0) await sheet.getByRole('button', { name: 'Ajouter une chose' }).click();
			await sheet.getByLabel(`Début de la phrase ${i + 1}`).selectOption(thing.kind);
			await sheet.getByLabel(`La suite ${i + 1}`).fill(thing.text);
		}
		for (const language of languages) await sheet.getByLabel(language, { exact: true }).check();
		await sheet.getByLabel('Ma tranche d’âge (facultatif)').selectOption(age);
		if (shot) {
			await page.screenshot({ path: join(shots, `${shot}.png`) });
			await sheet.getByRole('button', { name: 'Enregistrer' }).scrollIntoViewIfNeeded();
			await page.screenshot({ path: join(shots, `${shot}-end.png`) });
		}
		await sheet.getByRole('button', { name: 'Enregistrer' }).click();
		await page.getByText('C’est enregistré.', { exact: false }).waitFor();
		await sheet.getByRole('button', { name: 'Fermer' }).click();
	}

	it('shares with consent, suggests the introduction to the console only, and deletes for good', async () => {
		const annie = await open();
		const karim = await open();
		await joinMeal(annie, { ...where, name: 'Annie', emoji: '🍅' });
		await joinMeal(karim, { ...where, name: 'Karim', emoji: '🥖' });

		await share(
			annie,
			[
				{ kind: 'past-trade', text: 'couturière' },
				{ kind: 'interest', text: 'les tomates sur mon balcon' }
			],
			['Français', 'Arabe'],
			'70+',
			'member-about-me'
		);
		await share(karim, [{ kind: 'need-help', text: 'raccommoder une veste' }], ['Arabe'], 'under-30');

		const master = await open(laptop);
		await master.goto(`${server.url}/master/${server.demo.meal.id}#key=${server.demo.masterKey}`);
		await master.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		const panel = master.getByTestId('people-panel');
		const intros = panel.getByTestId('people-intros');
		const line = '« Annie a été couturière — Karim cherche un coup de main pour raccommoder une veste »';
		await intros.getByText(line).waitFor();
		const hints = panel.getByTestId('people-hints');
		await hints.getByRole('listitem').filter({ hasText: 'Annie' }).getByText('premier repas ici').waitFor();
		await hints.getByRole('listitem').filter({ hasText: 'Karim' }).getByText('premier repas ici').waitFor();
		const pairs = panel.getByTestId('people-pairs');
		await pairs
			.getByText(/Annie & Karim|Karim & Annie/)
			.first()
			.waitFor();
		await pairs.getByText('deux générations').first().waitFor();
		const closeToast = master.getByRole('button', { name: 'Fermer le message' });
		while ((await closeToast.count()) > 0) await closeToast.first().click();
		await panel.screenshot({ path: join(shots, 'master-people.png') });

		// Nobody else sees a word of it: not Karim's phone, not the kitchen screen.
		const screen = await open({ viewport: { width: 1920, height: 1080 } });
		await screen.goto(`${server.url}/screen/${server.demo.meal.id}#key=${server.demo.screenKey}`);
		await screen.getByTestId('screen-code').waitFor();
		for (const page of [karim, screen]) {
			const text = (await page.locator('body').textContent()) ?? '';
			expect(text).not.toContain('couturière');
			expect(text).not.toContain('tomates');
		}
		expect((await annie.locator('body').textContent()) ?? '').not.toContain('veste');

		// "Done": recorded for the canteen, gone from the suggestions.
		await intros.getByRole('button', { name: 'C’est fait' }).click();
		await master.getByText('ne sera pas proposée à nouveau avant 8 semaines', { exact: false }).waitFor();
		await intros
			.getByText(
				'Pas de présentation pour l’instant : les personnes qui ont partagé n’ont rien de nouveau en commun, ou se connaissent déjà.'
			)
			.waitFor();

		// Annie finds what she shared, then deletes it all: the console forgets it at once.
		await annie.getByTestId('about-me-open').click();
		const sheet = annie.getByTestId('about-me');
		expect(await sheet.getByLabel('La suite 1').inputValue()).toBe('couturière');
		expect(await sheet.getByLabel('La suite 2').inputValue()).toBe('les tomates sur mon balcon');
		await sheet.getByRole('button', { name: 'Tout effacer' }).click();
		await sheet.getByRole('button', { name: 'Oui, tout effacer' }).click();
		await annie.getByText('Tout est effacé', { exact: false }).waitFor();
		await sheet.getByText('Vous ne partagez rien pour l’instant.').waitFor();
		await pairs.getByText('deux générations').waitFor({ state: 'detached' });
		await annie.screenshot({ path: join(shots, 'member-about-me-deleted.png') });
		const key = `d:${(await server.tablee.storage.meals.listMealMembers(server.demo.meal.id)).find((m) => m.deviceHash)!.deviceHash}`;
		expect(await server.tablee.storage.people.getProfile(server.demo.meal.canteenId, key)).toBeUndefined();
		await master.screenshot({ path: join(shots, 'master-console-people.png'), fullPage: true });
	});
});
