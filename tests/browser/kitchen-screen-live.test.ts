/**
 * The kitchen screen through a day, on the production build: the Canteen Master's console
 * is its remote (board, menu, prompt full-screen, blank, how the costs are covered); it
 * keeps the TV awake and asks again after being hidden; and it never shows or receives a
 * list of who is here or anything a member shared privately.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connect, masterConnection, startServer, type TestServer } from '../helpers/server.ts';
import { loadHandler } from './build.ts';
import { shots, useChromium } from './chromium.ts';

const { open } = useChromium();
const TV = { viewport: { width: 1920, height: 1080 } };

/**
 * Everything the page received on its WebSockets, as text: Socket.IO frames, with each
 * base64 string in them (the Yjs updates) decoded, so a name inside an update is seen.
 */
function recordFrames(page: Page): string[] {
	const frames: string[] = [];
	const decoded = (value: unknown): string[] =>
		typeof value === 'string'
			? /^[A-Za-z0-9+/]{8,}={0,2}$/.test(value)
				? [value, Buffer.from(value, 'base64').toString('utf8')]
				: [value]
			: Array.isArray(value)
				? value.flatMap(decoded)
				: value && typeof value === 'object'
					? Object.values(value).flatMap(decoded)
					: [];
	page.on('websocket', (ws) =>
		ws.on('framereceived', ({ payload }) => {
			const text = String(payload);
			frames.push(text);
			try {
				frames.push(...decoded(JSON.parse(text.replace(/^\d+/, ''))));
			} catch {
				// Not JSON (a ping): kept as it came.
			}
		})
	);
	return frames;
}

