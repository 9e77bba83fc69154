/**
 * Task timers in real Chromium: the Canteen Master starts "25 min" on a task from the
 * laptop, a member's phone (390×844) and the kitchen screen (1920×1080) count down to the
 * same moment; a laptop whose clock runs two minutes behind the server's still shows the
 * right time left (the welcome's offset), and says once, politely, when it is ready.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.ts';
import { axeViolations } from './axe.ts';
import { loadHandler } from './build.ts';
import { card, joinMeal, phone, shots, useChromium } from './chromium.ts';

const { open } = useChromium();
const TV = { viewport: { width: 1920, height: 1080 } };
const SKEW_MS = 120_000;

describe('task timers', async () => {
	const server = await startServer({
		appHandler: await loadHandler(),
		joinRate: { burst: 1000, perSecond: 100 },
		commandRate: { burst: 10_000, perSecond: 10_000 }
	});
	const { meal, masterKey, screenKey } = server.demo;
	const TASK = 'Éplucher et couper les carottes';

	async function openConsole(page: Page) {
		await page.goto(`${server.url}/master/${meal.id}#key=${masterKey}`);
		await page.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		await card(page, TASK).waitFor();
	}
	/** The first "24:59" in a text → seconds. */
	const seconds = (text: string) => {
		const [, m, s] = /(\d+):(\d\d)/.exec(text)!;
		return Number(m) * 60 + Number(s);
	};

	it('counts down on the laptop, a phone and the kitchen screen, then asks if it is ready', async () => {
		// The laptop's laptop runs two minutes behind the server.
		const laptop = await open({ viewport: { width: 1440, height: 900 } });
		await laptop.clock.install({ time: new Date(Date.now() - SKEW_MS) });
		await openConsole(laptop);
		const member = await open(phone);
		await joinMeal(member, { url: server.url, code: meal.joinCode, name: 'Awa', emoji: '🍋' });
		const screen = await open(TV);
		await screen.goto(`${server.url}/screen/${meal.id}#key=${screenKey}`);
		await screen.getByTestId('screen-task').first().waitFor();

		const taskCard = card(laptop, TASK);
		await taskCard.getByText('⏱ Minuteur').click();
		expect(await axeViolations(laptop)).toEqual([]);
		await taskCard.getByRole('button', { name: '25 min', exact: true }).click();

		// Same countdown everywhere: 24:xx, not 26:xx on the laptop whose clock is behind.
		const consoleTimer = taskCard.getByTestId('task-timer');
		await consoleTimer.filter({ hasText: /2[45]:\d\d/ }).waitFor();
		const memberTimer = card(member, TASK).getByTestId('task-timer');
		await memberTimer.filter({ hasText: /2[45]:\d\d/ }).waitFor();
		// The visible card's (the hidden copy that measures cards is out of the accessibility tree).
		const screenTimer = screen.getByRole('timer');
		await screenTimer.filter({ hasText: /2[45]:\d\d/ }).waitFor();
		for (const shown of [consoleTimer, memberTimer, screenTimer]) {
			const left = seconds((await shown.textContent())!);
			expect(left).toBeGreaterThan(23 * 60);
			expect(left).toBeLessThanOrEqual(25 * 60);
		}
		// Read from across the room: the countdown is the size of the titles (48 px at 1080p).
		const fontSize = await screenTimer.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
		expect(fontSize).toBeGreaterThanOrEqual(48);
		expect(await axeViolations(member)).toEqual([]);
		expect(await axeViolations(screen)).toEqual([]);
		await member.screenshot({ path: join(shots, 'timer-phone.png') });
		await screen.screenshot({ path: join(shots, 'timer-screen.png') });
		await laptop.screenshot({ path: join(shots, 'timer-console.png') });

		// Pause: every device shows the same time left, no longer moving.
		await taskCard.getByRole('button', { name: /Pause/ }).click();
		await memberTimer.and(member.locator('[data-phase="paused"]')).waitFor();
		await screenTimer.and(screen.locator('[data-phase="paused"]')).waitFor();
		await taskCard.getByRole('button', { name: /Reprendre/ }).click();
		await screenTimer.and(screen.locator('[data-phase="running"]')).waitFor();

		// A five-minute timer, then the laptop's clock reaches its end: said once, no sound.
		await taskCard.getByRole('button', { name: '5 min', exact: true }).click();
		await consoleTimer.filter({ hasText: /[45]:\d\d/ }).waitFor();
		await laptop.clock.setSystemTime(new Date(Date.now() - SKEW_MS + 5 * 60_000 + 2_000));
		await consoleTimer.filter({ hasText: 'C’est prêt ?' }).waitFor();
		await laptop
			.getByRole('status')
			.filter({ hasText: `${TASK} : c’est prêt ?` })
			.waitFor();
		expect(await laptop.locator('audio').count()).toBe(0);
		await laptop.screenshot({ path: join(shots, 'timer-console-ready.png') });

		// Stopped: gone from every device.
		await taskCard.getByRole('button', { name: /Arrêter le minuteur/ }).click();
		await memberTimer.waitFor({ state: 'detached' });
		await screenTimer.waitFor({ state: 'detached' });
	});

	it('refuses a custom length that is not whole minutes from 1 to 600, and starts a typed one', async () => {
		const laptop = await open({ viewport: { width: 1440, height: 900 } });
		await openConsole(laptop);
		const taskCard = card(laptop, 'Mettre la table');
		await taskCard.getByText('⏱ Minuteur').click();
		const field = taskCard.getByLabel('Autre durée, en minutes');
		await field.fill('0');
		await taskCard.getByRole('button', { name: 'Lancer', exact: true }).click();
		await taskCard.getByText('Une durée en minutes, de 1 à 600.').waitFor();
		expect(await field.getAttribute('aria-invalid')).toBe('true');
		await field.fill('12');
		await taskCard.getByRole('button', { name: 'Lancer', exact: true }).click();
		await taskCard
			.getByTestId('task-timer')
			.filter({ hasText: /1[12]:\d\d/ })
			.waitFor();
		expect(await field.getAttribute('aria-invalid')).toBe('false');
		await taskCard.getByRole('button', { name: /Arrêter le minuteur/ }).click();
		await taskCard.getByTestId('task-timer').waitFor({ state: 'detached' });
	});
});
