/**
 * Installable and usable without a network (issue 10): the manifest Chromium reads, a
 * service worker that keeps the app shell, and a board that opens offline on the second
 * visit, showing what the phone last saw (from its own storage), with the offline banner.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.ts';
import { loadHandler } from './build.ts';
import { joinMeal, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('installable, and open offline', async () => {
	const server = await startServer({ appHandler: await loadHandler(), joinRate: { burst: 1000, perSecond: 100 } });
	const { meal } = server.demo;

	it('declares a manifest with icons that load', async () => {
		const page = await open();
		await page.goto(`${server.url}/`);
		const href = await page.locator('link[rel=manifest]').getAttribute('href');
		const manifest = (await (await fetch(new URL(href!, server.url))).json()) as {
			name: string;
			display: string;
			start_url: string;
			icons: { src: string; sizes: string; type: string }[];
		};
		expect(manifest).toMatchObject({ name: 'Tablée', display: 'standalone', start_url: '/' });
		for (const size of ['192x192', '512x512']) {
			const icon = manifest.icons.find((i) => i.sizes === size && i.type === 'image/png')!;
			const res = await fetch(new URL(icon.src, server.url));
			expect(res.headers.get('content-type')).toContain('image/png');
		}
	});

	it('opens the board with the network off on the second visit', async () => {
		const page = await open();
		await joinMeal(page, { url: server.url, code: meal.joinCode, name: 'Hors ligne', emoji: '🍅' });
		// The worker is installed and controls the page once it has claimed it.
		await page.evaluate(() => navigator.serviceWorker.ready);
		await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
		const boardUrl = page.url();
		// Let the board reach the phone's storage (saved shortly after each change, and on pagehide).
		await page.goto(`${server.url}/`);

		await page.context().setOffline(true);
		await page.goto(boardUrl);
		await page.getByRole('alert').filter({ hasText: 'Connexion perdue' }).waitFor();
		await page.getByRole('article', { name: 'Mettre la table' }).waitFor();
		expect(await page.getByRole('heading', { name: 'Déjeuner du jour' }).count()).toBe(1);
		await page.screenshot({ path: join(shots, 'phone-offline-second-visit.png') });
		await page.context().setOffline(false);
	});
});
