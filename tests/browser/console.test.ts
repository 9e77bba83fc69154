/**
 * The Canteen Master's console at the rush (issue 10): stage and code first, then the
 * tasks and who is on them, then people, prompts, moderation. On a laptop the three
 * columns sit side by side; on a phone they are tabs. The people panel follows the room
 * live, even on a laptop whose clock runs behind the server's, and says why a list is empty.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ProfileInput } from '../../src/lib/people/facts.ts';
import { connect, startServer } from '../helpers/server.ts';
import { loadHandler } from './build.ts';
import { card, phone, shots, useChromium } from './chromium.ts';

const { open } = useChromium();
const wideLaptop = { viewport: { width: 1440, height: 900 } };

describe('the Canteen Master’s console', async () => {
	const server = await startServer({
		appHandler: await loadHandler(),
		joinRate: { burst: 1000, perSecond: 100 },
		commandRate: { burst: 10_000, perSecond: 10_000 }
	});
	const { meal, masterKey } = server.demo;
	const consoleUrl = `${server.url}/master/${meal.id}#key=${masterKey}`;
	const top = async (page: Page, testId: string) => (await page.getByTestId(testId).boundingBox())!;

	async function openConsole(page: Page) {
		await page.goto(consoleUrl);
		await page.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		await card(page, 'Mettre la table').waitFor();
	}

	it('puts stage and code first, then tasks, people and prompts side by side on a laptop', async () => {
		const page = await open(wideLaptop);
		await openConsole(page);
		expect(await page.getByRole('tablist').count()).toBe(0);
		const stage = await top(page, 'console-top');
		const tasks = (await page.getByRole('heading', { name: 'Les tâches', exact: true }).boundingBox())!;
		const people = await top(page, 'people-panel');
		const prompts = await top(page, 'prompt-panel');
		const moderation = (await page
			.getByRole('heading', { name: /Modération|Téléphones bloqués/ })
			.first()
			.boundingBox())!;
		expect(stage.y).toBeLessThan(tasks.y);
		// Three columns in one row: left to right, starting near the same height.
		expect(tasks.x).toBeLessThan(people.x);
		expect(people.x).toBeLessThan(prompts.x);
		expect(Math.abs(prompts.y - tasks.y)).toBeLessThan(200);
		expect(moderation.y).toBeGreaterThan(tasks.y);
		// One suggestion at hand, the others folded.
		const suggestions = page.getByTestId('prompt-suggestion');
		expect(await suggestions.first().isVisible()).toBe(true);
		expect(await suggestions.nth(1).isVisible()).toBe(false);
		await page.screenshot({ path: join(shots, 'console-laptop.png') });
	});

	it('shows tabs on a phone, tasks first, arrows moving between them', async () => {
		const page = await open(phone);
		await openConsole(page);
		const tabs = page.getByRole('tablist', { name: 'Parties de la console' });
		expect(await tabs.getByRole('tab', { name: 'Tâches' }).getAttribute('aria-selected')).toBe('true');
		const firstTask = (await card(page, 'Éplucher et couper les carottes').boundingBox())!;
		expect(firstTask.y).toBeLessThan(844 * 1.5);
		expect(await page.getByTestId('people-panel').isVisible()).toBe(false);
		await page.screenshot({ path: join(shots, 'console-phone-tasks.png') });

		await tabs.getByRole('tab', { name: 'Tâches' }).focus();
		await page.keyboard.press('ArrowRight');
		const peopleTab = tabs.getByRole('tab', { name: 'Personnes' });
		expect(await peopleTab.getAttribute('aria-selected')).toBe('true');
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-people');
		await page.getByRole('tabpanel', { name: 'Personnes' }).getByTestId('people-panel').waitFor();
		expect(await card(page, 'Mettre la table').isVisible()).toBe(false);
		await page.screenshot({ path: join(shots, 'console-phone-people.png') });
		await tabs.getByRole('tab', { name: 'Questions' }).click();
		await page.getByTestId('prompt-panel').waitFor();
	});

	it('shows an introduction the moment two members share, with a laptop clock two minutes behind', async () => {
		const page = await open(wideLaptop);
		await page.clock.install({ time: new Date(Date.now() - 120_000) });
		await openConsole(page);
		const intros = page.getByTestId('people-intros');
		await intros.getByTestId('intros-empty').getByText('il faut au moins deux personnes présentes').waitFor();

		const share = async (name: string, device: string, profile: Omit<ProfileInput, 'consent'>) => {
			const res = await fetch(`${server.url}/api/join/${meal.joinCode}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name, device })
			});
			const { token } = (await res.json()) as { token: string };
			const conn = await connect(server.url, { role: 'member', mealId: meal.id, token });
			expect(await conn.send('member:checkin', {})).toMatchObject({ ok: true });
			expect(await conn.send('profile:set', { profile: { consent: true, ...profile } })).toMatchObject({ ok: true });
		};
		await share('Annie', 'console-device-0001-abcdefgh', {
			facts: [{ kind: 'past-trade', text: 'couturière' }],
			languages: ['fr', 'ar']
		});
		await share('Karim', 'console-device-0002-abcdefgh', {
			facts: [{ kind: 'need-help', text: 'raccommoder une veste' }],
			languages: ['ar']
		});
		// No reload, no waiting for the panel's clock: the push brings it.
		await intros.getByRole('listitem').filter({ hasText: 'Annie' }).filter({ hasText: 'Karim' }).waitFor();
		await page.screenshot({ path: join(shots, 'console-live-intro.png') });
	});
});
