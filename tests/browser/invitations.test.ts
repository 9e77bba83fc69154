/**
 * End to end on the production build: the Canteen Master adds someone who came without a
 * phone, suggests a task to a member from the console, and the member's phone shows the
 * suggestion and takes the place on "J’accepte". Screenshots land in
 * test-results/screenshots for a human look.
 */
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
import { loadHandler } from './build.ts';
import { useChromium, shots, joinMeal, card } from './chromium.ts';

const { open } = useChromium();

describe('walk-ins and invitations in the browser', async () => {
	const server: TestServer = await startServer({
		appHandler: await loadHandler(),
		joinRate: { burst: 1000, perSecond: 100 }
	});
	const where = { url: server.url, code: server.demo.meal.joinCode };

	it('lets the Canteen Master add a walk-in, invite a member, and the member accept on the phone', async () => {
		const master = await open({ viewport: { width: 1280, height: 900 } });
		await master.goto(`${server.url}/master/${server.demo.meal.id}#key=${server.demo.masterKey}`);
		await master.getByRole('status').filter({ hasText: 'En direct' }).waitFor();

		// Someone without a phone: on the list, counted, and put on a task directly.
		const walkin = master.getByRole('region', { name: 'Arrivée sans téléphone' });
		await walkin.getByLabel('Prénom ou surnom').fill('Josette');
		await walkin.getByRole('button', { name: 'Ajouter à la liste' }).click();
		await walkin.getByText('Josette').waitFor();
		await master
			.getByRole('region', { name: /Qui est là/ })
			.getByText('Josette')
			.waitFor();

		const bread = 'Couper le pain';
		await card(master, bread).getByLabel('Proposer à').selectOption({ label: 'Josette (sans téléphone)' });
		await card(master, bread).getByRole('button', { name: 'Inscrire' }).click();
		await card(master, bread).getByText('Josette').waitFor();
		// The console is long: the shot starts at the walk-in panel, with the first tasks below it.
		await walkin.evaluate((el) => (el.parentElement ?? el).scrollIntoView({ block: 'start' }));
		await master.screenshot({ path: join(shots, 'master-walkin.png') });

		// A member with a phone is invited; the card on the phone is friendly, with two answers.
		const jeanne = await open();
		await joinMeal(jeanne, { ...where, name: 'Jeanne', emoji: '🍅' });
		const soup = 'Préparer la soupe de potiron';
		const select = card(master, soup).getByLabel('Proposer à');
		await vi.waitFor(async () => expect(await select.locator('option', { hasText: 'Jeanne' }).count()).toBe(1));
		await select.selectOption({ label: '🍅 Jeanne' });
		await card(master, soup).getByRole('button', { name: 'Proposer', exact: true }).click();
		await card(master, soup).getByText('En attente de Jeanne').waitFor();

		const invitation = jeanne.getByRole('region', { name: 'Propositions pour vous' });
		await invitation.getByText(`L’équipe de cuisine vous propose : ${soup}`).waitFor();
		await jeanne.screenshot({ path: join(shots, 'member-invitation.png') });
		await invitation.getByRole('button', { name: 'J’accepte' }).click();
		await invitation.waitFor({ state: 'detached' });
		await card(jeanne, soup).getByText('Vous y êtes').waitFor();
		await card(master, soup).getByText('Jeanne').waitFor();
		expect(await card(master, soup).getByText('En attente de Jeanne').count()).toBe(0);

		// Jeanne hands her place over to Bruno; on his phone he takes it over, in one step.
		const bruno = await open();
		await joinMeal(bruno, { ...where, name: 'Bruno', emoji: '🥖' });
		await card(jeanne, soup).getByRole('button', { name: 'Passer la main' }).click();
		const to = card(jeanne, soup).getByLabel('À qui proposer ma place ?');
		await vi.waitFor(async () => expect(await to.locator('option', { hasText: 'Bruno' }).count()).toBe(1));
		await to.selectOption({ label: '🥖 Bruno' });
		await jeanne.screenshot({ path: join(shots, 'member-handover.png') });
		await card(jeanne, soup).getByRole('button', { name: 'Proposer' }).click();
		await jeanne.getByText(`${soup} — En attente de Bruno`).waitFor();

		const offer = bruno.getByRole('region', { name: 'Propositions pour vous' });
		await offer.getByText(`Jeanne vous passe la main : ${soup}`).waitFor();
		await offer.getByRole('button', { name: 'J’accepte' }).click();
		await card(bruno, soup).getByText('Vous y êtes').waitFor();
		await vi.waitFor(async () => expect(await card(jeanne, soup).getByText('Vous y êtes').count()).toBe(0));
		const onSoup = card(master, soup).getByRole('list', { name: 'Qui est là' });
		await vi.waitFor(async () => expect(await onSoup.textContent()).toContain('Bruno'));
		expect(await onSoup.textContent()).not.toContain('Jeanne');
	});

	it('reorders tasks from the console with labelled up and down buttons', async () => {
		const master = await open({ viewport: { width: 1280, height: 900 } });
		await master.goto(`${server.url}/master/${server.demo.meal.id}#key=${server.demo.masterKey}`);
		await master.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		const group = master.locator('section.group').first();
		// The titles as read out: the task's pictogram is decoration (aria-hidden), not part of its name.
		const titles = () =>
			group
				.getByRole('article')
				.locator('h3')
				.evaluateAll((h3s) =>
					h3s.map((h3) => {
						const copy = h3.cloneNode(true) as HTMLElement;
						copy.querySelectorAll('[aria-hidden="true"]').forEach((el) => el.remove());
						return copy.textContent?.trim() ?? '';
					})
				);
		const [first, second] = await titles();
		await master.getByRole('button', { name: `Descendre « ${first} »` }).focus();
		await master.keyboard.press('Enter');
		await vi.waitFor(async () => expect((await titles()).slice(0, 2)).toEqual([second, first]));
		expect(await master.getByRole('button', { name: `Monter « ${second} »` }).isDisabled()).toBe(true);
	});
});
