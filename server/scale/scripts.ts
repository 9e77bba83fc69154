/**
 * The Lua scripts behind what instances share (presence, connection counts, networks'
 * joins). Redis runs each atomically: two instances can never both take the last place
 * under a cap, or both miss that a member left. They assume one Redis primary (replicas
 * allowed): a script also reads the instances' registry, outside the meal's hash slot.
 */
import { createHash } from 'node:crypto';
import type { RedisConnection } from '../storage/redis/connection.ts';

export interface Script {
	source: string;
	sha1: string;
}

const script = (source: string): Script => ({ source, sha1: createHash('sha1').update(source).digest('hex') });

export async function runScript<T>(client: RedisConnection, s: Script, keys: string[], args: string[]): Promise<T> {
	const tail = [String(keys.length), ...keys, ...args];
	try {
		return await client.sendCommand<T>(['EVALSHA', s.sha1, ...tail]);
	} catch (error) {
		if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
		return client.sendCommand<T>(['EVAL', s.source, ...tail]);
	}
}

/**
 * Presence of one meal. KEYS: the instances' registry (zset: instance → lease end, ms),
 * the meal's fields (hash: `<instance>|<member>` → 1), its online counts (hash: member →
 * instances holding them), its servers (set of instances with fields).
 * ARGV: now, this instance, how many joined, the joined, then the left, then the keys' TTL (ms).
 * First drops the members of every instance whose lease ended (SIGKILLed, or closed);
 * then adds this instance's joined (idempotent: a heartbeat re-asserts them all) and
 * removes its left. Answers [joined, left] for the meal as a whole: a member counts as
 * joined when the first instance holds them, left when the last lets go.
 */
export const presenceScript = script(`
local now = tonumber(ARGV[1])
local me = ARGV[2]
local nJoined = tonumber(ARGV[3])
local ttl = ARGV[#ARGV]
local before, order = {}, {}
local function touch(member)
  if before[member] == nil then
    before[member] = redis.call('HEXISTS', KEYS[3], member)
    table.insert(order, member)
  end
end
local function drop(inst, member)
  touch(member)
  if redis.call('HDEL', KEYS[2], inst .. '|' .. member) == 1 then
    if redis.call('HINCRBY', KEYS[3], member, -1) <= 0 then redis.call('HDEL', KEYS[3], member) end
  end
end
for _, inst in ipairs(redis.call('SMEMBERS', KEYS[4])) do
  if inst ~= me then
    local lease = redis.call('ZSCORE', KEYS[1], inst)
    if not lease or tonumber(lease) < now then
      local prefix = inst .. '|'
      for _, field in ipairs(redis.call('HKEYS', KEYS[2])) do
        if string.sub(field, 1, #prefix) == prefix then drop(inst, string.sub(field, #prefix + 1)) end
      end
      redis.call('SREM', KEYS[4], inst)
    end
  end
end
for i = 4, 3 + nJoined do
  local member = ARGV[i]
  touch(member)
  if redis.call('HSETNX', KEYS[2], me .. '|' .. member, '1') == 1 then redis.call('HINCRBY', KEYS[3], member, 1) end
end
if nJoined > 0 then redis.call('SADD', KEYS[4], me) end
for i = 4 + nJoined, #ARGV - 1 do drop(me, ARGV[i]) end
for k = 2, 4 do redis.call('PEXPIRE', KEYS[k], ttl) end
local joined, left = {}, {}
for _, member in ipairs(order) do
  local online = redis.call('HEXISTS', KEYS[3], member)
  if before[member] == 0 and online == 1 then table.insert(joined, member) end
  if before[member] == 1 and online == 0 then table.insert(left, member) end
end
return { joined, left }
`);

/**
 * A place for one more member from a network in a meal. KEYS: the network's members (set),
 * its joins being written (zset: hold → expiry, so a crashed instance's holds lapse), its
 * state (hash: cap, refused). ARGV: now, hold ms, default cap, hold id, keys' TTL (ms).
 * Answers [1, 0, cap] with the place held, or [0, refusals, cap].
 */
export const networkAdmitScript = script(`
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local cap = tonumber(redis.call('HGET', KEYS[3], 'cap') or ARGV[3])
for k = 1, 3 do redis.call('PEXPIRE', KEYS[k], ARGV[5]) end
if redis.call('SCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2]) >= cap then
  local refused = redis.call('HINCRBY', KEYS[3], 'refused', 1)
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
  return { 0, refused, cap }
end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return { 1, 0, cap }
`);

/** Ends a hold (same KEYS); ARGV: hold id, then the member who joined, if one did. */
export const networkSettleScript = script(`
if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 and ARGV[2] then
  redis.call('SADD', KEYS[1], ARGV[2])
end
return 1
`);

/** The Canteen Master lets more in (same KEYS); ARGV: more, default cap, keys' TTL. Answers the new cap. */
export const networkAllowScript = script(`
local cap = tonumber(redis.call('HGET', KEYS[3], 'cap') or ARGV[2])
cap = math.max(cap, redis.call('SCARD', KEYS[1])) + tonumber(ARGV[1])
redis.call('HSET', KEYS[3], 'cap', cap, 'refused', 0)
redis.call('PEXPIRE', KEYS[3], ARGV[3])
return cap
`);

/**
 * One more live connection, under both caps, counted on every instance. KEYS: the
 * instances' registry, the member's connections (zset, or '' for none), the address's.
 * Members are `<instance>|<connection>`; those of an instance whose lease ended are
 * dropped first (it was SIGKILLed: its connections are gone). ARGV: now, connection
 * (`<instance>|<id>`), cap per member, cap per address, keys' TTL (ms).
 * Answers 'ok', 'member' or 'address'.
 */
export const connectionAdmitScript = script(`
local now = tonumber(ARGV[1])
local alive = {}
local function live(key)
  for _, m in ipairs(redis.call('ZRANGE', key, 0, -1)) do
    local inst = string.match(m, '^(.-)|')
    if alive[inst] == nil then
      local lease = redis.call('ZSCORE', KEYS[1], inst)
      alive[inst] = lease ~= false and lease ~= nil and tonumber(lease) >= now
    end
    if not alive[inst] then redis.call('ZREM', key, m) end
  end
  return redis.call('ZCARD', key)
end
if KEYS[2] ~= '' and live(KEYS[2]) >= tonumber(ARGV[3]) then return 'member' end
if live(KEYS[3]) >= tonumber(ARGV[4]) then return 'address' end
for k = 2, 3 do
  if KEYS[k] ~= '' then
    redis.call('ZADD', KEYS[k], now, ARGV[2])
    redis.call('PEXPIRE', KEYS[k], ARGV[5])
  end
end
return 'ok'
`);
