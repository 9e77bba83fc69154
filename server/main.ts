/** `npm start`: the built SvelteKit app and the realtime server on one port. */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RequestHandler } from './app.ts';
import { boot } from './boot.ts';
import { readConfig } from './config.ts';

// Works from server/ (tsx) and from dist-server/server/ (built).
const root = fileURLToPath(new URL(import.meta.url.includes('/dist-server/') ? '../../' : '../', import.meta.url));

async function loadApp(): Promise<RequestHandler | undefined> {
	const handlerFile = `${root}build/handler.js`;
	if (!existsSync(handlerFile)) {
		console.warn('build/handler.js is missing: serving /api and Socket.IO only. Run `npm run build` for the pages.');
		return undefined;
	}
	// adapter-node assumes https unless told where the protocol is; app.ts sets this header
	// to "http" on direct requests and keeps a proxy's value. ORIGIN, if set, still wins.
	process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
	const mod = (await import(pathToFileURL(handlerFile).href)) as { handler: RequestHandler };
	return mod.handler;
}

try {
	const config = readConfig(process.env);
	await boot(config, await loadApp());
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
}
