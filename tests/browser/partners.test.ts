/**
 * The partner page end to end on the production build: a link made for a canteen opens
 * `/partners#token=…`, shows the figures as an SVG chart and tables, in French and in
 * English, and follows a member's arrival live over the y-websocket feed. No name of a
 * member who joined appears anywhere on the page. Screenshots in test-results/screenshots.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.ts';
import { admin, deviceOf, joinWithDevice, partnerCanteen, personName, TIME_ZONE } from '../partners/fixtures.ts';
import { loadHandler } from './build.ts';
import { laptop, phone, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('the partner page in the browser', async () => {
	const server = await startServer({
		appHandler: await loadHandler(),
		timeZone: TIME_ZONE,
		joinRate: { burst: 100, perSecond: 100 }
	});
	const p = await partnerCanteen(server, 'canteen_p', 'Cantine du Port');
	const made = await server.tablee.partnerLinks.create(admin, 'canteen_p', { label: 'Mairie', alsoCanteenIds: [] });
	if (!made.ok) throw new Error(made.reason);
	const names: string[] = [];
	for (let i = 0; i < 5; i++) {
		const joined = await joinWithDevice(server.url, p.lunch.meal.joinCode, {
			name: personName(i),
			device: deviceOf('p', i)
		});
		names.push(joined.name, joined.memberId);
	}

	it('shows the figures as a chart and tables, and follows an arrival live', async () => {
		const page = await open(laptop);
		await page.goto(`${server.url}/partners#token=${made.token}`);
		await page.locator('[data-live="true"]').waitFor();
		const canteen = page.getByTestId('partner-canteen');
		await expect.poll(() => canteen.locator('[data-figure="partners.arrivalsToday"]').textContent()).toBe('5');
		expect(await page.getByRole('img', { name: /Cantine du Port/ }).count()).toBe(1);
		// The figures, visits, ages, and the month's survey.
		expect(await page.getByRole('table').count()).toBe(4);
		expect(await canteen.locator('[data-figure="partners.firstTime"]').textContent()).toBe('5');
		expect(await canteen.locator('[data-figure="partners.returning"]').textContent()).toMatch(
			/moins de 5|fewer than 5/
		);

		const more = await joinWithDevice(server.url, p.lunch.meal.joinCode, {
			name: personName(9),
			device: deviceOf('p', 9)
		});
		names.push(more.name, more.memberId);
		await expect.poll(() => canteen.locator('[data-figure="partners.arrivalsToday"]').textContent()).toBe('6');
		await page.screenshot({ path: join(shots, 'partners-laptop.png'), fullPage: true });

		const html = await page.content();
		for (const secret of [...names, 'Zéphyrine', made.token.slice(0, 20)]) expect(html).not.toContain(secret);
		await page.close();
	});

	it('reads in English on an English phone, and says when the link is wrong', async () => {
		const page = await open({ ...phone, locale: 'en-GB' });
		await page.goto(`${server.url}/partners#token=${made.token}`);
		await page.locator('[data-live="true"]').waitFor();
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Attendance, live');
		expect(await page.getByRole('rowheader', { name: 'Here now' }).count()).toBe(1);
		await page.screenshot({ path: join(shots, 'partners-phone-en.png'), fullPage: true });
		await page.goto(`${server.url}/partners#token=${'A'.repeat(43)}`);
		await page.reload();
		expect(await page.getByRole('alert').getAttribute('data-error')).toBe('unauthorized');
		await page.close();
	});
});
