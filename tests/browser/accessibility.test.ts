/**
 * WCAG 2.2 AA on every route and state a person meets (issue 10), in French and English:
 * axe-core finds nothing on the home and join pages, the board fresh and with tasks taken,
 * with a prompt, a private prompt and an invitation shown, the menu open, the "About me"
 * sheet, a closed meal's goodbye, the console on a laptop and each of its tabs on a phone,
 * the kitchen screen and the staff pages. Beyond axe: a person joins and takes a task with
 * the keyboard alone, text at 200 % never makes a 390 px page scroll sideways, and tap
 * targets are at least 44 px.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connect, startServer } from '../helpers/server.ts';
import { staffUser } from '../planning/series-fixtures.ts';
import { axeViolations } from './axe.ts';
import { loadHandler } from './build.ts';
import { card, joinMeal, laptop, phone, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

const LOCALES = [
	{
		locale: 'fr-FR',
		claim: /Je m.en occupe/,
		tasks: 'Tâches',
		people: 'Personnes',
		prompts: 'Questions',
		more: 'Plus'
	},
	{ locale: 'en-GB', claim: /I.ll do it/, tasks: 'Tasks', people: 'People', prompts: 'Prompts', more: 'More' }
] as const;

describe('accessibility, WCAG 2.2 AA', async () => {
	const server = await startServer({
		appHandler: await loadHandler(),
		joinRate: { burst: 1000, perSecond: 100 },
		commandRate: { burst: 10_000, perSecond: 10_000 }
	});
	const { meal, masterKey, screenKey } = server.demo;
	const { token: staffToken } = await staffUser(server.tablee.storage, { canteenIds: [meal.canteenId] });
	const master = await connect(server.url, { role: 'master', mealId: meal.id, key: masterKey });

	async function expectClean(page: Page, state: string) {
		expect(await axeViolations(page), state).toEqual([]);
	}

	for (const lang of LOCALES) {
		const inLocale = <T extends object>(device: T) => ({ ...device, locale: lang.locale });

		it(`finds nothing on the member pages (${lang.locale})`, async () => {
			const page = await open(inLocale(phone));
			await page.goto(`${server.url}/`);
			await page.locator('input').first().waitFor();
			await expectClean(page, 'home');
			await page.goto(`${server.url}/j/${meal.joinCode}`);
			await page.locator('input').first().waitFor();
			await expectClean(page, 'join');

			// Join in whichever language the phone speaks: the labels differ, the form does not.
			await page.locator('input[type=text], input:not([type])').first().fill(`Axe ${lang.locale}`);
			await page.locator('form button[type=submit]').click();
			await page.waitForURL('**/meal/**');
			await page.getByRole('button', { name: lang.claim }).first().waitFor();
			await expectClean(page, 'board');

			await page.getByRole('button', { name: lang.claim }).first().click();
			await page.locator('article.mine').first().waitFor();
			await expectClean(page, 'board with a task taken');

			const memberId = await page.evaluate(
				(id) => JSON.parse(localStorage.getItem(`tablee:member:${id}`)!).memberId as string,
				meal.id
			);
			await master.send('prompt:push', { text: { fr: 'Votre marché préféré ?', en: 'Your favourite market?' } });
			await master.send('prompt:push', { text: { fr: 'Un plat d’enfance ?', en: 'A childhood dish?' }, to: memberId });
			const free = [...master.state.tasks.values()].find((t) => t.claims.length === 0 && t.slots > 0)!;
			await master.send('task:invite', { taskId: free.id, memberId });
			await page.getByTestId('member-private-prompt').waitFor();
			await page.getByTestId('member-prompt').waitFor();
			await page.locator('section.invites article').waitFor();
			await expectClean(page, 'prompts and an invitation shown');

			await page.getByTestId('menu-card').locator('summary').click();
			await page.getByTestId('menu-card').getByRole('listitem').first().waitFor();
			await expectClean(page, 'menu open');

			await page.getByTestId('about-me-open').click();
			await page.getByTestId('about-me').waitFor();
			await expectClean(page, 'about-me sheet');
		});

		it(`finds nothing on the console, its tabs and the kitchen screen (${lang.locale})`, async () => {
			const wide = await open(inLocale({ viewport: { width: 1440, height: 900 } }));
			await wide.goto(`${server.url}/master/${meal.id}#key=${masterKey}`);
			await card(wide, lang.locale === 'fr-FR' ? 'Mettre la table' : 'Set the table').waitFor();
			await wide.getByTestId('people-panel').getByTestId('people-intros').waitFor();
			await expectClean(wide, 'console on a laptop');

			const small = await open(inLocale(phone));
			await small.goto(`${server.url}/master/${meal.id}#key=${masterKey}`);
			await small.getByRole('tablist').waitFor();
			for (const tab of [lang.tasks, lang.people, lang.prompts, lang.more]) {
				await small.getByRole('tab', { name: tab }).click();
				await small.getByRole('tabpanel', { name: tab }).waitFor();
				await expectClean(small, `console tab ${tab} on a phone`);
			}

			const screen = await open(inLocale({ viewport: { width: 1920, height: 1080 } }));
			await screen.goto(`${server.url}/screen/${meal.id}#key=${screenKey}`);
			await screen.getByTestId('screen-code').waitFor();
			await expectClean(screen, 'kitchen screen');
		});

		it(`finds nothing on the staff pages (${lang.locale})`, async () => {
			const page = await open(inLocale(laptop));
			await page.goto(`${server.url}/login`);
			await page.locator('input[type=email]').waitFor();
			await expectClean(page, 'login');
			await page.context().addCookies([{ name: 'tablee_session', value: staffToken, url: server.url }]);
			const canteen = `/staff/canteens/${meal.canteenId}`;
			for (const path of [
				'/staff',
				canteen,
				`${canteen}/templates`,
				`${canteen}/series`,
				`${canteen}/prompts`,
				`${canteen}/figures`,
				`/staff/meals/${meal.id}`,
				'/account'
			]) {
				await page.goto(`${server.url}${path}`);
				await page.locator('main h1').first().waitFor();
				await expectClean(page, path);
			}
		});
	}

	it('follows the phone’s dark mode with the same contrast, and its reduced motion', async () => {
		const dark = { ...phone, colorScheme: 'dark' as const, reducedMotion: 'reduce' as const };
		const page = await open(dark);
		await page.goto(`${server.url}/j/${meal.joinCode}`);
		await page.locator('input').first().waitFor();
		expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('dark');
		await expectClean(page, 'join, dark');
		await joinMeal(page, { url: server.url, code: meal.joinCode, name: 'Nuit', emoji: '🍅' });
		await page
			.getByRole('button', { name: /Je m.en occupe/ })
			.first()
			.click();
		await page.locator('article.mine').first().waitFor();
		await page.getByTestId('menu-card').locator('summary').click();
		await expectClean(page, 'board, dark');
		// Nothing slides or fades for a person who asked their phone for less motion.
		const button = page.getByRole('button', { name: /Je m.en occupe/ }).first();
		expect(await button.evaluate((el) => getComputedStyle(el).transitionDuration)).toBe('0s');
		await page.getByTestId('about-me-open').click();
		await page.getByTestId('about-me').waitFor();
		await expectClean(page, 'about-me, dark');

		const console = await open({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
		await console.goto(`${server.url}/master/${meal.id}#key=${masterKey}`);
		await card(console, 'Mettre la table').waitFor();
		await console.getByTestId('people-panel').getByTestId('people-intros').waitFor();
		await expectClean(console, 'console, dark');
		const screen = await open({ viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
		await screen.goto(`${server.url}/screen/${meal.id}#key=${screenKey}`);
		await screen.getByTestId('screen-code').waitFor();
		await expectClean(screen, 'kitchen screen, dark');
		await page.screenshot({ path: join(shots, 'phone-dark.png') });
		await console.screenshot({ path: join(shots, 'console-dark.png') });
	});

	it('lets a person join and take a task with the keyboard alone', async () => {
		const page = await open(phone);
		await page.goto(`${server.url}/`);
		await page.locator('input').first().waitFor();
		// From the top of the page: skip link, brand, language, then the code field.
		const focusOn = async (match: (el: Element | null) => boolean, what: string) => {
			for (let i = 0; i < 30; i++) {
				await page.keyboard.press('Tab');
				if (await page.evaluate(match.toString().replace(/^/, '(') + ')(document.activeElement)')) return;
			}
			throw new Error(`never reached ${what} with Tab`);
		};
		await focusOn((el) => el?.tagName === 'INPUT', 'the code field');
		await page.keyboard.type(meal.joinCode);
		await page.keyboard.press('Enter');
		await page.waitForURL(`**/j/${meal.joinCode}`);
		await focusOn((el) => el?.tagName === 'INPUT' && (el as HTMLInputElement).type !== 'radio', 'the name field');
		await page.keyboard.type('Clavier');
		await page.keyboard.press('Enter');
		await page.waitForURL('**/meal/**');
		await page.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		await focusOn(
			(el) => el?.tagName === 'BUTTON' && (el.getAttribute('aria-label') ?? '').startsWith('Je m’en occupe'),
			'a claim button'
		);
		const label = await page.evaluate(() => document.activeElement!.getAttribute('aria-label')!);
		const title = label.replace('Je m’en occupe : ', '');
		await page.keyboard.press('Enter');
		await card(page, title).getByText('Vous y êtes').waitFor();
		// Focus stays on the card that was taken, and Tab goes on from there.
		await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('ARTICLE');
	});

	it('keeps text at 200 % inside a 390 px phone, and every control at least 44 px tall', async () => {
		const page = await open(phone);
		await joinMeal(page, { url: server.url, code: meal.joinCode, name: 'Grand texte', emoji: '🍅' });
		await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
		await page.getByRole('button', { name: 'EN', exact: true }).scrollIntoViewIfNeeded();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		const en = (await page.getByRole('button', { name: 'EN', exact: true }).boundingBox())!;
		expect(en.x + en.width).toBeLessThanOrEqual(390);

		await page.evaluate(() => (document.documentElement.style.fontSize = ''));
		const small = await page.evaluate(() =>
			[...document.querySelectorAll('button, a.btn, [role=tab], summary')]
				.filter((el) => (el as HTMLElement).offsetParent !== null)
				.map((el) => ({ text: el.textContent?.trim().slice(0, 30), box: el.getBoundingClientRect() }))
				.filter(({ box }) => box.height < 44 || box.width < 44)
				.map(({ text, box }) => `${text} ${Math.round(box.width)}×${Math.round(box.height)}`)
		);
		expect(small).toEqual([]);
	});
});
