/**
 * The team list on the staff canteen page in Chromium: an administrator sees who has
 * access with their role and the invitations, removes a Canteen Master after a confirm
 * step that takes the focus, and the page stays axe-clean in French and English.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.ts';
import { adminPerson, staffPerson } from '../helpers/staff.ts';
import { axeViolations } from './axe.ts';
import { loadHandler } from './build.ts';
import { laptop, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('the team of a canteen in the browser', async () => {
	const server = await startServer({ appHandler: await loadHandler() });
	const { storage } = server.tablee;
	const canteenId = server.demo.meal.canteenId;
	const admin = await adminPerson(storage);
	await staffPerson(storage, canteenId, admin.id);
	await staffPerson(storage, canteenId, admin.id);

	async function signedIn(cookie: string, locale = 'fr-FR'): Promise<Page> {
		const page = await open({ ...laptop, locale });
		const [name, value] = cookie.split('=') as [string, string];
		await page.context().addCookies([{ name, value, url: server.url }]);
		await page.goto(`${server.url}/staff/canteens/${canteenId}`);
		return page;
	}

	it('lists the team, asks before removing, and removes', async () => {
		const page = await signedIn(admin.cookie);
		const team = page.getByTestId('team');
		await team.getByRole('heading', { name: 'L’équipe' }).waitFor();
		expect(await team.getByTestId('team-person').count()).toBe(3);
		await team.getByText('Administration, toutes les cantines').waitFor();
		await team.getByText('(vous)').waitFor();
		await team
			.getByText(/En attente|Acceptée le/)
			.first()
			.waitFor();
		// Nobody is offered to remove themselves.
		expect(await team.getByRole('button', { name: 'Retirer Admin de l’équipe' }).count()).toBe(0);
		expect(await axeViolations(page)).toEqual([]);
		await team.scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(shots, 'team.png'), fullPage: true });

		await team.getByRole('button', { name: 'Retirer Staff de l’équipe' }).last().click();
		const dialog = page.getByRole('alertdialog', { name: 'Retirer Staff de l’équipe ?' });
		await dialog.waitFor();
		expect(await dialog.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await axeViolations(page)).toEqual([]);
		await page.screenshot({ path: join(shots, 'team-confirm.png'), fullPage: true });
		await dialog.getByRole('button', { name: 'Oui, retirer' }).click();
		await team.getByRole('status').filter({ hasText: 'Staff ne fait plus partie de l’équipe.' }).waitFor();
		expect(await team.getByTestId('team-person').count()).toBe(2);
		expect(await storage.accounts.listTeam(canteenId)).toHaveLength(2);
	});

	it('reads in English, axe-clean', async () => {
		const page = await signedIn(admin.cookie, 'en-GB');
		const team = page.getByTestId('team');
		await team.getByRole('heading', { name: 'The team' }).waitFor();
		await team.getByText('Administrator, every canteen').waitFor();
		expect(await axeViolations(page)).toEqual([]);
	});
});
