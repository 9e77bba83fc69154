/** A network that refuses WebSocket, as some do: for the long-polling fallback's tests. */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Forwards plain HTTP to `target`; refuses every WebSocket upgrade, as some networks do. */
export async function upgradeRefusingProxy(target: string): Promise<{ url: string; server: Server }> {
	const { hostname, port } = new URL(target);
	const server = createServer((req, res) => {
		const upstream = request({ hostname, port, path: req.url, method: req.method, headers: req.headers }, (up) => {
			res.writeHead(up.statusCode ?? 502, up.headers);
			up.pipe(res);
		});
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	server.on('upgrade', (_req, socket) => socket.destroy());
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
