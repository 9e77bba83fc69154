import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	// No `window.__svelte.v` on every page: a version stamp no one reads, in the phone's first load.
	compilerOptions: { discloseVersion: false },
	kit: {
		// The Node server in server/ mounts build/handler.js beside Socket.IO on one port.
		adapter: adapter({ out: 'build' }),
		// Absolute asset paths: the service worker may answer any page offline with the shell
		// it kept for another address, whose relative paths would point elsewhere.
		paths: { relative: false },
		// SvelteKit nonces its own bootstrap script; nothing else may run. Inline style
		// attributes are allowed (components set widths and colours through them).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
