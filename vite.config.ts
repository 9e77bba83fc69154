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

/**
 * engine.io-client's default transports in the browser build are WebSocket and
 * long-polling only: its own list also imports WebTransport, which Tablée never asks for
 * (`transports: ['websocket', 'polling']` in client/connection.ts), so about 0.4 kB gzip of
 * the member board's first load was code no phone runs. The polling fallback is unchanged
 * (tests/realtime/transport.test.ts, the browser tests). Server code keeps the package's list.
 */
function noWebTransport(): Plugin {
	const id = '\0tablee-engine-transports';
	const dir = fileURLToPath(new URL('./node_modules/engine.io-client/build/esm/transports/', import.meta.url));
	return {
		name: 'tablee-no-webtransport',
		enforce: 'pre',
		resolveId(source, importer, options) {
			if (options?.ssr || source !== './transports/index.js') return undefined;
			return importer && /engine\.io-client[\\/]build[\\/]esm[\\/](socket|index)\.js$/.test(importer) ? id : undefined;
		},
		load(loaded) {
			if (loaded !== id) return undefined;
			return [
				`import { XHR } from ${JSON.stringify(`${dir}polling-xhr.js`)};`,
				`import { WS } from ${JSON.stringify(`${dir}websocket.js`)};`,
				'export const transports = { websocket: WS, polling: XHR };'
			].join('\n');
		}
	};
}

export default defineConfig({
	plugins: [lightLib0Logging(), noWebTransport(), sveltekit()],
	test: {
		expect: { requireAssertions: true },
		// BoardConnection's WebSocket in Node: `ws`, as the browser has its own.
		setupFiles: ['tests/helpers/node-websocket.ts'],
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
