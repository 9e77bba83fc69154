/**
 * Every Redis key Tablée uses comes from `redisKey`, so the layout is in one place: a
 * configurable prefix (several deployments can share one Redis), then each part
 * URI-encoded so no meal id can forge a separator. A meal's keys share the hash tag
 * `{<meal>}`, which keeps them in one slot: the Lua scripts touch two of them at once.
 * Model: y-redis src/api.js (computeRedisRoomStreamName).
 *
 *   <prefix>:meal:{<meal>}:board    hash: seq, snapSeq, snap (the compacted board)
 *   <prefix>:meal:{<meal>}:updates  stream: one entry `<seq>-0` per update after the snapshot
 *   <prefix>:reader:<instance>      stream: wakes an instance's blocking reader when it subscribes
 *
 * What instances share besides the board (server/scale/):
 *
 *   <prefix>:instances                 zset: instance → end of its lease (ms), renewed by its heartbeat
 *   <prefix>:meal:{<meal>}:presence    hash: `<instance>|<member>` → 1, a member connected there
 *   <prefix>:meal:{<meal>}:online      hash: member → how many instances hold them
 *   <prefix>:meal:{<meal>}:servers     set: instances with presence fields for the meal
 *   <prefix>:meal:{<meal>}:ack:<key>   string: a command's answer by (actor, command, cid)
 *   <prefix>:meal:{<meal>}:net:<tag>   hash: a network's members, cap and refusals (join guard)
 *   <prefix>:conns:<kind>:<key>        zset: live connections (`<instance>|<socket>`) per member or address
 *   <prefix>:rl:<limit>:<key>          rate-limiter-flexible's counters (its own layout after the prefix)
 *   <prefix>:network-tag-key           string: the key of the networks' short tags, the same on every instance
 */
export type RedisKey =
	| { kind: 'board'; mealId: string }
	| { kind: 'updates'; mealId: string }
	| { kind: 'reader'; instanceId: string }
	| { kind: 'instances' }
	| { kind: 'presence' | 'online' | 'servers'; mealId: string }
	| { kind: 'ack'; mealId: string; key: string }
	| { kind: 'net'; mealId: string; network: string }
	| { kind: 'conns'; per: 'member' | 'address'; key: string }
	| { kind: 'rl' }
	| { kind: 'network-tag-key' };

export function redisKey({ prefix, key }: { prefix: string; key: RedisKey }): string {
	const p = encodeURIComponent(prefix);
	switch (key.kind) {
		case 'board':
		case 'updates':
			return `${p}:meal:{${encodeURIComponent(key.mealId)}}:${key.kind}`;
		case 'reader':
			return `${p}:reader:${encodeURIComponent(key.instanceId)}`;
		case 'instances':
			return `${p}:instances`;
		case 'presence':
		case 'online':
		case 'servers':
			return `${p}:meal:{${encodeURIComponent(key.mealId)}}:${key.kind}`;
		case 'ack':
			return `${p}:meal:{${encodeURIComponent(key.mealId)}}:ack:${encodeURIComponent(key.key)}`;
		case 'net':
			return `${p}:meal:{${encodeURIComponent(key.mealId)}}:net:${encodeURIComponent(key.network)}`;
		case 'conns':
			return `${p}:conns:${key.per}:${encodeURIComponent(key.key)}`;
		case 'rl':
			return `${p}:rl`;
		case 'network-tag-key':
			return `${p}:network-tag-key`;
	}
}
