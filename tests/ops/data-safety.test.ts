/**
 * A data directory that lost its data must stop the start with the file to look at,
 * never pass for a first start (new demo, links.json overwritten, new setup link). Each
 * case runs the real server process on a real directory, and damages it as an operator's
 * mistake or a crash would.
 */
import {
	copyFileSync,
	existsSync,
	mkdtempSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	truncateSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { connect, joinMember } from '../helpers/server.ts';
import { readDemoLinks, startServerExpectingRefusal, startServerProcess } from '../helpers/process.ts';

const dirs: string[] = [];
function tempDir(label: string) {
	const dir = mkdtempSync(join(tmpdir(), `tablee-${label}-`));
	dirs.push(dir);
	return dir;
}
afterAll(() => {
	for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A started installation with members, stopped by kill -9: its latest changes are in the WAL. */
async function crashedInstallation(label: string, members = 3, env: Record<string, string> = {}) {
	const dataDir = tempDir(label);
	const server = await startServerProcess(dataDir, env);
	const links = readDemoLinks(dataDir);
	const joined = [];
	for (let i = 0; i < members; i++) joined.push(await joinMember(server.url, links.code, `Voisine ${i}`));
	return { dataDir, server, links, joined };
}

describe('a data directory that lost its data', () => {
	it('refuses to start when tablee.db-wal is missing after a crash, and starts again once it is back', async () => {
		const { dataDir, server, links, joined } = await crashedInstallation('nowal');
		await server.kill('SIGKILL');
		const linksBefore = readFileSync(join(dataDir, 'links.json'), 'utf8');
		const kept = join(tempDir('kept'), 'tablee.db-wal');
		// What a naive copy of the data directory does: tablee.db without its WAL.
		renameSync(join(dataDir, 'tablee.db-wal'), kept);
		rmSync(join(dataDir, 'tablee.db-shm'), { force: true });

		const refused = await startServerExpectingRefusal(dataDir);
		expect(refused.code).toBe(1);
		expect(refused.output).toContain('did not stop cleanly');
		expect(refused.output).toContain(join(dataDir, 'tablee.db-wal'));
		expect(refused.output).not.toContain('/setup#token=');
		expect(readFileSync(join(dataDir, 'links.json'), 'utf8')).toBe(linksBefore);

		copyFileSync(kept, join(dataDir, 'tablee.db-wal'));
		const again = await startServerProcess(dataDir);
		expect(readDemoLinks(dataDir)).toEqual(links);
		for (const m of joined) {
			const conn = await connect(again.url, { role: 'member', mealId: m.mealId, token: m.token });
			expect(conn.welcome).toMatchObject({ role: 'member', memberId: m.memberId });
			conn.close();
		}
		await again.kill('SIGTERM');
	});

	it('refuses a data directory whose database is gone, or whose WAL is alone, naming the file', async () => {
		const { dataDir, server } = await crashedInstallation('nodb', 1);
		await server.kill('SIGTERM');
		const aside = tempDir('aside');
		renameSync(join(dataDir, 'tablee.db'), join(aside, 'tablee.db'));

		const missing = await startServerExpectingRefusal(dataDir);
		expect(missing.code).toBe(1);
		expect(missing.output).toContain('its database is missing');
		expect(missing.output).toContain(join(dataDir, 'tablee.db'));
		expect(existsSync(join(dataDir, 'tablee.db'))).toBe(false);

		writeFileSync(join(dataDir, 'tablee.db-wal'), Buffer.alloc(0));
		const lone = await startServerExpectingRefusal(dataDir);
		expect(lone.code).toBe(1);
		expect(lone.output).toContain('tablee.db-wal is here but tablee.db is not');
	});

	it('refuses a database that belongs to another installation', async () => {
		const a = await crashedInstallation('inst-a', 1);
		await a.server.kill('SIGTERM');
		const b = await crashedInstallation('inst-b', 1);
		await b.server.kill('SIGTERM');
		copyFileSync(join(b.dataDir, 'tablee.db'), join(a.dataDir, 'tablee.db'));

		const refused = await startServerExpectingRefusal(a.dataDir);
		expect(refused.code).toBe(1);
		expect(refused.output).toMatch(
			/tablee\.db belongs to installation [\w-]+, but this data directory holds installation/
		);
	});

	it('checkpoints the WAL on a timer, so a cut tablee.db-wal after a crash loses nothing already folded in', async () => {
		const { dataDir, server, links, joined } = await crashedInstallation('cutwal', 20, { TABLEE_CHECKPOINT_MS: '200' });
		const wal = join(dataDir, 'tablee.db-wal');
		await vi.waitFor(() => expect(statSync(wal).size).toBe(0), { timeout: 10_000 });
		// One more join lands in the WAL only; then the crash, then half the WAL goes.
		await joinMember(server.url, links.code, 'Retardataire');
		await server.kill('SIGKILL');
		expect(statSync(wal).size).toBeGreaterThan(0);
		truncateSync(wal, Math.floor(statSync(wal).size / 2));

		const again = await startServerProcess(dataDir);
		for (const m of joined) {
			const conn = await connect(again.url, { role: 'member', mealId: m.mealId, token: m.token });
			expect(conn.welcome).toMatchObject({ memberId: m.memberId });
			conn.close();
		}
		await again.kill('SIGTERM');
	});

	it('refuses a damaged database file after quick_check, naming it', async () => {
		const { dataDir, server } = await crashedInstallation('corrupt', 3);
		await server.kill('SIGTERM');
		const db = join(dataDir, 'tablee.db');
		const pageSize = 4096;
		const bytes = readFileSync(db);
		expect(bytes.length).toBeGreaterThan(pageSize * 6);
		// Scribble over a few b-tree pages in the middle, as a failing disk would.
		bytes.fill(0xa5, pageSize * 3 + 100, pageSize * 6);
		writeFileSync(db, bytes);

		const refused = await startServerExpectingRefusal(dataDir);
		expect(refused.code).toBe(1);
		expect(refused.output).toContain('the database is damaged');
		expect(refused.output).toContain(db);
		expect(refused.output).toContain('npm run restore');
	});
});

describe('one process per data directory', () => {
	it('refuses a second server on the same directory, and takes over the lock of a killed one', async () => {
		const dataDir = tempDir('lock');
		const first = await startServerProcess(dataDir);
		const second = await startServerExpectingRefusal(dataDir);
		expect(second.code).toBe(1);
		expect(second.output).toContain(`another Tablée process (pid ${first.child.pid}`);
		expect(second.output).toContain(join(dataDir, 'tablee.lock'));

		await first.kill('SIGKILL');
		expect(existsSync(join(dataDir, 'tablee.lock'))).toBe(true);
		const third = await startServerProcess(dataDir);
		await third.kill('SIGTERM');
		expect(existsSync(join(dataDir, 'tablee.lock'))).toBe(false);
	});
});

describe('start-up errors name the file and the fix', () => {
	it('a damaged links.json', async () => {
		const dataDir = tempDir('links');
		const first = await startServerProcess(dataDir);
		await first.kill('SIGTERM');
		writeFileSync(join(dataDir, 'links.json'), '{"master": "/master/');
		const refused = await startServerExpectingRefusal(dataDir);
		expect(refused.code).toBe(1);
		expect(refused.output).toContain(`links.json is damaged`);
		expect(refused.output).toContain(join(dataDir, 'links.json'));
		expect(refused.output).toContain('delete it');
		expect(refused.output).not.toContain('Unexpected end of JSON input\n');
	});

	it('a data directory that cannot be written', async () => {
		// A regular file where the directory should be: nothing can be created inside it.
		const parent = tempDir('notdir');
		writeFileSync(join(parent, 'data'), 'not a directory');
		const refused = await startServerExpectingRefusal(join(parent, 'data', 'tablee'));
		expect(refused.code).toBe(1);
		expect(refused.output).toContain('Tablée cannot start');
		expect(refused.output).toContain(join(parent, 'data', 'tablee'));
	});
});
