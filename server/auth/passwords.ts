/**
 * Staff passwords, hashed with Node's built-in scrypt: memory-hard (an attacker with a
 * stolen database pays ~32 MiB per guess), and no native dependency to build. Each hash
 * carries its own parameters (`scrypt$N$r$p$salt$hash`), so they can be raised later
 * while old hashes keep verifying; `needsRehash` says when to upgrade one at login.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const PASSWORD_MIN_LENGTH = 10;
/** Beyond this, a "password" is an attempt to make the server hash megabytes. */
export const PASSWORD_MAX_LENGTH = 200;

export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 64;

/** scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is exactly that, so leave room. */
const maxmemFor = (N: number, r: number) => 128 * N * r * 2;

function derive(password: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
	const options: ScryptOptions = { N, r, p, maxmem: maxmemFor(N, r) };
	return new Promise((resolve, reject) =>
		scrypt(password.normalize('NFC'), salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key)))
	);
}

export async function hashPassword(password: string): Promise<string> {
	const { N, r, p } = SCRYPT_PARAMS;
	const salt = randomBytes(SALT_BYTES);
	const key = await derive(password, salt, N, r, p, KEY_BYTES);
	return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface Parsed {
	N: number;
	r: number;
	p: number;
	salt: Buffer;
	key: Buffer;
}

function parse(stored: string): Parsed | undefined {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
	const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
	// Refuse absurd parameters rather than let a corrupted row pin the CPU or the memory.
	const sane = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
	if (!sane(N, 2 ** 20) || (N & (N - 1)) !== 0 || !sane(r, 32) || !sane(p, 16)) return undefined;
	const salt = Buffer.from(parts[4]!, 'base64url');
	const key = Buffer.from(parts[5]!, 'base64url');
	if (salt.length < 8 || key.length < 16) return undefined;
	return { N, r, p, salt, key };
}

/** Constant-time comparison of the derived key; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parsed = parse(stored);
	if (!parsed || password.length > PASSWORD_MAX_LENGTH) return false;
	const key = await derive(password, parsed.salt, parsed.N, parsed.r, parsed.p, parsed.key.length);
	return timingSafeEqual(key, parsed.key);
}

/** True when the stored hash was made with weaker parameters than today's. */
export function needsRehash(stored: string): boolean {
	const parsed = parse(stored);
	if (!parsed) return true;
	return parsed.N < SCRYPT_PARAMS.N || parsed.r < SCRYPT_PARAMS.r || parsed.p < SCRYPT_PARAMS.p;
}

/**
 * A hash of a random password, verified against when the email is unknown, so a login
 * for a missing account takes as long as one with a wrong password.
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
	decoy ??= hashPassword(randomBytes(18).toString('base64url'));
	return decoy;
}
