/**
 * A small real filesystem of its own (tmpfs, mounted as root, which this project's
 * machines and CI are), so a test can fill the disk under a running server and free it
 * again. Unmounted after the test file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export function mountTmpfs({ sizeKb }: { sizeKb: number }): string {
	const dir = mkdtempSync(join(tmpdir(), 'tablee-tmpfs-'));
	execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir]);
	afterAll(() => {
		execFileSync('umount', ['-l', dir]);
		rmSync(dir, { recursive: true, force: true });
	});
	return dir;
}
