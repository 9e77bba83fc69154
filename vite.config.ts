import { sveltekit } from '@sveltejs/kit/vite';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The browser build takes a few lines for what Yjs uses of lib0's logging instead of the
 * module itself (src/lib/board-doc/lib0-logging.ts says why); server code keeps lib0's.
 */
function lightLib0Logging(): Plugin {
	const shim = fileURLToPath(new URL('./src/lib/board-doc/lib0-logging.ts', import.meta.url));
	return {
		name: 'tablee-light-lib0-logging',
		enforce: 'pre',
		resolveId(source, _importer, options) {
			return source === 'lib0/logging' && !options?.ssr ? shim : undefined;
		}
	};
}

export default defineConfig({
	plugins: [lightLib0Logging(), sveltekit()],
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: true,
				test: {
					name: 'server',
					environment: 'node',
					include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'tests/**/*.test.ts'],
					exclude: ['tests/browser/**'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'browser',
					environment: 'node',
					include: ['tests/browser/**/*.test.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
					// One Chromium at a time on a 2-core machine.
					fileParallelism: false
				}
			}
		]
	}
});
