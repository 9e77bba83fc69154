/**
 * A WebSocket class for BoardConnection's `socket.WebSocket` option that keeps every frame
 * the server sends, as it came off the wire (tests that count bytes or frames).
 */
import { WebSocket } from 'ws';
import type { WebSocketClass } from '../../src/lib/client/lean-socket.ts';

export interface Frame {
	/** The frame's payload: text, or the bytes of a binary frame. */
	data: string | Buffer;
	/** The payload's length in bytes. */
	length: number;
}

export function tappedWebSocket(): { WebSocket: WebSocketClass; frames: Frame[] } {
	const frames: Frame[] = [];
	class Tapped extends WebSocket {
		constructor(...args: ConstructorParameters<typeof WebSocket>) {
			super(...args);
			// ws hands listeners an ArrayBuffer once the client sets binaryType 'arraybuffer'.
			this.on('message', (data: Buffer | ArrayBuffer, isBinary: boolean) => {
				const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
				frames.push({ data: isBinary ? bytes : bytes.toString('utf8'), length: bytes.length });
			});
		}
	}
	return { WebSocket: Tapped as unknown as WebSocketClass, frames };
}
