/**
 * `npm run backup` while the server runs and writes, then a lost data directory, then
 * `npm run restore` and a start: what the backup held is back, what came after is not,
 * and the files that were in the way are kept aside. All through the real commands.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, joinMember } from '../helpers/server.ts';
import { readDemoLinks, runToExit, startServerProcess } from '../helpers/process.ts';

const backupCli = (command: 'backup' | 'restore', dataDir: string, arg?: string) =>
	runToExit(['server/ops/backup-cli.ts', command, ...(arg ? [arg] : [])], { DATA_DIR: dataDir });

describe('backup and restore', () => {
	const root = mkdtempSync(join(tmpdir(), 'tablee-backup-'));
	afterAll(() => rmSync(root, { recursive: true, force: true }));

	it('backs up a running server and restores it into a lost data directory', async () => {
		const dataDir = join(root, 'data');
		const backups = join(root, 'backups');
		const server = await startServerProcess(dataDir);
		const links = readDemoLinks(dataDir);
		const before = [];
		for (let i = 0; i < 5; i++) before.push(await joinMember(server.url, links.code, `Avant ${i}`));

		// While the server runs, with joins still coming in.
		const [backup] = await Promise.all([
			backupCli('backup', dataDir, backups),
			joinMember(server.url, links.code, 'Pendant')
		]);
		expect(backup.code, backup.output).toBe(0);
		const file = /written: (\S+\.db)/.exec(backup.output)?.[1];
		expect(file).toBeDefined();
		expect(readdirSync(backups)).toEqual([file!.split('/').at(-1)]);

		// A restore refuses while the server holds the directory.
		const busy = await backupCli('restore', dataDir, file);
		expect(busy.code).toBe(1);
		expect(busy.output).toContain('another Tablée process');

		const after = await joinMember(server.url, links.code, 'Après');
		await server.kill('SIGKILL');

		// The disk is replaced: the database and its WAL are gone, the rest survived.
		rmSync(join(dataDir, 'tablee.db'));
		rmSync(join(dataDir, 'tablee.db-wal'));
		rmSync(join(dataDir, 'tablee.db-shm'), { force: true });
		const restored = await backupCli('restore', dataDir, file);
		expect(restored.code, restored.output).toBe(0);
		expect(restored.output).toContain('Restored installation');

		const again = await startServerProcess(dataDir);
		expect(readDemoLinks(dataDir)).toEqual(links);
		for (const m of before) {
			const conn = await connect(again.url, { role: 'member', mealId: m.mealId, token: m.token });
			expect(conn.welcome).toMatchObject({ memberId: m.memberId });
			conn.close();
		}
		const master = await connect(again.url, { role: 'master', mealId: links.mealId, key: links.masterKey });
		expect(master.state.members.has(after.memberId)).toBe(false);
		master.close();

		// Restoring over a live installation's files keeps them aside rather than deleting them.
		await again.kill('SIGTERM');
		const over = await backupCli('restore', dataDir, file);
		expect(over.code, over.output).toBe(0);
		const aside = /kept in (\S+)\./.exec(over.output)?.[1];
		expect(aside && existsSync(join(aside, 'tablee.db'))).toBe(true);
		const third = await startServerProcess(dataDir);
		await third.kill('SIGTERM');
	});

	it('refuses a file that is not a Tablée backup', async () => {
		const dataDir = join(root, 'other');
		const result = await backupCli('restore', dataDir, join(root, 'nothing-here.db'));
		expect(result.code).toBe(1);
		expect(result.output).toContain('this backup file does not exist');
	});
});
