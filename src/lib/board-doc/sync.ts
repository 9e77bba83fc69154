/**
 * y-protocols sync messages as bytes. Over Socket.IO a sync step 2 travels as a binary
 * attachment and a board update as base64 text (docs/protocol.md says why); the raw
 * WebSocket adapter prefixes them with y-websocket's message type. The phone's local copy
 * of the board is base64 too (localStorage holds text).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

export const SYNC_STEP1 = syncProtocol.messageYjsSyncStep1;
export const SYNC_STEP2 = syncProtocol.messageYjsSyncStep2;
export const SYNC_UPDATE = syncProtocol.messageYjsUpdate;

export function toBase64(bytes: Uint8Array): string {
	if (typeof Buffer !== 'undefined') return Buffer.from(bytes).toString('base64');
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(s);
}

export function fromBase64(text: string): Uint8Array {
	if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(text, 'base64'));
	const s = atob(text);
	const out = new Uint8Array(s.length);
	for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
	return out;
}

export function encodeStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

/** Step 2 from an update the caller already has (e.g. a cached full state). */
export function encodeStep2(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, SYNC_STEP2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** A state vector of an empty document: the same bytes for every first-time phone. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
	return stateVector.length === 1 && stateVector[0] === 0;
}

/**
 * A `y` message as bytes: base64 text (board updates, see docs/protocol.md) or binary,
 * which Socket.IO hands over as a Buffer (Node), an ArrayBuffer (browser) or a view.
 */
export function asBytes(message: unknown): Uint8Array | undefined {
	if (typeof message === 'string') return fromBase64(message);
	if (message instanceof Uint8Array) return message;
	if (message instanceof ArrayBuffer) return new Uint8Array(message);
	return undefined;
}

/**
 * Reads a client's message. Only step 1 is accepted: clients never write the board, so a
 * step 2 or update from them is refused instead of applied.
 */
export function readClientStep1(
	message: Uint8Array
): { ok: true; stateVector: Uint8Array } | { ok: false; code: 'read_only' | 'bad_request' } {
	try {
		const decoder = decoding.createDecoder(message);
		const type = decoding.readVarUint(decoder);
		if (type === SYNC_STEP2 || type === SYNC_UPDATE) return { ok: false, code: 'read_only' };
		if (type !== SYNC_STEP1) return { ok: false, code: 'bad_request' };
		const stateVector = decoding.readVarUint8Array(decoder);
		// Throws on garbage: a state vector must decode before we answer from it.
		Y.decodeStateVector(stateVector);
		return { ok: true, stateVector };
	} catch {
		return { ok: false, code: 'bad_request' };
	}
}

/** Client side: applies a server step 2 or update to the local document; returns its type. */
export function applyServerMessage(doc: Y.Doc, message: Uint8Array, origin: unknown): number {
	const decoder = decoding.createDecoder(message);
	const type = decoding.readVarUint(decoder);
	if (type === SYNC_STEP2 || type === SYNC_UPDATE) {
		Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), origin);
	}
	return type;
}
