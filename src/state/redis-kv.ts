import { AppError } from '../shared/errors.js';
import type { ConversationLocks, Lease } from './conversation-lock.js';
import type { KeyValueStore, SetOptions } from './kv.js';
import type { RedisArg, RedisLink } from './redis.js';
import { storeCall as guarded } from './unavailable.js';

export interface RedisKeyValueOptions {
  /** Prefix of every key (one per deployment, one per test). */
  prefix?: string;
  commandTimeoutMs?: number;
  /** Conversation locks: writes to a held conversation's keys wait for its turn to commit. */
  locks?: ConversationLocks;
}

/**
 * The KeyValueStore on Redis (a server or a cluster). Every key is prefixed and values are JSON
 * strings; lists are Redis lists; blobs are stored as they are. Key listing uses SCAN on every
 * master, never KEYS. Each command has a deadline; an unreachable Redis is a 503 error (see
 * unavailable.ts). Commands name one key each, so they work on a cluster whatever the keys.
 */
export function createRedisKeyValueStore(link: RedisLink, options: RedisKeyValueOptions = {}): KeyValueStore {
  const prefix = options.prefix ?? 'ameli:';
  const k = (key: string) => prefix + key;
  const encode = (v: unknown) => JSON.stringify(v);
  const decode = <T>(raw: string | null | undefined): T | undefined => (raw === null || raw === undefined ? undefined : (JSON.parse(raw) as T));
  const ms = (ttlMs: number) => String(Math.max(1, Math.ceil(ttlMs)));
  const px = (opts?: SetOptions) => (opts?.ttlMs !== undefined ? ['PX', ms(opts.ttlMs)] : []);
  const send = <T>(key: string, args: readonly RedisArg[], binary = false) => link.command<T>(key, args, binary ? { binary: true } : undefined);
  const lease = (key: string): Lease | undefined => options.locks?.leaseFor(key);
  const notStaged = (key: string, operation: string) => {
    // A programming error, not an outage: it must not turn into a 503.
    if (lease(key)) throw new AppError('StateMisuse', `${operation} cannot run on a key of the conversation being handled (${key}): use get/set`);
  };

  /** What the current turn staged for this key, or read of it already, or what Redis holds. */
  async function read(key: string, binary: boolean): Promise<string | Buffer | undefined> {
    const held = lease(key);
    if (!held) return (await send<string | Buffer | null>(key, ['GET', key], binary)) ?? undefined;
    const staged = held.staged(key);
    if (staged?.op === 'set') return staged.value;
    if (staged?.op === 'delete') return undefined;
    const known = held.remembered(key);
    if (known) return known.value ?? undefined;
    const value = await send<Buffer | null>(key, ['GET', key], true);
    held.remember(key, value);
    return value ?? undefined;
  }

  async function write(key: string, value: RedisArg, opts?: SetOptions): Promise<void> {
    const held = lease(key);
    if (held) {
      held.stage(key, { op: 'set', value, ...(opts?.ttlMs !== undefined ? { ttlMs: opts.ttlMs } : {}) });
      return;
    }
    await send(key, ['SET', key, value, ...px(opts)]);
  }

  async function writeIfAbsent(key: string, value: RedisArg, opts?: SetOptions): Promise<boolean> {
    if (lease(key)) {
      if ((await read(key, true)) !== undefined) return false;
      await write(key, value, opts);
      return true;
    }
    return (await send<string | null>(key, ['SET', key, value, ...px(opts), 'NX'])) === 'OK';
  }

  const store: KeyValueStore = {
    async get<T>(key: string) {
      const raw = await read(k(key), false);
      return decode<T>(raw === undefined ? undefined : raw.toString());
    },
    set: (key, value, opts) => write(k(key), encode(value), opts),
    setIfAbsent: (key, value, opts) => writeIfAbsent(k(key), encode(value), opts),
    async delete(key: string) {
      const full = k(key);
      const held = lease(full);
      if (held) held.stage(full, { op: 'delete' });
      else await send(full, ['DEL', full]);
    },
    async incr(key: string, opts?: SetOptions & { by?: number }) {
      const full = k(key);
      notStaged(full, 'incr');
      const by = opts?.by ?? 1;
      const value = await send<number>(full, ['INCRBY', full, String(by)]);
      if (value === by && opts?.ttlMs !== undefined) await send(full, ['PEXPIRE', full, ms(opts.ttlMs)]);
      return value;
    },
    async append<T>(key: string, value: T, opts?: SetOptions) {
      const full = k(key);
      notStaged(full, 'append');
      const length = await send<number>(full, ['RPUSH', full, encode(value)]);
      if (opts?.ttlMs !== undefined) await send(full, ['PEXPIRE', full, ms(opts.ttlMs)]);
      return length;
    },
    async setAt<T>(key: string, index: number, value: T) {
      const full = k(key);
      notStaged(full, 'setAt');
      try {
        await send(full, ['LSET', full, String(index), encode(value)]);
        return true;
      } catch (error) {
        // "ERR no such key" / "ERR index out of range": nothing to replace.
        if (error instanceof Error && /no such key|out of range/i.test(error.message)) return false;
        throw error;
      }
    },
    async range<T>(key: string, start = 0, end = -1) {
      const full = k(key);
      const items = await send<string[]>(full, ['LRANGE', full, String(start), String(end)]);
      return items.map((raw) => JSON.parse(raw) as T);
    },
    length: (key) => send<number>(k(key), ['LLEN', k(key)]),
    async keys(keyPrefix: string) {
      const found: string[] = [];
      for await (const batch of link.scan(`${escapeGlob(prefix + keyPrefix)}*`)) {
        for (const key of batch) found.push(key.slice(prefix.length));
      }
      return found;
    },
    async ttl(key: string) {
      const remaining = await send<number>(k(key), ['PTTL', k(key)]);
      return remaining >= 0 ? remaining : undefined;
    },
    async expire(key: string, ttlMs: number) {
      const full = k(key);
      const held = lease(full);
      if (held) {
        if ((await read(full, true)) === undefined) return false;
        held.stage(full, { op: 'expire', ttlMs });
        return true;
      }
      return (await send<number>(full, ['PEXPIRE', full, ms(ttlMs)])) === 1;
    },
    async getBlob(key: string) {
      const raw = await read(k(key), true);
      return raw === undefined ? undefined : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    },
    setBlob: (key, value, opts) => write(k(key), value, opts),
    setBlobIfAbsent: (key, value, opts) => writeIfAbsent(k(key), value, opts),
  };
  return guardAll(store, options.commandTimeoutMs);
}

