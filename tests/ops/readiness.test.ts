/**
 * A full disk under a running server: /readyz turns 503 while writes fail, the phone's
 * change is answered `saving_paused` (its own words in both languages), /healthz stays up,
 * and everything recovers by itself once there is room again. The disk is a real small
 * tmpfs, filled by a real file.
 */
import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { en } from '../../src/lib/i18n/en.ts';
import { fr } from '../../src/lib/i18n/fr.ts';
import { connect, joinMember } from '../helpers/server.ts';
import { readDemoLinks, startServerProcess } from '../helpers/process.ts';
import { mountTmpfs } from '../helpers/tmpfs.ts';

/** Writes until the filesystem says ENOSPC. */
function fillDisk(file: string) {
	const fd = openSync(file, 'w');
	const chunk = Buffer.alloc(64 * 1024, 1);
	try {
		for (let size = chunk.length; size >= 512;) {
			try {
				writeSync(fd, chunk, 0, size);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
				size /= 2;
			}
		}
	} finally {
		closeSync(fd);
	}
}

describe('readiness reflects write failures', () => {
	it('answers 503 on /readyz and saving_paused to the phone while the disk is full, then recovers', async () => {
		const dataDir = join(mountTmpfs({ sizeKb: 8 * 1024 }), 'data');
		const server = await startServerProcess(dataDir, { TABLEE_CHECKPOINT_MS: '100' });
		const links = readDemoLinks(dataDir);
		const joined = await joinMember(server.url, links.code, 'Jeanne');
		const phone = await connect(server.url, { role: 'member', mealId: joined.mealId, token: joined.token });
		expect(await phone.send('member:checkin', {})).toEqual({ ok: true });
		expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

		// Once the WAL is folded in and emptied, the next change needs new blocks: none left.
		await vi.waitFor(() => expect(statSync(join(dataDir, 'tablee.db-wal')).size).toBe(0));
		const filler = join(dataDir, '..', 'filler');
		fillDisk(filler);
		const task = [...phone.state.tasks.values()][0]!;
		const refused = await phone.send('task:claim', { taskId: task.id });
		expect(refused).toMatchObject({ ok: false, code: 'saving_paused' });
		expect(en['error.saving_paused']).toMatch(/Saving is paused/);
		expect(fr['error.saving_paused']).toMatch(/Enregistrement en pause/);

		const ready = await fetch(`${server.url}/readyz`);
		expect(ready.status).toBe(503);
		expect(await ready.json()).toMatchObject({ ok: false, code: 'saving_paused', cause: 'SQLITE_FULL' });
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		const join2 = await fetch(`${server.url}/api/join/${links.code}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Paul' })
		});
		expect(join2.status).toBe(503);
		expect(await join2.json()).toMatchObject({ code: 'saving_paused' });

		rmSync(filler);
		await vi.waitFor(async () => expect((await fetch(`${server.url}/readyz`)).status).toBe(200));
		expect(await phone.send('task:claim', { taskId: task.id })).toEqual({ ok: true });
		phone.close();
		await server.kill('SIGTERM');
	});
});
