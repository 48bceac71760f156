import type { KeyValueStore, SetOptions } from './kv.js';
import type { RedisClient } from './redis.js';
import { storeCall as guarded } from './unavailable.js';

/**
 * The KeyValueStore on Redis. Every key is prefixed (one prefix per deployment, per test) and
 * values are JSON strings; lists are Redis lists. Key listing uses SCAN, never KEYS. Each command
 * has the client's deadline; an unreachable Redis is a 503 error (see unavailable.ts).
 */
export function createRedisKeyValueStore(client: RedisClient, options: { prefix?: string; commandTimeoutMs?: number } = {}): KeyValueStore {
  const prefix = options.prefix ?? 'ameli:';
  const k = (key: string) => prefix + key;
  const encode = (v: unknown) => JSON.stringify(v);
  const decode = <T>(raw: string | null | undefined): T | undefined => (raw === null || raw === undefined ? undefined : (JSON.parse(raw) as T));
  const px = (opts?: SetOptions) => (opts?.ttlMs !== undefined ? { expiration: { type: 'PX' as const, value: Math.max(1, Math.ceil(opts.ttlMs)) } } : {});

  const store: KeyValueStore = {
    async get<T>(key: string) {
      return decode<T>(await client.get(k(key)));
    },
    async set<T>(key: string, value: T, opts?: SetOptions) {
      await client.set(k(key), encode(value), px(opts));
    },
    async setIfAbsent<T>(key: string, value: T, opts?: SetOptions) {
      const result = await client.set(k(key), encode(value), { ...px(opts), condition: 'NX' });
      return result === 'OK';
    },
    async delete(key: string) {
      await client.del(k(key));
    },
    async incr(key: string, opts?: SetOptions & { by?: number }) {
      const by = opts?.by ?? 1;
      const value = await client.incrBy(k(key), by);
      if (value === by && opts?.ttlMs !== undefined) await client.pExpire(k(key), Math.max(1, Math.ceil(opts.ttlMs)));
      return value;
    },
    async append<T>(key: string, value: T, opts?: SetOptions) {
      const length = await client.rPush(k(key), encode(value));
      if (opts?.ttlMs !== undefined) await client.pExpire(k(key), Math.max(1, Math.ceil(opts.ttlMs)));
      return length;
    },
    async setAt<T>(key: string, index: number, value: T) {
      try {
        await client.lSet(k(key), index, encode(value));
        return true;
      } catch (error) {
        // "ERR no such key" / "ERR index out of range": nothing to replace.
        if (error instanceof Error && /no such key|out of range/i.test(error.message)) return false;
        throw error;
      }
    },
    async range<T>(key: string, start = 0, end = -1) {
      const items = await client.lRange(k(key), start, end);
      return items.map((raw) => JSON.parse(raw) as T);
    },
    async length(key: string) {
      return client.lLen(k(key));
    },
    async keys(keyPrefix: string) {
      const found: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${escapeGlob(prefix + keyPrefix)}*`, COUNT: 500 })) {
        for (const key of batch) found.push(key.slice(prefix.length));
      }
      return found;
    },
    async ttl(key: string) {
      const ms = await client.pTTL(k(key));
      return ms >= 0 ? ms : undefined;
    },
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
  };
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
