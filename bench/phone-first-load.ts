/**
 * `npx tsx bench/phone-first-load.ts`: what a member's phone downloads and how long until
 * the board can be used, on the production build, in Debian's Chromium with DevTools
 * network and CPU throttling (cold cache each run, 390×844). Time is from navigation to the
 * first enabled "Je m'en occupe" button (board synced, a task can be taken). Writes the
 * table for docs/benchmarks-phone.md on stdout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createTablee } from '../server/app.ts';
import { createLogger } from '../server/log.ts';
import { seedDemo } from '../server/seed/demo.ts';
import { openSqliteStorage } from '../server/storage/sqlite.ts';
import { loadHandler } from '../tests/browser/build.ts';
import { median } from './stats.ts';

const RUNS = Number(process.env.RUNS ?? 5);
const PROFILES = [
	// Issue 10's "slow phone": 150 ms round trip, 1.6 Mbps down, 750 kbps up, 4× slower CPU.
	{ name: '150 ms RTT, 1.6 Mbps, 4× CPU', latency: 150, down: 1_600_000 / 8, up: 750_000 / 8, cpu: 4 },
	// Chrome DevTools' "Fast 3G" preset (562.5 ms, 180 kB/s ≈ 1.44 Mbps down, 84 kB/s up).
	{ name: 'Fast 3G, 4× CPU', latency: 562.5, down: 180_000, up: 84_375, cpu: 4 }
];

const dataDir = mkdtempSync(join(tmpdir(), 'tablee-phone-bench-'));
const storage = openSqliteStorage({ dataDir });
const demo = await seedDemo(storage);
const tablee = createTablee({
	storage,
	log: createLogger('silent'),
	appHandler: await loadHandler(),
	joinRate: { burst: 1000, perSecond: 100 }
});
const { url } = await tablee.listen(0, '127.0.0.1');
const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking']
});

const rows: string[] = [];
try {
	for (const profile of PROFILES) {
		const times: number[] = [];
		const jsBytes: number[] = [];
		const allBytes: number[] = [];
		const requests: number[] = [];
		for (let run = 0; run < RUNS; run++) {
			const res = await fetch(`${url}/api/join/${demo.meal.joinCode}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name: `Bench ${run}` })
			});
			const me = (await res.json()) as { mealId: string; memberId: string; token: string };
			const context = await browser.newContext({
				viewport: { width: 390, height: 844 },
				isMobile: true,
				hasTouch: true,
				locale: 'fr-FR'
			});
			// The phone already joined (as after the join page): this measures opening the board.
			await context.addInitScript(
				([key, value]) => localStorage.setItem(key!, value!),
				[`tablee:member:${me.mealId}`, JSON.stringify({ ...me, code: demo.meal.joinCode })]
			);
			const page = await context.newPage();
			const cdp = await context.newCDPSession(page);
			await cdp.send('Network.enable');
			await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
			await cdp.send('Network.emulateNetworkConditions', {
				offline: false,
				latency: profile.latency,
				downloadThroughput: profile.down,
				uploadThroughput: profile.up
			});
			await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
			const types = new Map<string, string>();
			let js = 0;
			let all = 0;
			let count = 0;
			cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
			cdp.on('Network.loadingFinished', (e) => {
				all += e.encodedDataLength;
				count++;
				if (types.get(e.requestId) === 'Script') js += e.encodedDataLength;
			});
			await page.goto(`${url}/meal/${me.mealId}`, { waitUntil: 'commit' });
			await page.waitForFunction(
				() =>
					[...document.querySelectorAll('button')].some(
						(b) => (b.getAttribute('aria-label') ?? '').startsWith('Je m’en occupe') && !b.disabled
					),
				undefined,
				{ polling: 20, timeout: 60_000 }
			);
			times.push(await page.evaluate(() => performance.now()));
			jsBytes.push(js);
			allBytes.push(all);
			requests.push(count);
			await context.close();
		}
		const kb = (n: number) => (n / 1000).toFixed(1);
		rows.push(
			`| ${profile.name} | ${RUNS} | ${(median(times) / 1000).toFixed(2)} s | ${(Math.min(...times) / 1000).toFixed(2)}–${(Math.max(...times) / 1000).toFixed(2)} s | ${kb(median(jsBytes))} kB | ${kb(median(allBytes))} kB | ${median(requests)} |`
		);
	}
} finally {
	await browser.close();
	await tablee.close();
	rmSync(dataDir, { recursive: true, force: true });
}
console.log('| Profile | Runs | Board usable (median) | Range | JS on the wire | All on the wire | Requests |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
