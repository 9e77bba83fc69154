import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// The Node server in server/ mounts build/handler.js beside Socket.IO on one port.
		adapter: adapter({ out: 'build' })
	}
};

export default config;
