/**
 * Erasing oneself, and the staff's webhook list, in Chromium on the production build.
 * A member on a 390×844 phone opens About me → Erase me, confirms, and is gone: the other
 * phone and the console stop showing the name, the phone keeps no token or name. Staff add
 * a webhook on the partner-links page, see its secret once and, after a meal closes against
 * a receiver that answers 503, the delivery waiting for its next try. axe finds nothing in
 * either; screenshots land in test-results/screenshots.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createMeal } from '../../server/board/meals.ts';
import { localDate } from '../../src/lib/domain/local-time.ts';
import { connect, startServer } from '../helpers/server.ts';
import { adminPerson, staffPerson } from '../helpers/staff.ts';
import { admin, TIME_ZONE } from '../partners/fixtures.ts';
import { startReceiver } from '../partners/receiver.ts';
import { axeViolations } from './axe.ts';
import { loadHandler } from './build.ts';
import { joinMeal, laptop, phone, shots, useChromium } from './chromium.ts';

const { open } = useChromium();
const NAME = 'Philomène';

describe('erasure and webhooks in the browser', async () => {
	const server = await startServer({
		appHandler: await loadHandler(),
		timeZone: TIME_ZONE,
		joinRate: { burst: 1000, perSecond: 100 },
		webhooks: { allowLocal: true, retry: { maxAttempts: 3, baseDelayMs: 3_600_000, maxDelayMs: 3_600_000 } }
	});
	const { storage } = server.tablee;
	const where = { url: server.url, code: server.demo.meal.joinCode };

	it('erases a member from their phone, with a confirmation, everywhere', async () => {
		const me = await open(phone);
		const karim = await open(phone);
		await joinMeal(me, { ...where, name: NAME, emoji: '🍅' });
		await joinMeal(karim, { ...where, name: 'Karim', emoji: '🥖' });
		const console_ = await open(laptop);
		await console_.goto(`${server.url}/master/${server.demo.meal.id}#key=${server.demo.masterKey}`);
		await console_.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		await expect.poll(() => console_.content()).toContain(NAME);

		await me.getByTestId('about-me-open').click();
		const sheet = me.getByTestId('about-me');
		await sheet.getByRole('heading', { name: 'M’effacer de ce repas' }).waitFor();
		await sheet.getByTestId('erase-open').scrollIntoViewIfNeeded();
		await me.screenshot({ path: join(shots, 'member-erase.png') });
		await sheet.getByRole('button', { name: 'M’effacer' }).click();
		await sheet.getByText('On ne peut pas revenir en arrière', { exact: false }).waitFor();
		await sheet.getByTestId('erase-confirm').scrollIntoViewIfNeeded();
		await me.screenshot({ path: join(shots, 'member-erase-confirm.png') });
		expect(await axeViolations(me), 'erase confirmation').toEqual([]);
		const target = await sheet.getByTestId('erase-confirm').boundingBox();
		expect(target!.height).toBeGreaterThanOrEqual(44);
		await sheet.getByRole('button', { name: 'Oui, m’effacer' }).click();

		await me.getByTestId('erased').getByText('votre nom n’est plus sur le tableau', { exact: false }).waitFor();
		await me.screenshot({ path: join(shots, 'member-erased.png') });
		expect(await axeViolations(me), 'erased').toEqual([]);
		const kept = await me.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tablee:')));
		expect(kept.filter((k) => k.startsWith('tablee:member:') || k === 'tablee:name')).toEqual([]);

		for (const [who, page] of [
			['the other phone', karim],
			['the console', console_]
		] as const)
			await expect.poll(() => page.content(), { message: who }).not.toContain(NAME);
		await console_.screenshot({ path: join(shots, 'console-after-erase.png'), fullPage: true });
	});

	it('lists a link’s webhooks with their deliveries for staff', async () => {
		const canteenId = server.demo.meal.canteenId;
		const boss = await adminPerson(storage);
		const staff = await staffPerson(storage, canteenId, boss.id);
		const made = await server.tablee.partnerLinks.create(admin, canteenId, {
			label: 'Centre social',
			alsoCanteenIds: []
		});
		if (!made.ok) throw new Error(made.reason);
		const receiver = await startReceiver(0, () => 503);

		const page: Page = await open(laptop);
		const [name, value] = staff.cookie.split('=') as [string, string];
		await page.context().addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
		await page.goto(`${server.url}/staff/canteens/${canteenId}/partners`);
		const section = page.getByRole('region', { name: 'Webhooks de « Centre social »' });
		await section.getByLabel('Adresse du webhook (https)').fill(receiver.url);
		await section.getByRole('button', { name: 'Ajouter le webhook' }).click();
		await page.getByTestId('webhook-secret').waitFor();
		const secret = await page.getByTestId('webhook-secret').textContent();
		expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

		const meal = await createMeal(storage, {
			canteenId,
			title: 'Dîner',
			date: localDate({ at: Date.now(), timeZone: TIME_ZONE }),
			time: '19:00',
			status: 'planned',
			tasks: []
		});
		const master = await connect(server.url, { role: 'master', mealId: meal.meal.id, key: meal.masterKey });
		expect(await master.send('meal:status', { status: 'open' })).toEqual({ ok: true });
		expect(await master.send('meal:status', { status: 'closed' })).toEqual({ ok: true });
		master.close();
		await expect.poll(() => receiver.received.length).toBe(2);
		await expect
			.poll(async () => {
				await page.reload();
				return page.getByTestId('delivery-row').count();
			})
			.toBe(2);
		const rows = page.getByTestId('delivery-row');
		expect(await rows.first().textContent()).toMatch(/Fermeture.*En attente.*1.*503/s);
		expect(await page.content()).not.toContain(secret!);
		await page.screenshot({ path: join(shots, 'staff-webhooks.png'), fullPage: true });
		expect(await axeViolations(page), 'staff webhooks').toEqual([]);
		const narrow = await open(phone);
		await narrow.context().addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
		await narrow.goto(`${server.url}/staff/canteens/${canteenId}/partners`);
		await narrow.getByTestId('delivery-row').first().waitFor();
		await narrow.screenshot({ path: join(shots, 'staff-webhooks-phone.png'), fullPage: true });
		expect(await axeViolations(narrow), 'staff webhooks on a phone').toEqual([]);
	});
});
