/**
 * The first start prints the only links into the demo meal. A start that dies after
 * seeding but before saving them must not leave the operator locked out.
 */
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readDemoLinks, startServerProcess } from './helpers/process.ts';
import { connect } from './helpers/server.ts';

describe('first start', () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'tablee-first-'));
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('seeds once, keeps the links across restarts, and re-seeds a demo whose links were lost', async () => {
		const first = await startServerProcess(dataDir);
		const links = readDemoLinks(dataDir);
		await vi.waitFor(() => expect(first.output()).toContain(`/j/${links.code}`));
		await first.kill('SIGTERM');

		// A normal restart: same links, printed again, no second demo meal.
		const second = await startServerProcess(dataDir);
		expect(readDemoLinks(dataDir)).toEqual(links);
		await vi.waitFor(() => expect(second.output()).toContain(`/master/${links.mealId}#key=${links.masterKey}`));
		await second.kill('SIGTERM');

		// As if the first start had died between seeding and writing links.json.
		unlinkSync(join(dataDir, 'links.json'));
		const third = await startServerProcess(dataDir);
		const fresh = readDemoLinks(dataDir);
		expect(fresh.mealId).not.toBe(links.mealId);
		const master = await connect(third.url, { role: 'master', mealId: fresh.mealId, key: fresh.masterKey });
		expect(master.welcome).toMatchObject({ role: 'master', screenKey: fresh.screenKey });
		master.close();
		await third.kill('SIGTERM');
	});
});
