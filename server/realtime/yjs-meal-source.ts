/**
 * A meal's board as a read-only Yjs document for the raw WebSocket adapter (yjs-ws.ts):
 * `/yjs/meal/<mealId>?key=<kitchen-screen key>`. The key is checked exactly as a kitchen
 * screen's Socket.IO handshake checks it (the key derived from the master key, or one
 * issued by `screen:link` and not revoked); the connection holds the meal's session
 * loaded until it closes.
 */
import { PROTOCOL_VERSION } from '../../src/lib/protocol/version.ts';
import { authenticate } from '../auth/authenticate.ts';
import type { MealSessions } from '../session/sessions.ts';
import type { Store } from '../storage/store.ts';
import type { ReadOnlyDocSource } from './yjs-ws.ts';

export function mealBoardSource({ store, sessions }: { store: Store; sessions: MealSessions }): ReadOnlyDocSource {
	return {
		async open({ id, query }) {
			const auth = { v: PROTOCOL_VERSION, role: 'screen', mealId: id, key: query.get('key') ?? '' };
			const result = await authenticate({ store, sessions }, auth);
			if (!result.ok) return { ok: false, code: result.code };
			const session = await sessions.retain(id);
			return { ok: true, doc: session, release: () => sessions.release(session) };
		}
	};
}
