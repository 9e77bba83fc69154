/**
 * The staff side, end to end in Chromium on the production build: the one-time setup link
 * creates the first administrator, who creates a canteen and invites a Canteen Master;
 * the Canteen Master creates an account from the invitation, finds the canteen's meal and
 * opens its console signed in, without any key in the address. Screenshots for a look.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createMeal } from '../../server/board/meals.ts';
import { startServer } from '../helpers/server.ts';
import { loadHandler } from './build.ts';
import { useChromium, shots, phone, laptop } from './chromium.ts';

const { open } = useChromium();

async function fillAccount(page: Page, input: { email: string; name: string; password: string }) {
	await page.getByLabel('Adresse e-mail').fill(input.email);
	await page.getByLabel('Votre prénom ou nom').fill(input.name);
	await page.getByLabel('Mot de passe', { exact: true }).fill(input.password);
	await page.getByLabel('Le même mot de passe, encore une fois').fill(input.password);
}

describe('staff accounts in the browser', async () => {
	const server = await startServer({ appHandler: await loadHandler() });
	const setupToken = (await server.tablee.accounts.startSetup())!;
	const password = 'une soupe de potiron';

	it('goes from the setup link to a Canteen Master running a meal signed in', async () => {
		// The first administrator, from the one-time link printed at start.
		const admin = await open(laptop);
		await admin.goto(`${server.url}/setup#token=${setupToken}`);
		await fillAccount(admin, { email: 'Ada@Example.org', name: 'Ada', password });
		await admin.screenshot({ path: join(shots, 'staff-setup.png') });
		await admin.getByRole('button', { name: 'Créer le compte' }).click();
		await admin.waitForURL('**/admin');

		// A canteen, then an invitation link for it.
		await admin.getByLabel('Nom de la cantine').fill('Cantine des Lilas');
		await admin.getByRole('button', { name: 'Créer la cantine' }).click();
		await admin.getByText('Cantine « Cantine des Lilas » créée.').waitFor();
		await admin.getByRole('button', { name: /Inviter une personne de l’équipe — Cantine des Lilas/ }).click();
		const link = admin.getByLabel('Lien d’invitation pour Cantine des Lilas');
		await link.waitFor();
		const inviteUrl = await link.inputValue();
		expect(inviteUrl).toMatch(/\/invite#token=[A-Za-z0-9_-]{16,}$/);
		await admin.screenshot({ path: join(shots, 'staff-admin.png'), fullPage: true });

		// The setup link served once.
		const again = await open(laptop);
		await again.goto(`${server.url}/setup#token=${setupToken}`);
		await fillAccount(again, { email: 'mallory@example.org', name: 'Mallory', password });
		await again.getByRole('button', { name: 'Créer le compte' }).click();
		await again.getByRole('alert').filter({ hasText: /lien/i }).waitFor();
		expect(again.url()).toContain('/setup');

		// A meal in that canteen (planning pages come later), then the invited Canteen Master.
		const canteen = (await server.tablee.storage.meals.listCanteens()).find((c) => c.name === 'Cantine des Lilas')!;
		const { meal } = await createMeal(server.tablee.storage, {
			canteenId: canteen.id,
			title: 'Déjeuner des Lilas',
			date: '2026-11-26',
			time: '12:00',
			status: 'open',
			tasks: [{ kind: 'cooking', title: { fr: 'Laver les poireaux', en: 'Wash the leeks' }, slots: 2 }]
		});
		const master = await open(phone);
		await master.goto(inviteUrl.replace(/^https?:\/\/[^/]+/, server.url));
		await fillAccount(master, { email: 'jeanne@example.org', name: 'Jeanne', password });
		await master.getByRole('button', { name: 'Créer mon compte' }).click();
		await master.waitForURL('**/staff');
		await master.getByText('Déjeuner des Lilas').waitFor();
		await master.screenshot({ path: join(shots, 'staff-canteens.png'), fullPage: true });

		// The console, by session: no key anywhere in the address.
		await master.getByRole('link', { name: 'Ouvrir la console' }).click();
		await master.waitForURL(`**/master/${meal.id}`);
		expect(master.url()).not.toContain('key=');
		await master.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		expect(await master.getByTestId('join-code').textContent()).toBe(meal.joinCode);
		await master.getByRole('article', { name: 'Laver les poireaux' }).waitFor();
		await master.screenshot({ path: join(shots, 'staff-console.png') });
	});

	it('keeps the console closed to someone neither signed in nor holding the key', async () => {
		const demo = await open(laptop);
		// Nobody signed in: the console without a key says so instead of showing the board.
		await demo.goto(`${server.url}/master/${server.demo.meal.id}`);
		await demo.getByRole('alert').waitFor();
		expect(await demo.getByRole('article').count()).toBe(0);
	});

	it('answers a wrong password with one generic message, then lets the right one in', async () => {
		const page = await open(phone);
		await page.goto(`${server.url}/login`);
		await page.getByLabel('Adresse e-mail').fill('jeanne@example.org');
		await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await page.getByRole('alert').filter({ hasText: 'Adresse e-mail ou mot de passe incorrect.' }).waitFor();
		await page.screenshot({ path: join(shots, 'staff-login-error.png') });
		await page.getByLabel('Mot de passe').fill(password);
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await page.waitForURL('**/staff');
		expect(await page.getByText('Déjeuner des Lilas').count()).toBeGreaterThan(0);
	});
});
