/**
 * End to end on the production build: a network reaches its cap, the neighbour's phone
 * says why in words, the Canteen Master's console shows it at once and lets more in, and
 * the phone then joins.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinMember, startServer, type TestServer } from '../helpers/server.ts';
import { loadHandler } from './build.ts';
import { laptop, phone, shots, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('joins refused per network, in the browser', async () => {
	const server: TestServer = await startServer({
		appHandler: await loadHandler(),
		joinRate: { burst: 1000, perSecond: 100 },
		limits: { joins: { membersPerNetwork: 1 } }
	});
	const code = server.demo.meal.joinCode;

	it('tells the phone and the Canteen Master, who lets more in', async () => {
		const master = await open(laptop);
		await master.goto(`${server.url}/master/${server.demo.meal.id}#key=${server.demo.masterKey}`);
		await master.getByRole('status').filter({ hasText: 'En direct' }).waitFor();
		// This machine is one network: its one place is taken.
		await joinMember(server.url, code, 'Première');

		const neighbour = await open(phone);
		await neighbour.goto(`${server.url}/j/${code}`);
		await neighbour.getByLabel('Votre prénom ou surnom').fill('Deuxième');
		await neighbour.getByRole('button', { name: 'Rejoindre le repas' }).click();
		await neighbour.getByText(/Beaucoup de personnes ont déjà rejoint depuis ce réseau/).waitFor();
		await neighbour.screenshot({ path: join(shots, 'phone-network-full.png') });

		const notice = master.getByRole('alert').filter({ hasText: 'Des personnes n’ont pas pu rejoindre' });
		await notice.waitFor();
		await master.screenshot({ path: join(shots, 'master-joins-refused.png') });
		await notice.getByRole('button', { name: 'Laisser entrer 10 de plus' }).click();
		await master.getByText('C’est noté : jusqu’à 11 personnes depuis ce réseau.').waitFor();

		await neighbour.getByRole('button', { name: 'Rejoindre le repas' }).click();
		await neighbour.waitForURL('**/meal/**');
		const members = await server.tablee.sessions.read(server.demo.meal.id, (s) =>
			[...s.members.values()].map((m) => m.name)
		);
		expect(members).toEqual(expect.arrayContaining(['Première', 'Deuxième']));
	});
});
