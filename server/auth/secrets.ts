/**
 * Secrets and identifiers. Member tokens and the Canteen Master / screen keys are random
 * 256-bit values shown once; only their SHA-256 is stored, compared in constant time.
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export function newSecret(): string {
	return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, expectedHash: string): boolean {
	const actual = Buffer.from(hashSecret(secret), 'hex');
	const expected = Buffer.from(expectedHash, 'hex');
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * The kitchen-screen key is derived from the master key, so the server can hand it to a
 * Canteen Master (who proved the master key) without storing any key in clear. The
 * projector then gets a read-only link, never the master key.
 */
export function deriveScreenKey(masterKey: string): string {
	return createHmac('sha256', masterKey).update('tablee:kitchen-screen:v1').digest('base64url');
}

const ID_ALPHABET = 'abcdefghijkmnopqrstuvwxyz23456789';

/** Short random ids for meals, members and tasks: unguessable enough, readable in logs. */
export function newId(prefix: string, length = 12): string {
	let s = prefix;
	for (let i = 0; i < length; i++) s += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
	return s;
}

/** No 0/O, 1/I/L, 5/S, 2/Z: a join code is read off a wall and typed with cold fingers. */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRTUVWXY346789';
export const JOIN_CODE_LENGTH = 6;

export function newJoinCode(): string {
	let s = '';
	for (let i = 0; i < JOIN_CODE_LENGTH; i++) s += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
	return s;
}
