/**
 * The conversation lock shared by every instance on one Redis (or cluster): a lease with an expiry
 * and a fencing token, renewed while the turn runs, and the turn's staged writes committed by one
 * script that first checks the lease is still this turn's (see conversation-lock.ts).
 *
 * Expiry times are read from the injected clock of the instance that takes the lease (instances'
 * clocks agree to well under the lease's length), so that tests move time instead of waiting.
 * The lock's key keeps the fence (`<fence>||0`) between turns, so that it only grows while the
 * conversation lives.
 *
 * Read-ahead: a turn reads the same keys of its conversation every time (the Direct Line document,
 * the engine's state), each once under the lease. The locks learn their shapes (the key with the
 * conversation's tag cut out) from the reads made under leases, and the script that takes the next
 * lease returns those keys' values with it: the turn then reads none of them from Redis. They are
 * read in the same script that took the lock, so they are what the turn would have read (nobody
 * else writes a held conversation's keys), and they share its slot in a cluster (hash tags).
 */
import type { Clock } from '../shared/clock.js';
import { ConversationBusyError, createLocks, type ConversationLocks, type Lease, type StagedWrite } from './conversation-lock.js';
import { luaScript, type RedisArg, type RedisLink } from './redis.js';
import { storeCall } from './unavailable.js';
import { createUniqueTokens } from './unique-tokens.js';

