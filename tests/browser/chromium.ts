/**
 * What every browser test shares: Debian's Chromium (never a downloaded one) with the
 * flags this machine needs, one context per simulated device closed after the file, the
 * screenshot folder, and joining a meal the way a person does.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { root } from './build.ts';

export const shots = join(root, 'test-results/screenshots');
export const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const laptop = { viewport: { width: 1280, height: 900 } };

type ContextOptions = Parameters<Browser['newContext']>[0];

/** Launches Chromium for this test file; `open` gives a fresh device (French by default). */
export function useChromium(): { open: (options?: ContextOptions) => Promise<Page> } {
	let browser: Browser;
	const contexts: BrowserContext[] = [];

	beforeAll(async () => {
		mkdirSync(shots, { recursive: true });
		browser = await chromium.launch({
			executablePath: '/usr/bin/chromium',
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		});
	});

	afterAll(async () => {
		for (const context of contexts) await context.close();
		await browser?.close();
	});

	return {
		async open(options = phone) {
			const context = await browser.newContext({ locale: 'fr-FR', ...options });
			contexts.push(context);
			return context.newPage();
		}
	};
}

/** Joins like a person would: the code typed loosely on the home page, then a name. */
export async function joinMeal(
	page: Page,
	input: { url: string; code: string; name: string; emoji: string; shot?: string }
): Promise<void> {
	const { code } = input;
	await page.goto(`${input.url}/`);
	await page.getByLabel('Code du repas').fill(`${code.slice(0, 3).toLowerCase()} - ${code.slice(3).toLowerCase()}`);
	if (input.shot) await page.screenshot({ path: join(shots, 'home.png') });
	await page.getByRole('button', { name: 'Continuer' }).click();
	await page.waitForURL(`**/j/${code}`);
	await page.getByLabel('Votre prénom ou surnom').fill(input.name);
	await page.locator('label', { hasText: input.emoji }).click();
	if (input.shot) await page.screenshot({ path: join(shots, input.shot), fullPage: true });
	await page.getByRole('button', { name: 'Rejoindre le repas' }).click();
	await page.waitForURL('**/meal/**');
	await page.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
}

/** A task card, found by its title as a screen reader would. */
export const card = (page: Page, title: string) => page.getByRole('article', { name: title });