/** The same store, each method with a deadline and its failure turned into the store's outage error. */
function guardAll(store: KeyValueStore, deadlineMs: number | undefined): KeyValueStore {
  const storeCall = <T>(operation: () => Promise<T>) => guarded(operation, deadlineMs);
  return {
    get: (key) => storeCall(() => store.get(key)),
    set: (key, value, opts) => storeCall(() => store.set(key, value, opts)),
    setIfAbsent: (key, value, opts) => storeCall(() => store.setIfAbsent(key, value, opts)),
    delete: (key) => storeCall(() => store.delete(key)),
    incr: (key, opts) => storeCall(() => store.incr(key, opts)),
    append: (key, value, opts) => storeCall(() => store.append(key, value, opts)),
    setAt: (key, index, value) => storeCall(() => store.setAt(key, index, value)),
    range: (key, start, end) => storeCall(() => store.range(key, start, end)),
    length: (key) => storeCall(() => store.length(key)),
    keys: (prefix) => storeCall(() => store.keys(prefix)),
    ttl: (key) => storeCall(() => store.ttl(key)),
    expire: (key, ttlMs) => storeCall(() => store.expire(key, ttlMs)),
    getBlob: (key) => storeCall(() => store.getBlob(key)),
    setBlob: (key, value, opts) => storeCall(() => store.setBlob(key, value, opts)),
    setBlobIfAbsent: (key, value, opts) => storeCall(() => store.setBlobIfAbsent(key, value, opts)),
  };
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
