/**
 * A meal's board as a read-only Yjs document for the raw WebSocket adapter (yjs-ws.ts):
 * `/yjs/meal/<mealId>?key=<kitchen-screen key>`. The key is checked exactly as a kitchen
 * screen's Socket.IO handshake checks it (the key derived from the master key, or one
 * issued by `screen:link` and not revoked); the connection holds the meal's session
 * loaded until it closes, and one that came with an issued key is closed when the links
 * are revoked (`revokeLinks`).
 */
import { PROTOCOL_VERSION } from '../../src/lib/protocol/version.ts';
import { authenticate } from '../auth/authenticate.ts';
import type { Subscriber } from '../session/meal-session.ts';
import type { MealSessions } from '../session/sessions.ts';
import type { Storage } from '../storage/storage.ts';
import type { ReadOnlyDocSource } from './yjs-ws.ts';

export function mealBoardSource({
	storage,
	sessions
}: {
	storage: Storage;
	sessions: MealSessions;
}): ReadOnlyDocSource & {
	revokeLinks(mealId: string): void;
	/** Closes every screen of the meal: its screen key was re-issued (planning/screen-key.ts). */
	revokeScreens(mealId: string): void;
} {
	/** Every screen connection per meal, and whether it came with a `screen:link` key. */
	const screens = new Map<string, Map<Subscriber, boolean>>();

	return {
		async open({ id, query }) {
			const auth = { v: PROTOCOL_VERSION, role: 'screen', mealId: id, key: query.get('key') ?? '' };
			const result = await authenticate({ storage, sessions }, auth);
			if (!result.ok) return { ok: false, code: result.code };
			const session = await sessions.retain(id);
			const release = () => sessions.release(session);
			const linked = result.data.screenLink === true;
			const doc = {
				syncStep2: (stateVector: Uint8Array) => session.syncStep2(stateVector),
				subscribe(subscriber: Subscriber) {
					let open = screens.get(id);
					if (!open) screens.set(id, (open = new Map()));
					open.set(subscriber, linked);
					const unsubscribe = session.subscribe(subscriber);
					return () => {
						unsubscribe();
						open.delete(subscriber);
						if (open.size === 0 && screens.get(id) === open) screens.delete(id);
					};
				}
			};
			return { ok: true, doc, release };
		},

		revokeLinks(mealId) {
			for (const [subscriber, linked] of [...(screens.get(mealId) ?? [])]) if (linked) subscriber.close('revoked');
		},

		revokeScreens(mealId) {
			for (const subscriber of [...(screens.get(mealId)?.keys() ?? [])]) subscriber.close('revoked');
		}
	};
}
