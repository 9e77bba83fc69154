/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
/**
 * The app shell kept on the phone, so the board opens at once on a second visit and opens
 * at all without a network (showing the board the phone last saw, from its own storage).
 * The built JavaScript, CSS and static files are cached at install; pages are fetched
 * from the network first and fall back to the last copy. The live connection, the API
 * and anything from another origin are never touched.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `tablee-${version}`;
const SHELL = [...build, ...files];

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(CACHE)
			.then((cache) => cache.addAll(SHELL))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
			.then(() => sw.clients.claim())
	);
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	const url = new URL(request.url);
	if (request.method !== 'GET' || url.origin !== sw.location.origin) return;
	if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io/')) return;

	if (SHELL.includes(url.pathname)) {
		// Immutable build files and static assets: the cached copy is the right one.
		event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
		return;
	}
	if (request.mode === 'navigate') {
		event.respondWith(
			(async () => {
				const cache = await caches.open(CACHE);
				try {
					const response = await fetch(request);
					// Every page is the same client-rendered shell; keep the latest per address.
					if (response.ok) await cache.put(request, response.clone());
					return response;
				} catch (error) {
					const cached = (await cache.match(request)) ?? (await cache.match('/'));
					if (cached) return cached;
					throw error;
				}
			})()
		);
	}
});
