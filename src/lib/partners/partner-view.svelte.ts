/**
 * The partner page's state: the figures of every canteen a partner link opens, read from
 * the partner API with the token from the link's fragment (sent in a header, never in a
 * URL the server logs).
 */
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
	#token: string;

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
			}
		} catch {
			this.error = 'network';
		} finally {
			this.loaded = true;
		}
	}

	/** Replaces one canteen's figures (a live update). */
	update(canteenId: string, figures: CanteenFigures): void {
		this.canteens = this.canteens.map((c) => (c.canteenId === canteenId ? { ...c, figures } : c));
	}
}
