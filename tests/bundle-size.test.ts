/**
 * A budget for the JavaScript a phone downloads. Members open the board on cheap phones
 * over kitchen Wi-Fi, so growth here should be a decision, not an accident.
 *
 * Measured (vite build, gzip level 9, all of build/client/_app/immutable/**\/*.js):
 *   21 files, 280 212 bytes raw, 98 716 bytes gzipped — most of it socket.io-client and
 *   Yjs, which the live board needs. Budget = measured + ~20% headroom.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuild } from './browser/build.ts';

const root = resolve(import.meta.dirname, '..');
const immutable = join(root, 'build/client/_app/immutable');
const BUDGET_GZIP_BYTES = 120_000;

function jsFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return jsFiles(path);
		return path.endsWith('.js') ? [path] : [];
	});
}

describe('client bundle', () => {
	// Builds when missing or older than the sources, so the numbers are about this code.
	beforeAll(() => ensureBuild(), 120_000);

	it(`stays under ${BUDGET_GZIP_BYTES} bytes of gzipped JavaScript`, () => {
		const files = jsFiles(immutable);
		expect(files.length).toBeGreaterThan(0);
		const total = files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
		expect(total).toBeLessThan(BUDGET_GZIP_BYTES);
	});
});
