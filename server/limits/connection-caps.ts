/**
 * How many live Socket.IO connections one member token and one address may hold. A phone
 * needs one (two while a tab reloads); the cap per address leaves room for a kitchen's
 * whole Wi-Fi behind one router. Refused at the handshake with too_many_connections.
 * Counted in this process by default; with several instances, in Redis across all of
 * them (server/scale/connections.ts), so a member cannot hold four on each.
 */
export interface ConnectionRules {
	perMember: number;
	perAddress: number;
}

export const CONNECTION_RULES: ConnectionRules = { perMember: 4, perAddress: 150 };

export type Admitted = { ok: true; release(): void } | { ok: false; reason: 'member' | 'address' };

/** Where live connections are counted: this process, or every instance (Redis). */
export interface ConnectionCounts {
	admit(input: { address: string; member?: string; rules: ConnectionRules }): Promise<Admitted>;
}

export function createConnectionCaps(rules: ConnectionRules = CONNECTION_RULES, counts = memoryConnectionCounts()) {
	return {
		rules,
		admit: ({ address, member }: { address: string; member?: string }): Promise<Admitted> =>
			counts.admit({ address, ...(member !== undefined ? { member } : {}), rules })
	};
}

/** One process's counts (the embedded default). */
export function memoryConnectionCounts(): ConnectionCounts {
	const byMember = new Map<string, number>();
	const byAddress = new Map<string, number>();
	const add = (map: Map<string, number>, key: string, by: number) => {
		const n = (map.get(key) ?? 0) + by;
		if (n <= 0) map.delete(key);
		else map.set(key, n);
	};
	return {
		async admit({ address, member, rules }) {
			if (member !== undefined && (byMember.get(member) ?? 0) >= rules.perMember)
				return { ok: false, reason: 'member' };
			if ((byAddress.get(address) ?? 0) >= rules.perAddress) return { ok: false, reason: 'address' };
			if (member !== undefined) add(byMember, member, 1);
			add(byAddress, address, 1);
			let released = false;
			return {
				ok: true,
				release() {
					if (released) return;
					released = true;
					if (member !== undefined) add(byMember, member, -1);
					add(byAddress, address, -1);
				}
			};
		}
	};
}
