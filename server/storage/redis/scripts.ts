/**
 * The board log's Lua scripts. Redis runs a script atomically, which is what makes
 * compare-and-append and compaction safe between instances without any lock. Each script
 * takes the meal's two keys: KEYS[1] the board hash, KEYS[2] the updates stream.
 */
import { createHash } from 'node:crypto';
import { RESP_TYPES } from 'redis';
import type { RedisConnection } from './connection.ts';

export interface Script {
	source: string;
	sha1: string;
}

const script = (source: string): Script => ({ source, sha1: createHash('sha1').update(source).digest('hex') });

/** Returns seq, snapSeq, the snapshot (or 0 when there is none), then the updates after it. */
export const loadScript = script(`
local board = redis.call('HMGET', KEYS[1], 'seq', 'snapSeq', 'snap')
local out = { tonumber(board[1] or '0'), tonumber(board[2] or '0'), board[3] or 0 }
for _, entry in ipairs(redis.call('XRANGE', KEYS[2], '-', '+')) do
  out[#out + 1] = entry[2][2]
end
return out
`);

/** ARGV: expected seq, update. Returns {1, new seq} or {0, current seq}. */
export const appendScript = script(`
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
if seq ~= tonumber(ARGV[1]) then return { 0, seq } end
seq = seq + 1
redis.call('XADD', KEYS[2], seq .. '-0', 'u', ARGV[2])
redis.call('HSET', KEYS[1], 'seq', seq)
return { 1, seq }
`);

/** ARGV: seq, snapshot. Ignores a stale compaction; refuses one beyond the log. */
export const compactScript = script(`
local seq = tonumber(ARGV[1])
if redis.call('HEXISTS', KEYS[1], 'snap') == 1 and tonumber(redis.call('HGET', KEYS[1], 'snapSeq')) >= seq then
  return 0
end
if seq > tonumber(redis.call('HGET', KEYS[1], 'seq') or '0') then
  return redis.error_reply('cannot compact beyond the log')
end
redis.call('HSET', KEYS[1], 'snapSeq', seq, 'snap', ARGV[2])
redis.call('XTRIM', KEYS[2], 'MINID', (seq + 1) .. '-0')
return 1
`);

/** EVALSHA, loading the script on the first NOSCRIPT (a fresh or restarted Redis). */
export async function runScript<T>({
	client,
	script,
	keys,
	args
}: {
	client: RedisConnection;
	script: Script;
	keys: string[];
	args: (string | Buffer)[];
}): Promise<T> {
	const tail = [String(keys.length), ...keys, ...args];
	const options = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } };
	try {
		return await client.sendCommand<T>(['EVALSHA', script.sha1, ...tail], options);
	} catch (error) {
		if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
		return client.sendCommand<T>(['EVAL', script.source, ...tail], options);
	}
}