describe('the kitchen screen through the day', async () => {
	const server: TestServer = await startServer({
		appHandler: await loadHandler(),
		joinRate: { burst: 1000, perSecond: 100 },
		commandRate: { burst: 1000, perSecond: 100 }
	});
	const { meal, masterKey, screenKey } = server.demo;
	const screenUrl = `${server.url}/screen/${meal.id}#key=${screenKey}`;

	it('follows the remote on the Canteen Master’s console', async () => {
		const console_ = await open({ viewport: { width: 1280, height: 900 } });
		await console_.goto(`${server.url}/master/${meal.id}#key=${masterKey}`);
		await console_.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		const screen = await open(TV);
		await screen.goto(screenUrl);
		await screen.locator('[data-scene=board]').waitFor();

		const remote = console_.getByTestId('screen-remote');
		await remote.getByRole('button', { name: 'Menu' }).click();
		await screen.locator('[data-scene=menu]').waitFor();
		await screen.getByTestId('screen-menu').getByText('Allergènes : Moutarde').waitFor();
		expect(await remote.getByRole('button', { name: 'Menu' }).getAttribute('aria-pressed')).toBe('true');
		await screen.screenshot({ path: join(shots, 'kitchen-remote-menu.png') });

		// The figure is the Canteen Master's choice: absent until they enter it.
		expect(await screen.getByTestId('screen-coverage').count()).toBe(0);
		await remote.getByLabel('Part des frais déjà couverte (en %)').fill('80');
		await remote.getByRole('button', { name: 'Afficher' }).click();
		await screen
			.getByTestId('screen-coverage')
			.getByText('Les participations couvrent déjà 80 % des frais du repas.')
			.waitFor();
		await screen.getByTestId('screen-guide').getByText('Une assiette coûte 3,50 € à la cantine.').waitFor();
		await console_.getByTestId('screen-remote').screenshot({ path: join(shots, 'console-screen-remote.png') });

		// Prompt full-screen: only with a prompt up; meanwhile the board shows.
		await remote.getByRole('button', { name: 'Question en grand' }).click();
		await screen.locator('[data-scene=board]').waitFor();
		const master = await masterConnection(server);
		const text = {
			fr: 'Quelle chanson vous rappelle un repas de fête ?',
			en: 'Which song reminds you of a festive meal?'
		};
		expect(await master.send('prompt:push', { text })).toMatchObject({ ok: true });
		await screen.locator('[data-scene=prompt]').waitFor();
		await screen.getByTestId('screen-prompt').getByText(text.en).waitFor();
		expect(await screen.getByTestId('screen-code').count()).toBe(0);
		await screen.screenshot({ path: join(shots, 'kitchen-remote-prompt.png') });

		await remote.getByRole('button', { name: 'Écran noir' }).click();
		await screen.locator('[data-scene=blank]').waitFor();
		expect((await screen.locator('main').innerText()).trim()).toBe('');
		await screen.screenshot({ path: join(shots, 'kitchen-remote-blank.png') });

		await remote.getByRole('button', { name: 'Tableau' }).click();
		await screen.locator('[data-scene=board]').waitFor();
		await remote.getByRole('button', { name: 'Ne plus afficher' }).click();
		await screen.getByTestId('screen-coverage').waitFor({ state: 'detached' });
		expect(await master.send('prompt:clear', {})).toEqual({ ok: true });
		master.close();
	});

	it('keeps the TV awake, and asks again each time it is shown', async () => {
		const screen = await open(TV);
		// A stand-in for the Wake Lock API (not available headless) and for visibility, which
		// only a real window manager changes: the browser drops the lock when the page hides.
		await screen.addInitScript(() => {
			const w = window as unknown as { wakeRequests: number; hidden: boolean; sentinel?: { released: boolean } };
			w.wakeRequests = 0;
			w.hidden = false;
			Object.defineProperty(document, 'visibilityState', { get: () => (w.hidden ? 'hidden' : 'visible') });
			Object.defineProperty(navigator, 'wakeLock', {
				value: {
					request: async () => {
						w.wakeRequests++;
						const sentinel = { released: false, release: async () => void (sentinel.released = true) };
						w.sentinel = sentinel;
						return sentinel;
					}
				}
			});
		});
		await screen.goto(screenUrl);
		await screen.locator('[data-scene]').waitFor();
		const requests = () => screen.evaluate(() => (window as unknown as { wakeRequests: number }).wakeRequests);
		await screen.waitForFunction(() => (window as unknown as { wakeRequests: number }).wakeRequests === 1);

		const setHidden = (hidden: boolean) =>
			screen.evaluate((h) => {
				const w = window as unknown as { hidden: boolean; sentinel?: { released: boolean } };
				w.hidden = h;
				if (h && w.sentinel) w.sentinel.released = true;
				document.dispatchEvent(new Event('visibilitychange'));
			}, hidden);
		await setHidden(true);
		expect(await requests()).toBe(1);
		await setHidden(false);
		await screen.waitForFunction(() => (window as unknown as { wakeRequests: number }).wakeRequests === 2);
		// Shown while the lock is still held: no second lock.
		await setHidden(false);
		expect(await requests()).toBe(2);
	});

	it('never shows or receives who is here as a list, nor what a member shared', async () => {
		const screen = await open(TV);
		const frames = recordFrames(screen);
		await screen.goto(screenUrl);
		await screen.locator('[data-scene=board]').waitFor();

		const device = 'screen-privacy-device-0001-abcdefgh';
		const fact = 'ancienne boulangère rue des Lilas';
		const joinAs = async (name: string, withDevice?: string) => {
			const res = await fetch(`${server.url}/api/join/${meal.joinCode}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(withDevice ? { name, device: withDevice } : { name })
			});
			return (await res.json()) as { mealId: string; token: string; memberId: string };
		};
		const zoe = await joinAs('Zoé Sansplace', device);
		const yann = await joinAs('Yann Surlatache');
		const zoeConn = await connect(server.url, { role: 'member', mealId: zoe.mealId, token: zoe.token });
		const yannConn = await connect(server.url, { role: 'member', mealId: yann.mealId, token: yann.token });
		expect(
			await zoeConn.send('profile:set', {
				profile: { consent: true, facts: [{ kind: 'past-trade', text: fact }], languages: ['fr'] }
			})
		).toMatchObject({ ok: true });
		const task = [...yannConn.state.tasks.values()].find((t) => t.status === 'open' && t.slots > t.claims.length)!;
		expect(await yannConn.send('task:claim', { taskId: task.id })).toEqual({ ok: true });

		// Someone on a task is named on it; someone without a task is counted, never listed.
		await screen.getByTestId('kitchen-screen').getByText('Yann Surlatache').first().waitFor();
		const shown = await screen.locator('main').innerText();
		expect(shown).not.toContain('Zoé Sansplace');
		expect(shown).not.toContain(fact);
		await screen.screenshot({ path: join(shots, 'kitchen-privacy.png') });

		// What reached the screen: no shared fact, no device id, no member token.
		const received = frames.join('\n');
		// The decoding works: the name on a task is in what arrived.
		expect(received).toContain('Yann Surlatache');
		for (const secret of [fact, device, zoe.token, yann.token]) expect(received).not.toContain(secret);
		zoeConn.close();
		yannConn.close();
	});
});

describe('the rotating code on the screen and the console', async () => {
	// A short period so the rotation is seen; the test awaits it, it does not time it.
	const server: TestServer = await startServer({
		appHandler: await loadHandler(),
		joinCodes: { timing: { everyMs: 1_500, graceMs: 60_000 } }
	});
	const { meal, masterKey, screenKey } = server.demo;

	it('changes the code and the QR on the screen and shows the same one in the console', async () => {
		const screen = await open(TV);
		await screen.goto(`${server.url}/screen/${meal.id}#key=${screenKey}`);
		const code = screen.getByTestId('screen-code');
		await code.waitFor();
		const before = (await code.textContent())!;
		const qrBefore = await screen.getByTestId('join-qr').locator('path').getAttribute('d');
		await screen.waitForFunction(
			(old) => {
				const now = document.querySelector('[data-testid=screen-code]')?.textContent;
				return now && now !== old;
			},
			before,
			{ timeout: 20_000 }
		);
		const after = (await code.textContent())!;
		expect(await screen.getByTestId('join-qr').getAttribute('aria-label')).toContain(after);
		expect(await screen.getByTestId('join-qr').locator('path').getAttribute('d')).not.toBe(qrBefore);

		const console_ = await open({ viewport: { width: 1280, height: 900 } });
		await console_.goto(`${server.url}/master/${meal.id}#key=${masterKey}`);
		await console_.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		// Whatever code is up now on the screen is the one the console shows.
		const onScreen = async () => (await code.textContent())!;
		const inConsole = async () => (await console_.getByTestId('join-code').textContent())!;
		await expect.poll(async () => (await inConsole()) === (await onScreen()), { timeout: 10_000 }).toBe(true);
	});
});
