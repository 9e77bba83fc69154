/**
 * A phone on a network that refuses WebSocket still gets the board: the production build's
 * lean client (src/lib/client/lean-socket.ts) fails to open its WebSocket, fetches
 * socket.io-client (a chunk of its own, not in the first load) and goes live over
 * long-polling. Here the whole site is reached through a real proxy that forwards HTTP and
 * destroys every upgrade, as such networks do.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { upgradeRefusingProxy } from '../helpers/proxy.ts';
import { startServer } from '../helpers/server.ts';
import { loadHandler } from './build.ts';
import { card, joinMeal, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('a phone on a network without WebSocket', async () => {
	const server = await startServer({ appHandler: await loadHandler(), joinRate: { burst: 1000, perSecond: 100 } });
	const proxy = await upgradeRefusingProxy(server.url);
	afterAll(() => {
		// Chromium keeps its connections alive until it closes, after this hook.
		proxy.server.closeAllConnections();
		return new Promise<void>((resolve) => proxy.server.close(() => resolve()));
	});

	it('goes live over long-polling with socket.io-client fetched then, and takes a task', async () => {
		const page = await open();
		const polls: string[] = [];
		const scripts: string[] = [];
		page.on('request', (r) => {
			if (r.url().includes('transport=polling')) polls.push(r.url());
			if (r.resourceType() === 'script') scripts.push(r.url());
		});
		await joinMeal(page, { url: proxy.url, code: server.demo.meal.joinCode, name: 'Sans WebSocket', emoji: '🍅' });
		expect(polls.length).toBeGreaterThan(0);
		// The official client arrived as a chunk of its own, after the board's own code.
		const withClient = await Promise.all(
			scripts.map(async (url) =>
				(await (await fetch(url.replace(proxy.url, server.url))).text()).includes('xhr poll error') ? url : ''
			)
		);
		expect(withClient.filter(Boolean)).toHaveLength(1);

		const soup = 'Préparer la soupe de potiron';
		await card(page, soup)
			.getByRole('button', { name: /Je m.en occupe/ })
			.click();
		await card(page, soup).getByText('Vous y êtes').waitFor();
		const task = [...(await server.tablee.sessions.get(server.demo.meal.id)).state.tasks.values()].find(
			(t) => t.title.fr === soup
		)!;
		expect(task.claims).toHaveLength(1);
	});
});
