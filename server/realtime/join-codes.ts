/**
 * The rotating join code, live on the kitchen screen and the console: their sockets join
 * the meal's `codes:` room and get the current code (`joincode`) as they connect and each
 * time it changes. While at least one of them watches a meal, a timer asks for the code
 * when it is due, which rotates it (board/join-codes.ts); a meal nobody watches keeps its
 * code. Member sockets are never told the code: they are already in.
 */
import type { CurrentCode, JoinCodes } from '../board/join-codes.ts';
import type { Logger } from '../log.ts';
import type { TableeIO, TableeSocket } from './io.ts';

export const codesRoom = (mealId: string) => `codes:${mealId}`;

/** Past the rotation time, so the code is due when asked (clocks of two processes differ a little). */
const SLACK_MS = 250;
/** After a failed lookup (the database busy or down), when to ask again. */
const RETRY_MS = 15_000;

interface Watch {
	sockets: number;
	last: string | undefined;
	timer: ReturnType<typeof setTimeout> | undefined;
}

export function joinCodeWatch({
	io,
	codes,
	log,
	now = Date.now
}: {
	io: TableeIO;
	codes: JoinCodes;
	log: Logger;
	now?: () => number;
}): { onConnect(socket: TableeSocket): Promise<void>; close(): void } {
	const watched = new Map<string, Watch>();

	function schedule(mealId: string, watch: Watch, delayMs: number) {
		clearTimeout(watch.timer);
		watch.timer = setTimeout(() => void tick(mealId), delayMs);
		watch.timer.unref?.();
	}

	function announce(mealId: string, watch: Watch, current: CurrentCode) {
		if (current.code !== watch.last) {
			watch.last = current.code;
			io.to(codesRoom(mealId)).emit('joincode', current);
		}
		schedule(mealId, watch, Math.max(0, current.rotatesAt - now()) + SLACK_MS);
	}

	async function tick(mealId: string) {
		const watch = watched.get(mealId);
		if (!watch) return;
		try {
			const current = await codes.current(mealId);
			if (current && watched.get(mealId) === watch) announce(mealId, watch, current);
		} catch (error) {
			log.error('join code rotation failed', { mealId, error: String(error) });
			if (watched.get(mealId) === watch) schedule(mealId, watch, RETRY_MS);
		}
	}

	return {
		async onConnect(socket: TableeSocket) {
			const { role, mealId } = socket.data;
			if (role !== 'screen' && role !== 'master') return;
			await socket.join(codesRoom(mealId));
			const watch = watched.get(mealId) ?? { sockets: 0, last: undefined, timer: undefined };
			watched.set(mealId, watch);
			watch.sockets++;
			socket.on('disconnect', () => {
				if (--watch.sockets > 0) return;
				clearTimeout(watch.timer);
				if (watched.get(mealId) === watch) watched.delete(mealId);
			});
			let current: CurrentCode | undefined;
			try {
				current = await codes.current(mealId);
			} catch (error) {
				// The screen still opens, with the code its handshake read; the timer tries again.
				log.error('join code lookup failed', { mealId, error: String(error) });
				if (watched.get(mealId) === watch) schedule(mealId, watch, RETRY_MS);
				return;
			}
			if (!current) return;
			// The welcome that follows carries it too.
			socket.data.joinCode = current.code;
			const known = current.code === watch.last;
			// A new code goes to the whole room, this socket included; a known one to this socket.
			announce(mealId, watch, current);
			if (known) socket.emit('joincode', current);
		},

		close() {
			for (const watch of watched.values()) clearTimeout(watch.timer);
			watched.clear();
		}
	};
}
