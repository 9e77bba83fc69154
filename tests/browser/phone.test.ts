/**
 * A member's phone at a busy lunch (issue 10): the tasks come first and fit the first
 * screen at every common phone width, the menu waits folded below them, "Mes tâches"
 * says what I took, claim buttons say which task they take, focus stays on the card
 * after a claim, and a live region present from the first paint announces my claim, a
 * neighbour's, a pushed prompt, a private prompt and an invitation. A closed meal says
 * goodbye. Everything through the production build, a real server and real sockets.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { connect, joinMember, startServer } from '../helpers/server.ts';
import { loadHandler } from './build.ts';
import { card, joinMeal, phone, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('a member’s phone at a real lunch', async () => {
	const server = await startServer({ appHandler: await loadHandler(), joinRate: { burst: 1000, perSecond: 100 } });
	const { meal, masterKey } = server.demo;
	const where = { url: server.url, code: meal.joinCode };
	const announcer = (page: Page) => page.getByTestId('announcer');
	const memberIdOf = (page: Page) =>
		page.evaluate((id) => JSON.parse(localStorage.getItem(`tablee:member:${id}`)!).memberId as string, meal.id);

	for (const width of [320, 375, 390, 414]) {
		it(`puts a task to take on the first screen at ${width} px, the menu folded below`, async () => {
			const page = await open({ ...phone, viewport: { width, height: 844 } });
			await joinMeal(page, { ...where, name: `Écran ${width}`, emoji: '🍅' });
			const first = page.getByRole('button', { name: /Je m.en occupe/ }).first();
			const box = (await first.boundingBox())!;
			expect(box.y + box.height).toBeLessThanOrEqual(844);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

			if (width === 390) await page.screenshot({ path: join(shots, 'phone-first-screen.png') });
			const menu = page.getByTestId('menu-card');
			const summary = menu.getByText(/Au menu \(\d+ plats\)/);
			expect(await menu.getByRole('listitem').first().isVisible()).toBe(false);
			const menuTop = (await menu.boundingBox())!.y;
			const tasksTop = (await page.getByRole('heading', { name: 'Les tâches', exact: true }).boundingBox())!.y;
			expect(menuTop).toBeGreaterThan(tasksTop);
			await summary.click();
			await menu.getByRole('listitem').first().waitFor();
			if (width === 390) await page.screenshot({ path: join(shots, 'phone-board-full.png'), fullPage: true });
		});
	}

	it('goes live over WebSocket at once, without a long-polling round trip', async () => {
		const page = await open();
		const polls: string[] = [];
		page.on('request', (r) => void (r.url().includes('transport=polling') && polls.push(r.url())));
		const sockets: string[] = [];
		page.on('websocket', (ws) => void sockets.push(ws.url()));
		await joinMeal(page, { ...where, name: 'Rapide', emoji: '🍅' });
		expect(polls).toEqual([]);
		expect(sockets.some((url) => url.includes('transport=websocket'))).toBe(true);
	});

	it('reads right to left in Arabic and writes English dates the British way', async () => {
		const page = await open();
		await joinMeal(page, { ...where, name: 'Samir', emoji: '🍅' });
		await page.getByRole('button', { name: 'عربي' }).click();
		await page
			.getByRole('button', { name: /^سأتولّاها: / })
			.first()
			.waitFor();
		expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual([
			'rtl',
			'ar'
		]);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		// Task titles have no Arabic: they read in French, the canteen's language.
		await card(page, 'Mettre la table').waitFor();
		await page.screenshot({ path: join(shots, 'phone-arabic-rtl.png') });

		await page.getByRole('button', { name: 'EN', exact: true }).click();
		const when = page.locator('.when');
		await expect.poll(() => when.textContent()).toMatch(/^\w+day \d{1,2} \w+ at \d\d:\d\d$/);
		expect(await when.textContent()).not.toMatch(/AM|PM/);
		expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
	});

	it('names each claim button by its task, keeps focus on the card and announces every change', async () => {
		const page = await open();
		// The live region is in the page before anything happens, and the title says which page.
		await joinMeal(page, { ...where, name: 'Inès', emoji: '🍅' });
		expect(await announcer(page).getAttribute('role')).toBe('status');
		expect(await page.title()).toBe('Déjeuner du jour — Tablée');

		const table = 'Mettre la table';
		const claim = page.getByRole('button', { name: `Je m’en occupe : ${table}`, exact: true });
		await claim.focus();
		await page.keyboard.press('Enter');
		await card(page, table).getByText('Vous y êtes').waitFor();
		await vi.waitFor(async () =>
			expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby'))).toMatch(/^task-/)
		);
		expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('ARTICLE');
		await vi.waitFor(async () => expect(await announcer(page).textContent()).toContain(`Vous avez pris : ${table}`));
		const strip = page.getByRole('navigation', { name: 'Mes tâches' });
		await strip.getByRole('link', { name: table }).waitFor();

		// A neighbour takes a task from their own phone.
		const zoe = await joinMember(server.url, meal.joinCode, 'Zoé');
		const zoePhone = await connect(server.url, { role: 'member', mealId: meal.id, token: zoe.token });
		await zoePhone.send('member:checkin', {});
		expect(await zoePhone.send('task:claim', { taskId: (await taskId(page, 'Couper le pain'))! })).toMatchObject({
			ok: true
		});
		await vi.waitFor(async () => expect(await announcer(page).textContent()).toContain('Zoé a pris : Couper le pain'));

		// The Canteen Master pushes a prompt to the table, one to Inès alone, and an invitation.
		const master = await connect(server.url, { role: 'master', mealId: meal.id, key: masterKey });
		await master.send('prompt:push', { text: { fr: 'Votre marché préféré ?' } });
		await vi.waitFor(async () =>
			expect(await announcer(page).textContent()).toContain('Question pour la table : Votre marché préféré ?')
		);
		const me = await memberIdOf(page);
		await master.send('prompt:push', { text: { fr: 'Un plat de votre enfance ?' }, to: me });
		await vi.waitFor(async () =>
			expect(await announcer(page).textContent()).toContain(
				'Une question rien que pour vous : Un plat de votre enfance ?'
			)
		);
		const compost = (await taskId(page, 'Sortir le compost'))!;
		expect(await master.send('task:invite', { taskId: compost, memberId: me })).toMatchObject({ ok: true });
		await vi.waitFor(async () =>
			expect(await announcer(page).textContent()).toContain('L’équipe de cuisine vous propose : Sortir le compost')
		);
		await page.evaluate(() => window.scrollTo(0, 0));
		await page.screenshot({ path: join(shots, 'phone-announced.png') });

		// The meal ends: a proper goodbye, with what this member did.
		expect(await master.send('meal:status', { status: 'closed' })).toMatchObject({ ok: true });
		const goodbye = page.getByTestId('goodbye');
		await goodbye.getByText('Merci Inès, le repas est terminé.').waitFor();
		expect(await goodbye.textContent()).toContain('Vous avez pris part à une tâche.');
		expect(await page.getByRole('button', { name: /Je m.en occupe/ }).count()).toBe(0);
		await page.evaluate(() => window.scrollTo(0, 0));
		await page.screenshot({ path: join(shots, 'phone-goodbye.png') });
	});
});

/** A task's id, read from its card's anchor as the "Mes tâches" links use it. */
async function taskId(page: Page, title: string): Promise<string | undefined> {
	const id = await card(page, title).getAttribute('id');
	return id?.replace(/^card-/, '');
}
