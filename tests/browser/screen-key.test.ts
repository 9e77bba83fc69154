/**
 * The kitchen-screen link on the plan page in Chromium: a meal planned before the key was
 * kept says so; "Give a new link" asks first (the question takes the focus), then shows
 * the new link, which opens the kitchen screen; axe-clean at each step.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.ts';
import { adminPerson } from '../helpers/staff.ts';
import { axeViolations } from './axe.ts';
import { loadHandler } from './build.ts';
import { laptop, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('the kitchen-screen link on the plan page', async () => {
	const server = await startServer({ appHandler: await loadHandler() });
	const admin = await adminPerson(server.tablee.storage);
	const mealId = server.demo.meal.id;

	it('re-issues after a confirm step and shows the new link', async () => {
		const page = await open(laptop);
		const [name, value] = admin.cookie.split('=') as [string, string];
		await page.context().addCookies([{ name, value, url: server.url }]);
		await page.goto(`${server.url}/staff/meals/${mealId}`);
		const panel = page.getByTestId('screen-key');
		await panel.getByText('n’est pas gardé').waitFor();
		await panel.getByRole('button', { name: 'Donner un nouveau lien' }).click();
		const dialog = page.getByRole('alertdialog', { name: 'Donner un nouveau lien d’écran ?' });
		await dialog.waitFor();
		expect(await dialog.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await axeViolations(page)).toEqual([]);
		await dialog.getByRole('button', { name: 'Oui, nouveau lien' }).click();
		await panel.getByRole('status').filter({ hasText: 'l’ancien ne marche plus' }).waitFor();
		const link = await panel.getByLabel('Lien de l’écran de cuisine (lecture seule)').inputValue();
		expect(link).toMatch(new RegExp(`/screen/${mealId}#key=[A-Za-z0-9_-]{43}$`));
		expect(await axeViolations(page)).toEqual([]);
		await panel.scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(shots, 'plan-screen-link.png') });

		const screen = await open({ viewport: { width: 1280, height: 720 } });
		await screen.goto(link);
		await screen.getByTestId('screen-task').first().waitFor();
	});
});