export interface RedisLocksOptions {
  link: RedisLink;
  /** Deployment prefix: the lock of a conversation is `<prefix>lock:<tag>`. */
  prefix: string;
  clock: Clock;
  /** How long a lease lasts without renewal: a killed holder blocks its conversation this long at most. */
  leaseMs?: number;
  /** How long a turn waits for a conversation another instance holds, then 503 (Retry-After 1). */
  waitMs?: number;
  /** The lock key (and its fence) is kept this long after the conversation's last turn. */
  keyTtlMs?: number;
  commandTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const ACQUIRE = luaScript(`
local v = redis.call('GET', KEYS[1])
local fence = 0
if v then
  local f, owner, exp = string.match(v, '^(%d+)|([^|]*)|(%d+)$')
  if f then
    fence = tonumber(f)
    if owner ~= '' and tonumber(exp) > tonumber(ARGV[2]) then return {0, tonumber(exp) - tonumber(ARGV[2])} end
  end
end
fence = fence + 1
redis.call('SET', KEYS[1], fence .. '|' .. ARGV[1] .. '|' .. ARGV[3], 'PX', ARGV[4])
local out = {1, fence}
for k = 2, #KEYS do
  local value = redis.call('GET', KEYS[k])
  if value then out[k + 1] = value else out[k + 1] = 0 end
end
return out
`);

/** At most this many key shapes are read ahead (a conversation has two or three keys). */
const READ_AHEAD_MAX = 8;

const RENEW = luaScript(`
local v = redis.call('GET', KEYS[1])
if not v or string.sub(v, 1, #ARGV[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1] .. ARGV[2], 'PX', ARGV[3])
return 1
`);

// KEYS[1] the lock, KEYS[2..] the staged keys; ARGV: token, released value, lock TTL, then three
// per staged key (op, value, ttl). Nothing is written unless the lease is still this turn's.
const COMMIT = luaScript(`
local v = redis.call('GET', KEYS[1])
if not v or string.sub(v, 1, #ARGV[1]) ~= ARGV[1] then return redis.error_reply('FENCED lease lost') end
local i = 4
for k = 2, #KEYS do
  local op = ARGV[i]
  local ttl = tonumber(ARGV[i + 2])
  if op == 's' then
    if ttl > 0 then redis.call('SET', KEYS[k], ARGV[i + 1], 'PX', ttl) else redis.call('SET', KEYS[k], ARGV[i + 1]) end
  elseif op == 'd' then
    redis.call('DEL', KEYS[k])
  elseif op == 'e' then
    redis.call('PEXPIRE', KEYS[k], ttl)
  end
  i = i + 3
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`);

interface RedisLease extends Lease {
  key: string;
  /** `<fence>|<owner>|`: the lock's value starts with it while the lease is this turn's. */
  token: string;
  writes: Map<string, StagedWrite>;
  stopRenewal(): void;
}

/** Several instances on one Redis (or cluster): the lease described at the top of this file. */
export function createRedisLocks(options: RedisLocksOptions): ConversationLocks {
  const { link, clock } = options;
  const leaseMs = options.leaseMs ?? 5000;
  const waitMs = options.waitMs ?? 10_000;
  const keyTtlMs = options.keyTtlMs ?? 24 * 3_600_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const call = <T>(work: () => Promise<T>) => storeCall(work, options.commandTimeoutMs);
  const expiry = () => String(clock.now().getTime() + leaseMs);
  // Tells this lease from any other: unique across instances, it need not be secret.
  const newOwner = createUniqueTokens(12);

  // Shapes of the keys turns read under their leases (see the top of this file): what comes
  // before and after the tag, by the key of one conversation they were learnt from.
  const shapes = new Map<string, { before: string; after: string }>();
  const learn = (key: string, tag: string) => {
    const at = key.indexOf(tag);
    if (at < 0 || shapes.size >= READ_AHEAD_MAX) return;
    const before = key.slice(0, at);
    const after = key.slice(at + tag.length);
    shapes.set(`${before.length}:${before}${after}`, { before, after });
  };

  function lease(key: string, tag: string, fence: number, owner: string, readAhead: Map<string, Buffer | null>): RedisLease {
    const token = `${fence}|${owner}|`;
    const writes = new Map<string, StagedWrite>();
    const reads = readAhead;
    // Renewed at a third of its length: two renewals may fail (a slow Redis) before it lapses.
    const timer = setInterval(() => {
      void call(() => link.script<number>(RENEW, [key], [token, expiry(), String(keyTtlMs)])).catch(() => undefined);
    }, Math.max(10, Math.floor(leaseMs / 3)));
    timer.unref();
    return {
      key,
      tag,
      fence,
      token,
      writes,
      staged: (k) => writes.get(k),
      stage(k, write) {
        const before = writes.get(k);
        // An expiry after a write of the same turn belongs to that write.
        if (write.op === 'expire' && before?.op === 'set') writes.set(k, { ...before, ttlMs: write.ttlMs });
        else if (write.op === 'expire' && before?.op === 'delete') return;
        else writes.set(k, write);
      },
      remembered: (k) => (reads.has(k) ? { value: reads.get(k) ?? null } : undefined),
      remember(k, value) {
        reads.set(k, value);
        learn(k, tag);
      },
      stopRenewal: () => clearInterval(timer),
    };
  }

  async function finish(held: RedisLease, writes: Map<string, StagedWrite>): Promise<void> {
    held.stopRenewal();
    const keys = [held.key, ...writes.keys()];
    const args: RedisArg[] = [held.token, `${held.fence}||0`, String(keyTtlMs)];
    for (const write of writes.values()) {
      if (write.op === 'set') args.push('s', write.value, String(write.ttlMs === undefined ? 0 : Math.max(1, Math.ceil(write.ttlMs))));
      else if (write.op === 'delete') args.push('d', '', '0');
      else args.push('e', '', String(Math.max(1, Math.ceil(write.ttlMs))));
    }
    try {
      await call(() => link.script(COMMIT, keys, args));
    } catch (error) {
      if (error instanceof Error && /FENCED/.test(error.message)) {
        // A turn that wrote nothing lost nothing: only one that had writes must be tried again.
        if (writes.size === 0) return;
        throw new ConversationBusyError('This conversation was taken over while the turn ran: nothing was written; try again');
      }
      throw error;
    }
  }

  return createLocks<RedisLease>({
    async acquire(tag) {
      const key = `${options.prefix}lock:${tag}`;
      const owner = newOwner();
      const started = performance.now();
      const ahead = [...shapes.values()].map((shape) => `${shape.before}${tag}${shape.after}`);
      for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
        const [taken, value, ...values] = await call(() =>
          link.script<[number, number, ...Array<Buffer | number>]>(ACQUIRE, [key, ...ahead], [owner, String(clock.now().getTime()), expiry(), String(keyTtlMs)], { binary: true }),
        );
        if (taken === 1) {
          const read = new Map<string, Buffer | null>();
          ahead.forEach((k, i) => {
            const found = values[i];
            read.set(k, Buffer.isBuffer(found) ? found : null);
          });
          return lease(key, tag, value, owner, read);
        }
        const left = waitMs - (performance.now() - started);
        if (left <= 0) throw new ConversationBusyError('This conversation is busy with another message: try again in a moment');
        // Another instance holds it: look again soon (its lease ends in `value` ms at the latest).
        await sleep(Math.max(1, Math.min(pause, value, left)));
      }
    },
    commit: (held) => finish(held, held.writes),
    release: (held) => finish(held, new Map()),
  });
}
