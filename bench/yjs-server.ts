/**
 * Child process: `@y/websocket-server` 0.1.1 (pinned exactly in package.json) as its own
 * `y-websocket-server` binary runs it (src/server.js: an HTTP server, `ws` in noServer mode,
 * `setupWSConnection` per upgrade, the room named by the URL path, no persistence), on a
 * free port of 127.0.0.1. The only addition: every room starts with a copy of a Tablée
 * board (the parent sends it over IPC once one meal has its 80 members), so both servers
 * carry documents of the same shape and size.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { setContentInitializor, setupWSConnection } from '@y/websocket-server/utils';
import * as Y from 'yjs';
import { serveChild } from './child.ts';

// The `ws` the package itself resolves (its own optional dependency), as its binary uses.
const requireFromPackage = createRequire(import.meta.resolve('@y/websocket-server/utils'));
const { Server: WebSocketServer } = requireFromPackage('ws') as { Server: typeof import('ws').WebSocketServer };

let template: Uint8Array | undefined;
process.on('message', (message: { type: string; update?: string; id?: number }) => {
	if (message.type !== 'board' || !message.update) return;
	template = new Uint8Array(Buffer.from(message.update, 'base64'));
	process.send?.({ type: 'board', id: message.id });
});
// Runs in the WSSharedDoc constructor, before the first client is sent sync step 1.
setContentInitializor(async (doc: Y.Doc) => {
	if (template) Y.applyUpdate(doc, template);
});

const wss = new WebSocketServer({ noServer: true });
const server = createServer((_request, response) => {
	response.writeHead(200, { 'Content-Type': 'text/plain' });
	response.end('okay');
});
wss.on('connection', setupWSConnection);
server.on('upgrade', (request, socket, head) => {
	wss.handleUpgrade(request, socket, head, (ws) => {
		wss.emit('connection', ws, request);
	});
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

serveChild({ port }, async () => {
	for (const client of wss.clients) client.terminate();
	await new Promise<void>((resolve) => server.close(() => resolve()));
});
