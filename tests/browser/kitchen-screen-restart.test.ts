/**
 * A kitchen screen runs all day with nobody touching it: when the server process dies and
 * comes back (a crash, an update), the screen says discreetly that it is offline, keeps the
 * last board, and comes back live by itself. The real server entry, killed with SIGKILL and
 * started again on the same port and data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../helpers/server.ts';
import { readDemoLinks, startServerProcess } from '../helpers/process.ts';
import { ensureBuild } from './build.ts';
import { shots, useChromium } from './chromium.ts';

const { open } = useChromium();

describe('the kitchen screen across a server restart', () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'tablee-screen-restart-'));
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('shows it is offline, keeps the board, and comes back live by itself', async () => {
		ensureBuild();
		const first = await startServerProcess(dataDir);
		const links = readDemoLinks(dataDir);
		const screen = await open({ viewport: { width: 1920, height: 1080 } });
		await screen.goto(`${first.url}/screen/${links.mealId}#key=${links.screenKey}`);
		await screen.locator('[data-scene=board]').waitFor();
		const tasksBefore = await screen.getByTestId('screen-task').count();

		await first.kill('SIGKILL');
		await screen.getByTestId('screen-offline').waitFor();
		// The last board stays up: the room still sees who does what.
		expect(await screen.getByTestId('screen-task').count()).toBe(tasksBefore);
		await screen.getByTestId('screen-code').waitFor();
		await screen.screenshot({ path: join(shots, 'kitchen-offline.png') });

		const second = await startServerProcess(dataDir, { PORT: String(first.port) });
		await screen.getByTestId('screen-offline').waitFor({ state: 'detached', timeout: 30_000 });
		// Live again: a task added now shows on the screen with nobody touching it.
		const master = await connect(second.url, { role: 'master', mealId: links.mealId, key: links.masterKey });
		const added = await master.send('task:add', {
			kind: 'table',
			title: { fr: 'Plier les serviettes', en: 'Fold the napkins' },
			slots: 2
		});
		expect(added).toMatchObject({ ok: true });
		await screen.getByText('Plier les serviettes').first().waitFor();
		master.close();
		await second.kill('SIGTERM');
	});
});
