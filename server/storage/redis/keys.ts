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
 */
export type RedisKey =
	{ kind: 'board'; mealId: string } | { kind: 'updates'; mealId: string } | { kind: 'reader'; instanceId: string };

export function redisKey({ prefix, key }: { prefix: string; key: RedisKey }): string {
	const p = encodeURIComponent(prefix);
	switch (key.kind) {
		case 'board':
		case 'updates':
			return `${p}:meal:{${encodeURIComponent(key.mealId)}}:${key.kind}`;
		case 'reader':
			return `${p}:reader:${encodeURIComponent(key.instanceId)}`;
	}
}
