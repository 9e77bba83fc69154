/**
 * End to end on the production build: real server, real sockets, Debian's Chromium.
 * Two phones join with the short code typed on the home page, take tasks and see each
 * other's claims; the Canteen Master adds a task live; the kitchen screen shows the code
 * and QR. Screenshots land in test-results/screenshots for a human look.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
import { loadHandler } from './build.ts';
import { useChromium, shots, joinMeal, card } from './chromium.ts';

const { open } = useChromium();

describe('Tablée in the browser', async () => {
	const server: TestServer = await startServer({
		appHandler: await loadHandler(),
		joinRate: { burst: 1000, perSecond: 100 }
	});
	const where = { url: server.url, code: server.demo.meal.joinCode };
	let awa: Page;
	let bruno: Page;

	it('lets two phones join with the short code and see each other take tasks', async () => {
		awa = await open();
		bruno = await open();
		await joinMeal(awa, { ...where, name: 'Awa', emoji: '🍅', shot: 'join-page.png' });
		await joinMeal(bruno, { ...where, name: 'Bruno', emoji: '🥖' });

		const soup = 'Préparer la soupe de potiron';
		await card(awa, soup)
			.getByRole('button', { name: /Je m.en occupe/ })
			.click();
		await card(awa, soup).getByText('Vous y êtes').waitFor();
		await card(bruno, soup).getByText('Awa').waitFor();
		expect(await card(bruno, soup).textContent()).toContain('Places prises : 1 sur 2');

		// The last place of a one-place task: the other phone sees it full, no button.
		const bread = 'Couper le pain';
		await card(awa, bread)
			.getByRole('button', { name: /Je m.en occupe/ })
			.click();
		await card(bruno, bread).getByText('complet').waitFor();
		expect(await card(bruno, bread).getByRole('button').count()).toBe(0);

		// Both kinds of presence shown for Awa on Bruno's phone: checked in and connected now.
		const people = bruno.getByRole('region', { name: /Qui est là/ });
		await people.getByText('Awa').waitFor();
		await vi.waitFor(async () => expect(await people.getByTitle('téléphone connecté en ce moment').count()).toBe(2));

		await bruno.screenshot({ path: join(shots, 'member-board.png'), fullPage: true });
		await bruno.screenshot({ path: join(shots, 'member-board-viewport.png') });
	});

	it('shows a task added by the Canteen Master on a member’s phone, in either language', async () => {
		const master = await open({ viewport: { width: 1280, height: 900 } });
		await master.goto(`${server.url}/master/${server.demo.meal.id}#key=${server.demo.masterKey}`);
		await master.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		expect(await master.getByTestId('join-code').textContent()).toBe(server.demo.meal.joinCode);

		// The add-task form waits folded under the tasks: the rush is about the tasks there.
		await master.locator('summary', { hasText: 'Ajouter une tâche' }).click();
		await master.getByLabel('Type').selectOption('table');
		await master.getByLabel('Titre en français').fill('Plier les serviettes');
		await master.getByLabel('Titre en anglais (facultatif)').fill('Fold the napkins');
		await master.getByLabel('Nombre de places').fill('2');
		await master.getByRole('button', { name: 'Ajouter', exact: true }).click();

		await card(bruno, 'Plier les serviettes').waitFor();
		await card(master, 'Plier les serviettes').waitFor();
		await master.screenshot({ path: join(shots, 'master-view.png'), fullPage: true });

		// Edit in the dialog: more places show up on the phone.
		await card(master, 'Plier les serviettes').getByRole('button', { name: 'Modifier' }).click();
		const dialog = master.getByRole('dialog', { name: 'Modifier la tâche' });
		await dialog.getByLabel('Nombre de places').fill('4');
		await master.screenshot({ path: join(shots, 'master-edit.png') });
		await dialog.getByRole('button', { name: 'Enregistrer' }).click();
		await card(bruno, 'Plier les serviettes').getByText('encore 4 places').waitFor();

		await awa.getByRole('button', { name: 'EN', exact: true }).click();
		await card(awa, 'Fold the napkins').waitFor();
		expect(await awa.evaluate(() => document.documentElement.lang)).toBe('en');
	});

	it('puts the join code and a QR code on the kitchen screen', async () => {
		const screen = await open({ viewport: { width: 1920, height: 1080 } });
		await screen.goto(`${server.url}/screen/${server.demo.meal.id}#key=${server.demo.screenKey}`);
		const code = screen.getByTestId('screen-code');
		await code.waitFor();
		expect(await code.textContent()).toBe(server.demo.meal.joinCode);
		const qr = screen.getByTestId('join-qr');
		expect(await qr.getAttribute('role')).toBe('img');
		expect((await qr.locator('path').getAttribute('d'))?.length).toBeGreaterThan(200);
		await screen.getByText('Awa').first().waitFor();
		await screen.screenshot({ path: join(shots, 'kitchen-screen.png') });
	});

	it('says when the connection is lost, keeps only the taps that can wait, and recovers', async () => {
		const context = bruno.context();
		await context.setOffline(true);
		const banner = bruno.getByRole('alert').filter({ hasText: 'Connexion perdue' });
		await banner.waitFor();
		// A claim can wait on the phone (tests/browser/outbox.test.ts); a new name cannot.
		const claim = card(bruno, 'Mettre la table').getByRole('button', { name: /Je m.en occupe/ });
		const rename = bruno.getByRole('button', { name: 'Changer mon nom' });
		expect(await claim.isEnabled()).toBe(true);
		expect(await rename.isDisabled()).toBe(true);
		await bruno.screenshot({ path: join(shots, 'member-offline.png') });

		await context.setOffline(false);
		await banner.waitFor({ state: 'detached', timeout: 20_000 });
		await vi.waitFor(async () => expect(await rename.isEnabled()).toBe(true));
		expect(await claim.isEnabled()).toBe(true);
	});

	it('lets a member fix their name, and the other phone sees it', async () => {
		await bruno.getByRole('button', { name: 'Changer mon nom' }).click();
		const dialog = bruno.getByRole('dialog', { name: 'Changer mon nom' });
		await dialog.getByLabel('Votre prénom ou surnom').fill('Bruno L.');
		await dialog.locator('label', { hasText: '🐢' }).click();
		await bruno.screenshot({ path: join(shots, 'member-rename.png') });
		await dialog.getByRole('button', { name: 'Enregistrer' }).click();
		await dialog.waitFor({ state: 'hidden' });
		await bruno.getByText('Bonjour Bruno L. !').waitFor();
		// Awa's phone was switched to English earlier: the same list, in her language.
		const people = awa.getByRole('region', { name: /Who’s here/ });
		await people.getByText('Bruno L.').waitFor();
		expect(await people.textContent()).toContain('🐢');
	});
});
