/**
 * End to end on the production build: the Canteen Master removes a member from the
 * console, and the member's phone shows a calm message instead of the board.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
import { loadHandler } from './build.ts';
import { joinMeal, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('member moderation in the browser', async () => {
	const server: TestServer = await startServer({
		appHandler: await loadHandler(),
		joinRate: { burst: 1000, perSecond: 100 }
	});
	const where = { url: server.url, code: server.demo.meal.joinCode };

	it('lets the Canteen Master remove a member, whose phone says so calmly', async () => {
		const master = await open({ viewport: { width: 1280, height: 900 } });
		await master.goto(`${server.url}/master/${server.demo.meal.id}#key=${server.demo.masterKey}`);
		await master.getByRole('status').filter({ hasText: 'En direct' }).waitFor();

		const paul = await open();
		await joinMeal(paul, { ...where, name: 'Paulette', emoji: '🥕' });

		const people = master.getByRole('region', { name: /Qui est là/ });
		await people.getByRole('button', { name: 'Gérer Paulette' }).click();
		const dialog = master.getByRole('dialog', { name: 'Gérer Paulette' });
		await dialog.getByRole('button', { name: 'Bloquer cet appareil' }).waitFor();
		await master.screenshot({ path: join(shots, 'master-moderation.png') });
		await dialog.getByRole('button', { name: 'Retirer du repas' }).click();
		const confirm = master.getByRole('dialog', { name: 'Retirer du repas' });
		await confirm.getByText(/^Retirer Paulette du repas \?/).waitFor();
		await confirm.getByRole('button', { name: 'Retirer du repas' }).click();
		await master.getByText('Paulette ne fait plus partie du repas.').waitFor();

		await paul.getByText('Vous avez quitté ce repas.').waitFor();
		await paul.screenshot({ path: join(shots, 'member-removed.png') });
		await paul.waitForURL(`${server.url}/`, { timeout: 10_000 });
		// The phone forgot its token for this meal: nothing left to come back with.
		const keys = await paul.evaluate(() => Object.keys(localStorage));
		expect(keys.filter((k) => k.startsWith('tablee:member:'))).toEqual([]);
	});
});
