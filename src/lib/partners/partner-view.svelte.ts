/**
 * The partner page's state: the figures of every canteen a partner link opens, read once
 * from the partner API (token in a header), then followed live on each canteen's
 * anonymised Yjs document through y-websocket's own provider
 * (`/yjs/partners/<canteenId>?key=<token>`, read-only on the server).
 */
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { CanteenFigures } from './figures.ts';

export interface PartnerCanteen {
	canteenId: string;
	name: string;
	figures: CanteenFigures;
}

export class PartnerView {
	canteens = $state.raw<PartnerCanteen[]>([]);
	/** An error code from the API (`unauthorized`, `link_expired`, `link_revoked`…), or `network`. */
	error = $state.raw<string | undefined>();
	loaded = $state.raw(false);
	/** Whether every canteen's live feed is connected. */
	live = $state.raw(false);
	#token: string;
	#providers: WebsocketProvider[] = [];

	constructor({ token }: { token: string }) {
		this.#token = token;
	}

	async load(): Promise<void> {
		try {
			const res = await fetch('/api/partners/figures', { headers: { authorization: `Bearer ${this.#token}` } });
			const body = (await res.json()) as { canteens?: PartnerCanteen[]; code?: string };
			if (!res.ok) this.error = body.code ?? 'internal';
			else {
				this.canteens = body.canteens ?? [];
				this.error = undefined;
				this.#follow();
			}
		} catch {
			this.error = 'network';
		} finally {
			this.loaded = true;
		}
	}

	#follow(): void {
		const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs/partners`;
		// Not reactive on purpose: only `live`, derived from it, is shown.
		const connected: Record<string, boolean> = {};
		for (const { canteenId } of this.canteens) {
			const doc = new Y.Doc();
			const provider = new WebsocketProvider(base, canteenId, doc, { params: { key: this.#token }, disableBc: true });
			provider.on('status', ({ status }) => {
				connected[canteenId] = status === 'connected';
				this.live = this.canteens.every((c) => connected[c.canteenId]);
			});
			const figures = doc.getMap<unknown>('figures');
			figures.observe(() => {
				// The document carries exactly the figures of the JSON API, key by key.
				const { name: _name, ...rest } = figures.toJSON() as Record<string, unknown>;
				if ('presentNow' in rest) this.update(canteenId, rest as unknown as CanteenFigures);
			});
			this.#providers.push(provider);
		}
	}

	close(): void {
		for (const provider of this.#providers.splice(0)) provider.destroy();
	}

	/** Replaces one canteen's figures (a live update). */
	update(canteenId: string, figures: CanteenFigures): void {
		this.canteens = this.canteens.map((c) => (c.canteenId === canteenId ? { ...c, figures } : c));
	}
}
