/**
 * The browser tests drive the real production build, so they build it when it is
 * missing or older than the sources it came from.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RequestHandler } from '../../server/app.ts';

export const root = resolve(import.meta.dirname, '../..');
const handlerPath = join(root, 'build/handler.js');

function newestMtime(dir: string): number {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
	}
	return newest;
}

export function ensureBuild(): void {
	const stale =
		!existsSync(handlerPath) ||
		statSync(handlerPath).mtimeMs < Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'static')));
	// NODE_ENV=production: Vitest sets NODE_ENV=test, which the child would inherit, and Vite
	// then builds in development mode (unminified, Svelte's dev checks): tests would drive,
	// and tests/bundle-size.test.ts would weigh, a build no phone ever gets.
	if (stale) execSync('npx vite build', { cwd: root, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } });
}

export async function loadHandler(): Promise<RequestHandler> {
	ensureBuild();
	// As server/main.ts does: the protocol comes from the header app.ts sets.
	process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
	// Imported by URL: the build output has no types and must not go through Vite's transform.
	const mod = (await import(/* @vite-ignore */ pathToFileURL(handlerPath).href)) as { handler: RequestHandler };
	return mod.handler;
}
