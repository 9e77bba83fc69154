/**
 * Live icebreakers end to end on the production build: the Canteen Master pushes a
 * suggested prompt from the console; it shows big on the kitchen screen (1920×1080, both
 * languages since phones of both are here) and as a card on the phones; a prompt sent to
 * one person reaches that phone only. Screenshots land in test-results/screenshots.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
import { loadHandler } from './build.ts';
import { useChromium, shots, joinMeal } from './chromium.ts';

const { open } = useChromium();

describe('live icebreakers in the browser', async () => {
	const server: TestServer = await startServer({
		appHandler: await loadHandler(),
		joinRate: { burst: 1000, perSecond: 100 }
	});
	const where = { url: server.url, code: server.demo.meal.joinCode };

	it('pushes a suggested prompt to the kitchen screen and the phones, and one to one person', async () => {
		const awa = await open();
		const ben = await open();
		await joinMeal(awa, { ...where, name: 'Awa', emoji: '🍅' });
		await joinMeal(ben, { ...where, name: 'Ben', emoji: '🥖' });

		const master = await open({ viewport: { width: 1280, height: 900 } });
		await master.goto(`${server.url}/master/${server.demo.meal.id}#key=${server.demo.masterKey}`);
		await master.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		const panel = master.getByTestId('prompt-panel');
		await panel.getByRole('heading', { name: 'Pour lancer la conversation' }).waitFor();
		// Both phones show French and said so (member:locale): French only at the table…
		await panel.getByText('Langues à table : Français', { exact: true }).waitFor();
		// …until Ben switches his phone to English: then both languages.
		await ben.getByRole('button', { name: 'EN', exact: true }).click();
		await panel.getByText('Langues à table : Français, English', { exact: true }).waitFor();
		const suggestions = panel.getByTestId('prompt-suggestion');
		expect(await suggestions.count()).toBe(5);
		await panel.getByText('pas encore entendue par ce groupe').first().waitFor();

		const first = suggestions.first();
		const promptId = (await first.getAttribute('data-prompt-id'))!;
		const { libraryPrompt } = await import('../../src/lib/prompts/library.ts');
		const text = libraryPrompt(promptId)!.text;
		await first.getByRole('button', { name: 'Montrer à tous' }).click();
		await panel.getByTestId('prompt-current').getByText(text.fr).waitFor();

		const screen = await open({ viewport: { width: 1920, height: 1080 } });
		await screen.goto(`${server.url}/screen/${server.demo.meal.id}#key=${server.demo.screenKey}`);
		const onScreen = screen.getByTestId('screen-prompt');
		await onScreen.getByText(text.fr).waitFor();
		await onScreen.getByText(text.en).waitFor();
		await screen.screenshot({ path: join(shots, 'kitchen-screen-prompt.png') });

		await awa.getByTestId('member-prompt').getByText(text.fr).waitFor();
		await ben.getByTestId('member-prompt').getByText(text.en).waitFor();

		// To one person: Ben's phone only; nothing new on the screen or on Awa's phone.
		// The other suggestions wait folded under the first.
		await master
			.getByTestId('prompt-panel')
			.getByText(/\d autres suggestions/)
			.click();
		const second = suggestions.nth(1);
		const secondText = libraryPrompt((await second.getAttribute('data-prompt-id'))!)!.text;
		await second.getByLabel('Envoyer cette question à une seule personne').selectOption({ label: '🥖 Ben' });
		await ben.getByTestId('member-private-prompt').getByText(secondText.en).waitFor();
		await ben.screenshot({ path: join(shots, 'member-private-prompt.png') });
		// The panel itself, without the toasts that float over it.
		const closeToast = master.getByRole('button', { name: 'Fermer le message' });
		while ((await closeToast.count()) > 0) await closeToast.first().click();
		await panel.screenshot({ path: join(shots, 'master-prompts.png') });
		await awa.screenshot({ path: join(shots, 'member-prompt.png') });
		expect(await awa.getByTestId('member-private-prompt').count()).toBe(0);
		expect(await onScreen.textContent()).not.toContain(secondText.fr);
	});
});
