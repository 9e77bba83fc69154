import { sveltekit } from '@sveltejs/kit/vite';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The browser build takes a few lines for what Yjs uses of lib0's logging and environment
 * modules instead of the modules themselves (src/lib/board-doc/lib0-logging.ts and
 * lib0-environment.ts say why); server code keeps lib0's.
 */
function lightLib0(): Plugin {
	const logging = fileURLToPath(new URL('./src/lib/board-doc/lib0-logging.ts', import.meta.url));
	const environment = fileURLToPath(new URL('./src/lib/board-doc/lib0-environment.ts', import.meta.url));
	return {
		name: 'tablee-light-lib0',
		enforce: 'pre',
		resolveId(source, importer, options) {
			if (options?.ssr) return undefined;
			if (source === 'lib0/logging') return logging;
			if (source === 'lib0/environment') return environment;
			// lib0's own modules (buffer.js) import it relatively.
			const inLib0 = importer && /[\\/]lib0[\\/][^\\/]+\.js$/.test(importer);
			return source === './environment.js' && inLib0 ? environment : undefined;
		}
	};
}

/**
 * engine.io-client's default transports in the browser build are WebSocket and
 * long-polling only: its own list also imports WebTransport, which Tablée never asks for.
 * engine.io-client is now only in the long-polling fallback's chunk (client/lean-socket.ts
 * loads socket.io-client where WebSocket is refused), about 0.4 kB gzip smaller for it.
 * (tests/realtime/transport.test.ts, tests/browser/polling-fallback.test.ts). Server code
 * keeps the package's list.
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

/**
 * The browser's Yjs without its text and XML types. Tablée's board and masters documents
 * hold only maps and arrays (src/lib/board-doc/doc.ts; tests/board-doc-types.test.ts walks
 * a full board to keep it so), yet Yjs's decoder table, `Doc.getText()`/`getXml*()` and the
 * end of every transaction name Y.Text and the Y.Xml* types, so their code (formatting,
 * deltas, tree walkers: about a quarter of Yjs) shipped in the member board's first load.
 * Here those names are cut: a text or XML type arriving in an update throws a clear error
 * instead of being decoded. Server code and tests keep the whole package. Each replaced
 * text must be found, so a Yjs release that moves them fails the build instead of
 * silently shipping the whole library again.
 */
function yjsMapsAndArrays(): Plugin {
	// One function, appended to the module (a hoisted declaration), named where the types were.
	const stub = 'tableeNoTextTypes';
	const declaration = `\nfunction ${stub}() { throw new Error('Tablée phones read maps and arrays only: no Y.Text or Y.Xml* (vite.config.ts)') }\n`;
	const cuts: [string, string][] = [
		// Line for line, so the source map (this transform gives none) still points at Yjs's lines.
		[
			'  readYText,\n  readYXmlElement,\n  readYXmlFragment,\n  readYXmlHook,\n  readYXmlText\n];',
			`  ${stub},\n  ${stub},\n  ${stub},\n  ${stub},\n  ${stub}\n];`
		],
		['return this.get(name, YText)', `return ${stub}()`],
		['(this.get(name, YXmlElement))', `(${stub}())`],
		['return this.get(name, YXmlFragment)', `return ${stub}()`],
		// Set only by Y.Text's formatting: never true without it.
		['cleanupYTextAfterTransaction(transaction);', '']
	];
	return {
		name: 'tablee-yjs-maps-and-arrays',
		enforce: 'pre',
		transform(code, id, options) {
			if (options?.ssr || !/[\\/]yjs[\\/]dist[\\/]yjs\.mjs$/.test(id)) return undefined;
			let cut = code;
			for (const [from, to] of cuts) {
				if (!cut.includes(from)) throw new Error(`yjsMapsAndArrays: Yjs changed, "${from}" is gone (vite.config.ts)`);
				cut = cut.replace(from, to);
			}
			return { code: cut + declaration, map: null };
		}
	};
}

export default defineConfig({
	plugins: [lightLib0(), noWebTransport(), yjsMapsAndArrays(), sveltekit()],
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
