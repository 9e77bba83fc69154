/**
 * Taps kept on the phone while the connection is down (issue 10, docs/phone-and-console.md
 * "Offline taps"): Playwright's offline mode on Debian's Chromium, the production build, a
 * real server, and a second member on a real socket who sees what the server applied.
 * A claim made offline waits on its card (and is said by the live region), survives a
 * reload with the network still off (IndexedDB, the page from the service worker), goes
 * out with its stored cid when the network is back and is applied once; a claim whose
 * last place a neighbour took meanwhile is refused after reconnecting, said kindly, and
 * rolled back.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import type { BoardConnection } from '../../src/lib/client/connection.ts';
import { connect, joinMember, startServer } from '../helpers/server.ts';
import { axeViolations } from './axe.ts';
import { loadHandler } from './build.ts';
import { card, joinMeal, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('a tap made offline', async () => {
	const server = await startServer({ appHandler: await loadHandler(), joinRate: { burst: 1000, perSecond: 100 } });
	const { meal } = server.demo;
	const where = { url: server.url, code: meal.joinCode };
	const zoe = await joinMember(server.url, meal.joinCode, 'Zoé');
	const zoePhone: BoardConnection = await connect(server.url, { role: 'member', mealId: meal.id, token: zoe.token });
	const taskId = (title: string) => [...zoePhone.state.tasks.values()].find((task) => task.title.fr === title)!.id;
	const claimsOn = (title: string) => zoePhone.state.tasks.get(taskId(title))!.claims.map((c) => c.memberId);
	const memberIdOf = (page: Page) =>
		page.evaluate((id) => JSON.parse(localStorage.getItem(`tablee:member:${id}`)!).memberId as string, meal.id);
	/** What the phone keeps in IndexedDB, read the way the page does. */
	const stored = (page: Page) =>
		page.evaluate(
			() =>
				new Promise<{ cid: string; command: string; taskId?: string }[]>((resolve, reject) => {
					const request = indexedDB.open('tablee', 1);
					request.onerror = () => reject(request.error);
					request.onsuccess = () => {
						const get = request.result.transaction('outbox').objectStore('outbox').getAll();
						get.onsuccess = () => resolve(get.result as { cid: string; command: string; taskId?: string }[]);
						get.onerror = () => reject(get.error);
					};
				})
		);

	/** A phone that joined, with its service worker in control and the board kept on the device. */
	async function phoneReadyForOffline(name: string, emoji: string): Promise<Page> {
		const page = await open();
		await joinMeal(page, { ...where, name, emoji });
		await page.evaluate(() => navigator.serviceWorker.ready);
		await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
		// Opened again through the worker, which keeps this copy of the page for a reload offline.
		await page.goto(page.url());
		await page.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		return page;
	}

	const offlineBanner = (page: Page) => page.getByRole('alert').filter({ hasText: 'Connexion perdue' });

	it('keeps a claim on the phone, through a reload, and sends it once when the network is back', async () => {
		const page = await phoneReadyForOffline('Awa', '🍅');
		const me = await memberIdOf(page);
		const soup = 'Préparer la soupe de potiron';
		const claimFrames: string[] = [];
		page.on('websocket', (ws) =>
			ws.on('framesent', ({ payload }) => {
				if (typeof payload === 'string' && payload.includes('"task:claim"')) claimFrames.push(payload);
			})
		);

		await page.context().setOffline(true);
		await offlineBanner(page).waitFor();
		await card(page, soup)
			.getByRole('button', { name: /Je m.en occupe/ })
			.click();

		// Pending on its card, shown as taken by me, and said by the live region.
		const waiting = card(page, soup).getByTestId('queued');
		await waiting.waitFor();
		expect(await waiting.textContent()).toContain('En attente — envoi dès le retour du réseau');
		await card(page, soup).getByText('Vous y êtes').waitFor();
		await vi.waitFor(async () =>
			expect(await page.getByTestId('announcer').textContent()).toContain(
				`${soup} : en attente — envoi dès le retour du réseau`
			)
		);
		await page.screenshot({ path: join(shots, 'phone-offline-claim-pending.png') });
		expect(await axeViolations(page)).toEqual([]);
		const kept = await stored(page);
		expect(kept.map((e) => e.command)).toEqual(['task:claim']);
		const claimCid = kept.find((e) => e.command === 'task:claim')!.cid;
		expect(claimsOn(soup)).not.toContain(me);

		// The phone sleeps, the tab is restored: still offline, the tap is still there.
		await page.reload();
		await offlineBanner(page).waitFor();
		await card(page, soup).getByTestId('queued').waitFor();
		expect((await stored(page)).map((e) => e.cid)).toContain(claimCid);
		await page.screenshot({ path: join(shots, 'phone-offline-claim-pending-reloaded.png'), fullPage: true });
		expect(claimFrames).toEqual([]);

		await page.context().setOffline(false);
		await offlineBanner(page).waitFor({ state: 'detached', timeout: 20_000 });
		await card(page, soup).getByTestId('queued').waitFor({ state: 'detached' });
		await vi.waitFor(() => expect(claimsOn(soup)).toContain(me));
		// Applied once, sent with the cid it was kept with; the phone's queue is empty.
		expect(claimsOn(soup).filter((id) => id === me)).toHaveLength(1);
		expect(claimFrames.length).toBeGreaterThan(0);
		for (const frame of claimFrames) expect(frame).toContain(`"cid":"${claimCid}"`);
		expect(await stored(page)).toEqual([]);
		await card(page, soup).getByText('Vous y êtes').waitFor();
		await vi.waitFor(async () =>
			expect(await page.getByTestId('announcer').textContent()).toContain(`Vous avez pris : ${soup}`)
		);
	});

	it('says kindly when the last place went to someone else meanwhile, and rolls the claim back', async () => {
		const page = await phoneReadyForOffline('Bruno', '🥖');
		const me = await memberIdOf(page);
		const bread = 'Couper le pain';
		expect(claimsOn(bread)).toEqual([]);

		await page.context().setOffline(true);
		await offlineBanner(page).waitFor();
		await card(page, bread)
			.getByRole('button', { name: /Je m.en occupe/ })
			.click();
		await card(page, bread).getByTestId('queued').waitFor();

		// Meanwhile Zoé, online, takes the only place.
		expect(await zoePhone.send('member:checkin', {})).toEqual({ ok: true });
		expect(await zoePhone.send('task:claim', { taskId: taskId(bread) })).toEqual({ ok: true });

		await page.context().setOffline(false);
		const kind = page.getByRole('status').filter({
			hasText: 'Quelqu’un a pris la dernière place de « Couper le pain » pendant que vous étiez hors ligne.'
		});
		await kind.waitFor({ timeout: 20_000 });
		await page.screenshot({ path: join(shots, 'phone-offline-claim-refused.png') });
		// Rolled back: not mine, no longer waiting, Zoé on it, and nothing left to send.
		await card(page, bread).getByTestId('queued').waitFor({ state: 'detached' });
		await card(page, bread).getByText('Zoé').waitFor();
		expect(await card(page, bread).getByText('Vous y êtes').count()).toBe(0);
		expect(claimsOn(bread)).toEqual([zoe.memberId]);
		expect(claimsOn(bread)).not.toContain(me);
		expect(await stored(page)).toEqual([]);
	});

	it('says it in the phone’s language: English, and Arabic right to left', async () => {
		const page = await phoneReadyForOffline('Dalia', '🍋');
		const waitingText = {
			en: ['Serve the dishes: waiting — sent as soon as you’re back online', 'I’ll do it', 'Live'],
			ar: ['Servir les plats: في الانتظار — يُرسل فور عودة الشبكة', 'سأتولّاها', 'مباشر']
		};
		const serve = taskId('Servir les plats');
		for (const [locale, [said, claimLabel, live]] of Object.entries(waitingText)) {
			await page.evaluate((l) => localStorage.setItem('tablee:locale', l), locale);
			await page.reload();
			await page.getByRole('status').filter({ hasText: live! }).waitFor();
			await page.context().setOffline(true);
			const task = page.locator(`#card-${serve}`);
			await task.getByRole('button', { name: new RegExp(claimLabel!) }).click();
			await task.getByTestId('queued').waitFor();
			await vi.waitFor(async () => expect(await page.getByTestId('announcer').textContent()).toContain(said));
			expect(await axeViolations(page)).toEqual([]);
			await task.screenshot({ path: join(shots, `phone-offline-claim-pending-${locale}.png`) });
			await page.context().setOffline(false);
			await task.getByTestId('queued').waitFor({ state: 'detached', timeout: 20_000 });
			await vi.waitFor(() => expect(zoePhone.state.tasks.get(serve)!.claims.length).toBeGreaterThan(0));
			expect(await stored(page)).toEqual([]);
			// Released again online, so the next language starts from a free place.
			const me = await memberIdOf(page);
			const mine = zoePhone.state.tasks.get(serve)!.claims.filter((c) => c.memberId === me);
			expect(mine).toHaveLength(1);
			await page.evaluate(() => localStorage.setItem('tablee:locale', 'fr'));
			await page.reload();
			await card(page, 'Servir les plats').getByRole('button', { name: 'Je rends ma place' }).click();
			await vi.waitFor(() => expect(zoePhone.state.tasks.get(serve)!.claims.map((c) => c.memberId)).not.toContain(me));
		}
	});
});
