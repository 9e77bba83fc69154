/**
 * The end-of-meal survey on a 390×844 phone (at the table, then on the goodbye screen,
 * in French and Arabic), and the administrators' network view and the staff figures page
 * with its CSV download on a laptop, in French and English: axe-clean, screenshots in
 * test-results/screenshots.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_HEADER } from '../../server/reports/export.ts';
import { parseCsv } from '../../src/lib/reports/csv.ts';
import { connect, startServer } from '../helpers/server.ts';
import { deviceOf, joinWithDevice, memberSocket, partnerCanteen, personName, TIME_ZONE } from '../partners/fixtures.ts';
import { staffUser } from '../planning/series-fixtures.ts';
import { axeViolations } from './axe.ts';
import { loadHandler } from './build.ts';
import { joinMeal, laptop, phone, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('the survey and the network view in the browser', async () => {
	const server = await startServer({ appHandler: await loadHandler(), timeZone: TIME_ZONE });
	const { storage } = server.tablee;
	const v = await partnerCanteen(server, 'canteen_v', 'Cantine des Vergers');
	const w = await partnerCanteen(server, 'canteen_w', 'Cantine du Marché');
	const master = await connect(server.url, { role: 'master', mealId: v.lunch.meal.id, key: v.lunch.masterKey });
	const stored = () =>
		storage.surveys.listSurveyAnswers({ canteenIds: ['canteen_v'], from: '2000-01-01', to: '2999-12-31' });

	it('asks two optional questions at the table and on the goodbye screen, one answer kept', async () => {
		const page = await open(phone);
		await joinMeal(page, { url: server.url, code: v.lunch.meal.joinCode, name: 'Awa', emoji: '🍅' });
		// Not before the meal is served.
		expect(await page.getByTestId('survey').count()).toBe(0);
		expect(await master.send('meal:status', { status: 'cooking' })).toEqual({ ok: true });
		expect(await master.send('meal:status', { status: 'eating' })).toEqual({ ok: true });
		const survey = page.getByTestId('survey');
		await survey.waitFor();
		await survey.scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(shots, 'survey-phone-eating.png') });
		expect(await axeViolations(page)).toEqual([]);

		await survey.getByRole('button', { name: 'Envoyer' }).click();
		await survey.getByRole('alert').getByText('Choisissez au moins une réponse').waitFor();
		const community = survey.getByRole('group', { name: 'Vous sentez-vous faire partie d’une communauté ici ?' });
		await community.getByLabel('Un peu').check();
		await survey.getByRole('button', { name: 'Envoyer' }).click();
		await survey.getByRole('status').getByText('Merci, c’est noté.', { exact: false }).waitFor();
		expect(await stored()).toEqual([
			{ mealId: v.lunch.meal.id, canteenId: 'canteen_v', date: v.lunch.meal.date, community: 'a-little' }
		]);

		expect(await master.send('meal:status', { status: 'closed' })).toEqual({ ok: true });
		await page.getByTestId('goodbye').waitFor();
		// The goodbye screen knows this phone answered, and lets it change its answers.
		await survey.getByRole('status').getByText('Merci, c’est noté.', { exact: false }).waitFor();
		await survey.getByRole('button', { name: 'Modifier mes réponses' }).click();
		expect(await community.getByLabel('Un peu').isChecked()).toBe(true);
		await survey
			.getByRole('group', { name: /pris contact avec quelqu’un en dehors de la cantine/ })
			.getByLabel('Pas encore')
			.check();
		await page.screenshot({ path: join(shots, 'survey-phone-goodbye.png'), fullPage: true });
		expect(await axeViolations(page)).toEqual([]);
		await survey.getByRole('button', { name: 'Envoyer' }).click();
		await survey.getByRole('button', { name: 'Modifier mes réponses' }).waitFor();
		await expect
			.poll(async () => (await stored()).map((a) => [a.community, a.reachedOut]))
			.toEqual([['a-little', 'not-yet']]);

		// Every radio is a 44 px target, and nothing scrolls sideways.
		const heights = await survey
			.locator('label')
			.evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect().height));
		expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

		await page.getByRole('button', { name: 'عربي' }).click();
		await survey.getByRole('heading', { name: 'سؤالان قصيران، إن شئت' }).waitFor();
		await survey.getByRole('button', { name: 'تعديل إجاباتي' }).click();
		await survey.getByRole('group', { name: 'هل تشعر أنك جزء من مجتمع هنا؟' }).getByLabel('قليلًا').waitFor();
		await survey.scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(shots, 'survey-phone-arabic.png') });
		expect(await axeViolations(page)).toEqual([]);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		await page.close();
	});

	it('shows administrators the network as charts and tables, in French and English, and exports CSV', async () => {
		const { token } = await staffUser(storage, { role: 'admin', canteenIds: ['canteen_v'] });
		// Six neighbours at the market's lunch answer at the table: one bar and one survey line show numbers.
		const choices = ['yes', 'yes', 'a-little', 'a-little', 'not-yet', 'rather-not-say'] as const;
		const conns = [];
		for (const i of choices.keys()) {
			const joined = await joinWithDevice(server.url, w.lunch.meal.joinCode, {
				name: personName(i),
				device: deviceOf('w', i)
			});
			conns.push(await memberSocket(server, joined));
		}
		const marketMaster = await connect(server.url, { role: 'master', mealId: w.lunch.meal.id, key: w.lunch.masterKey });
		for (const status of ['cooking', 'eating'] as const)
			expect(await marketMaster.send('meal:status', { status })).toEqual({ ok: true });
		for (const [i, community] of choices.entries())
			expect(await conns[i]!.send('survey:answer', { community })).toMatchObject({ ok: true });
		for (const [locale, title, chart] of [
			['fr-FR', 'Le réseau', 'Repas servis par semaine à Cantine des Vergers, sur 12 semaines'],
			['en-GB', 'The network', 'Meals served per week at Cantine des Vergers, over 12 weeks']
		] as const) {
			const page = await open({ ...laptop, locale });
			await page.context().addCookies([{ name: 'tablee_session', value: token, url: server.url }]);
			await page.goto(`${server.url}/admin/network`);
			await page.getByRole('heading', { level: 1, name: title }).waitFor();
			expect(await page.getByRole('img', { name: chart }).count()).toBe(1);
			expect(await page.getByTestId('network-weeks').locator('tbody tr').count()).toBe(12);
			const thisWeek = page.getByTestId('network-weeks').locator('tbody tr').last();
			expect(await thisWeek.locator('[data-canteen="canteen_w"]').textContent()).toBe('6');
			// Six answered the first question: 2 of 6 yes is 33 %, 1 of 6 is 17 %.
			const market = page.locator('div[data-canteen="canteen_w"]').getByTestId('survey-results');
			expect(await market.locator('[data-question="community"] [data-cell="yes"]').textContent()).toBe('33\u00a0%');
			expect(await market.locator('[data-question="community"] [data-cell="not-yet"]').textContent()).toBe('17\u00a0%');
			await page.screenshot({ path: join(shots, `network-laptop-${locale}.png`), fullPage: true });
			expect(await axeViolations(page)).toEqual([]);
			await page.close();
		}

		const page = await open(laptop);
		await page.context().addCookies([{ name: 'tablee_session', value: token, url: server.url }]);
		await page.goto(`${server.url}/staff/canteens/canteen_w/figures`);
		await page.getByRole('heading', { level: 1, name: 'Chiffres et questionnaire' }).waitFor();
		await page.getByTestId('survey-results').waitFor();
		await page.screenshot({ path: join(shots, 'staff-figures-laptop.png'), fullPage: true });
		expect(await axeViolations(page)).toEqual([]);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Télécharger le CSV' }).click()
		]);
		const rows = parseCsv(readFileSync((await download.path())!, 'utf8'));
		expect(rows[0]).toEqual(EXPORT_HEADER);
		expect(rows.at(-1)!.slice(0, 2)).toEqual(['total', 'Cantine du Marché']);
		const total = rows.at(-1)!;
		expect(
			total.slice(EXPORT_HEADER.indexOf('community_answers'), EXPORT_HEADER.indexOf('reached_out_answers') + 1)
		).toEqual(['6', '33', '33', '17', '17', 'fewer than 5']);
		expect(total[EXPORT_HEADER.indexOf('people')]).toBe('6');
		for (const i of choices.keys()) expect(rows.flat().join()).not.toContain(personName(i));
		await page.close();
	});
});
