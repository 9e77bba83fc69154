/**
 * A Canteen Master plans ahead in Chromium, on the production build and a Paris clock set
 * to Monday 25 March 2030: edits a task template, then creates "every Tuesday and
 * Thursday at noon" and sees the meals it made. Screenshots on a phone and a laptop.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.ts';
import { paris, staffUser } from '../planning/series-fixtures.ts';
import { loadHandler } from './build.ts';
import { laptop, phone, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('task templates and recurring meals in the browser', async () => {
	const server = await startServer({
		appHandler: await loadHandler(),
		planning: { now: () => paris('2030-03-25', '10:00') }
	});
	const { storage, sessions } = server.tablee;
	await storage.meals.createCanteen({ id: 'canteen_canal', name: 'Cantine du Canal', createdAt: 1 });
	const { token } = await staffUser(storage, { canteenIds: ['canteen_canal'] });

	async function signedIn(device: typeof phone | typeof laptop): Promise<Page> {
		const page = await open(device);
		await page.context().addCookies([{ name: 'tablee_session', value: token, url: server.url }]);
		return page;
	}

	it('edits a template and moves it, on a laptop', async () => {
		const page = await signedIn(laptop);
		await page.goto(`${server.url}/staff/canteens/canteen_canal/templates`);
		await page.getByRole('heading', { name: 'Modèles de tâches' }).waitFor();
		await page.getByRole('heading', { name: 'Avant le repas' }).waitFor();
		await page.screenshot({ path: join(shots, 'templates-laptop.png'), fullPage: true });

		await page.getByRole('link', { name: 'Modifier « Laver et éplucher les légumes »' }).click();
		// The row turns into its form; the empty form for a new task stays at the bottom.
		const fr = page.getByLabel('Intitulé en français').first();
		await expect.poll(() => fr.inputValue()).toBe('Laver et éplucher les légumes');
		await fr.fill('Éplucher les carottes du marché');
		await page.getByLabel('Nombre de places').first().fill('4');
		await page.screenshot({ path: join(shots, 'templates-edit-laptop.png') });
		await page.getByRole('button', { name: 'Enregistrer' }).click();
		await page.getByRole('status').filter({ hasText: 'Modifications enregistrées.' }).waitFor();
		expect(page.url()).not.toContain('edit=');

		// Moved up by keyboard: the focus stays on the moved row's arrow.
		const up = page.getByRole('button', { name: 'Monter « Éplucher les carottes du marché »' });
		await up.focus();
		await page.keyboard.press('Enter');
		await page.getByRole('status').filter({ hasText: 'Ordre mis à jour.' }).waitFor();
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
			.toBe('Descendre « Éplucher les carottes du marché »');
		const before = (await storage.planning.listTaskTemplates('canteen_canal')).filter((t) => t.phase === 'before');
		expect(before.slice(0, 2).map((t) => t.title.fr)).toEqual([
			'Éplucher les carottes du marché',
			'Ouvrir la cuisine et sortir le matériel'
		]);
		expect(before[0]!.slots).toBe(4);
	});

	it('shows the templates on a phone, and adds one', async () => {
		const page = await signedIn(phone);
		await page.goto(`${server.url}/staff/canteens/canteen_canal/templates`);
		await page.getByLabel('Intitulé en français').last().fill('Préparer la citronnade');
		await page.getByLabel('Moment').last().selectOption('during');
		await page.getByRole('button', { name: '🥗' }).last().click();
		await page.getByRole('button', { name: 'Ajouter la tâche' }).click();
		await page.getByRole('status').filter({ hasText: 'Tâche « Préparer la citronnade » ajoutée.' }).waitFor();
		await page.screenshot({ path: join(shots, 'templates-phone.png'), fullPage: true });
		const during = (await storage.planning.listTaskTemplates('canteen_canal')).filter((t) => t.phase === 'during');
		expect(during.at(-1)).toMatchObject({ title: { fr: 'Préparer la citronnade' }, icon: '🥗' });
	});

	it('creates Tuesday and Thursday lunches on a phone, with a preview, and lists the meals made', async () => {
		const page = await signedIn(phone);
		await page.goto(`${server.url}/staff/canteens/canteen_canal/series`);
		await page.getByText('Aucun repas récurrent pour l’instant').waitFor();
		await page.getByText('Mardi', { exact: true }).click();
		await page.getByText('Jeudi', { exact: true }).click();
		await page.getByLabel('Nom des repas').fill('Déjeuner partagé');
		await page.getByLabel('Prix d’une assiette (€)').fill('3,50');
		await page.getByLabel('Jour à ajouter').fill('2030-04-02');
		await page.getByRole('button', { name: 'Ajouter ce jour' }).click();
		await page.getByRole('button', { name: 'Retirer le mardi 2 avril' }).waitFor();
		// The preview follows the form: the first lunch is tomorrow, 2 April is left out.
		const preview = page.getByRole('region', { name: 'Prochains repas qui seront créés' });
		await preview.getByText('mardi 26 mars').waitFor();
		expect(await preview.getByText('mardi 2 avril').count()).toBe(0);
		await page.screenshot({ path: join(shots, 'series-form-phone.png'), fullPage: true });

		await page.getByRole('button', { name: 'Enregistrer et créer les repas' }).click();
		await page.getByRole('status').filter({ hasText: 'Enregistré : 7 repas créés.' }).waitFor();
		await page.getByRole('heading', { name: 'Mardi et jeudi à 12:00' }).waitFor();
		await page.getByRole('link', { name: 'Ouvrir la console — mardi 26 mars' }).waitFor();
		// The form below is fresh again, for another series.
		expect(await page.getByLabel('Nom des repas').inputValue()).toBe('');
		await page.screenshot({ path: join(shots, 'series-phone.png'), fullPage: true });

		const [series] = await storage.planning.listSeries('canteen_canal');
		const dates = await storage.planning.listSeriesDates(series!.id);
		expect(dates).toHaveLength(7);
		const tasks = await sessions.read(dates[0]!.mealId!, (s) => [...s.tasks.values()].map((t) => t.title.fr));
		expect(tasks).toContain('Éplucher les carottes du marché');
		expect(tasks).toContain('Préparer la citronnade');
	});

	it('shows the recurring meals on a laptop, and pauses them', async () => {
		const page = await signedIn(laptop);
		await page.goto(`${server.url}/staff/canteens/canteen_canal/series`);
		await page.getByRole('heading', { name: 'Mardi et jeudi à 12:00' }).waitFor();
		await page.getByRole('button', { name: 'Mettre en pause — Mardi et jeudi à 12:00' }).click();
		await page.getByRole('status').filter({ hasText: 'Mis en pause' }).waitFor();
		await page.getByText('En pause', { exact: true }).waitFor();
		await page.screenshot({ path: join(shots, 'series-laptop.png'), fullPage: true });
		expect((await storage.planning.listSeries('canteen_canal'))[0]?.paused).toBe(true);
	});
});
