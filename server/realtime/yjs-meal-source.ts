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
} {
	/** Connections opened with a `screen:link` key, per meal. */
	const linked = new Map<string, Set<Subscriber>>();

	return {
		async open({ id, query }) {
			const auth = { v: PROTOCOL_VERSION, role: 'screen', mealId: id, key: query.get('key') ?? '' };
			const result = await authenticate({ storage, sessions }, auth);
			if (!result.ok) return { ok: false, code: result.code };
			const session = await sessions.retain(id);
			const release = () => sessions.release(session);
			if (!result.data.screenLink) return { ok: true, doc: session, release };
			const doc = {
				syncStep2: (stateVector: Uint8Array) => session.syncStep2(stateVector),
				subscribe(subscriber: Subscriber) {
					let set = linked.get(id);
					if (!set) linked.set(id, (set = new Set()));
					set.add(subscriber);
					const unsubscribe = session.subscribe(subscriber);
					return () => {
						unsubscribe();
						set.delete(subscriber);
						if (set.size === 0 && linked.get(id) === set) linked.delete(id);
					};
				}
			};
			return { ok: true, doc, release };
		},

		revokeLinks(mealId) {
			for (const subscriber of [...(linked.get(mealId) ?? [])]) subscriber.close('revoked');
		}
	};
}
