/**
 * What this device remembers, per meal: the member token (so a reload or a sleeping phone
 * comes back as the same person) and the join code (to send them back to the join page
 * if the token stops working). Never the Canteen Master's key: that lives only in the URL.
 */
export interface MemberIdentity {
	mealId: string;
	memberId: string;
	token: string;
	code?: string;
}

const identityKey = (mealId: string) => `tablee:member:${mealId}`;
const NAME_KEY = 'tablee:name';

function read(key: string): string | null {
	try {
		return localStorage.getItem(key);
	} catch {
		return null;
	}
}

function write(key: string, value: string | null): void {
	try {
		if (value === null) localStorage.removeItem(key);
		else localStorage.setItem(key, value);
	} catch {
		// Storage may be full or disabled; the page still works, it just won't remember.
	}
}

export function loadIdentity(mealId: string): MemberIdentity | undefined {
	const raw = read(identityKey(mealId));
	if (!raw) return undefined;
	try {
		const parsed = JSON.parse(raw) as Partial<MemberIdentity>;
		if (typeof parsed.token === 'string' && typeof parsed.memberId === 'string') {
			return { mealId, memberId: parsed.memberId, token: parsed.token, code: parsed.code };
		}
	} catch {
		// A damaged entry is as good as none.
	}
	return undefined;
}

export function saveIdentity(identity: MemberIdentity): void {
	write(identityKey(identity.mealId), JSON.stringify(identity));
}

export function forgetIdentity(mealId: string): void {
	write(identityKey(mealId), null);
}

/** The name typed last time, so a regular doesn't retype it every week. */
export function lastName(): { name: string; emoji: string } {
	try {
		const parsed = JSON.parse(read(NAME_KEY) ?? '{}') as { name?: unknown; emoji?: unknown };
		return {
			name: typeof parsed.name === 'string' ? parsed.name : '',
			emoji: typeof parsed.emoji === 'string' ? parsed.emoji : ''
		};
	} catch {
		return { name: '', emoji: '' };
	}
}

/** After a member erased themselves: this device keeps no name either. */
export function forgetName(): void {
	write(NAME_KEY, null);
}

export function rememberName(input: { name: string; emoji: string }): void {
	write(NAME_KEY, JSON.stringify(input));
}

/** The most recent meal this device joined, to offer a way back from the home page. */
export function knownMeals(): MemberIdentity[] {
	const found: MemberIdentity[] = [];
	try {
		for (let i = 0; i < localStorage.length; i++) {
			const key = localStorage.key(i);
			if (!key?.startsWith('tablee:member:')) continue;
			const identity = loadIdentity(key.slice('tablee:member:'.length));
			if (identity) found.push(identity);
		}
	} catch {
		// Storage unavailable: nothing to offer.
	}
	return found;
}

export function readHashKey(hash: string): string | undefined {
	const key = new URLSearchParams(hash.replace(/^#/, '')).get('key');
	return key && /^[A-Za-z0-9_-]{16,128}$/.test(key) ? key : undefined;
}

/** Join codes are forgiving: lowercase, spaces and dashes are fine. */
export function normalizeCode(input: string): string {
	return input.toUpperCase().replace(/[\s-]/g, '');
}

export function isPlausibleCode(code: string): boolean {
	return /^[A-Z0-9]{4,12}$/.test(code);
}

const DEVICE_KEY = 'tablee:device';

/**
 * A random id made once per browser and sent with each join, so a Canteen Master can block
 * this phone for the canteen (only its hash is stored). Clearing the browser's storage
 * makes a new one: it stops casual returns, not a determined person. Undefined if storage
 * is unavailable.
 */
export function deviceId(): string | undefined {
	const known = read(DEVICE_KEY);
	if (known && /^[A-Za-z0-9_-]{16,128}$/.test(known)) return known;
	try {
		const bytes = crypto.getRandomValues(new Uint8Array(24));
		const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
		write(DEVICE_KEY, id);
		return read(DEVICE_KEY) === id ? id : undefined;
	} catch {
		return undefined;
	}
}
