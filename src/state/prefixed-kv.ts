import type { KeyValueStore, SetOptions } from './kv.js';

/**
 * A view of a KeyValueStore where every key starts with `prefix`: a module keeps its state
 * beside the assistant's (same memory store or same Redis) without any key clashing.
 */
export function createPrefixedKeyValueStore(kv: KeyValueStore, prefix: string): KeyValueStore {
  const k = (key: string) => prefix + key;
  return {
    get: <T>(key: string) => kv.get<T>(k(key)),
    set: <T>(key: string, value: T, options?: SetOptions) => kv.set(k(key), value, options),
    setIfAbsent: <T>(key: string, value: T, options?: SetOptions) => kv.setIfAbsent(k(key), value, options),
    delete: (key: string) => kv.delete(k(key)),
    incr: (key: string, options?: SetOptions & { by?: number }) => kv.incr(k(key), options),
    append: <T>(key: string, value: T, options?: SetOptions) => kv.append(k(key), value, options),
    setAt: <T>(key: string, index: number, value: T) => kv.setAt(k(key), index, value),
    range: <T>(key: string, start?: number, end?: number) => kv.range<T>(k(key), start, end),
    length: (key: string) => kv.length(k(key)),
    keys: async (keyPrefix: string) => (await kv.keys(k(keyPrefix))).map((key) => key.slice(prefix.length)),
    ttl: (key: string) => kv.ttl(k(key)),
    expire: (key: string, ttlMs: number) => kv.expire(k(key), ttlMs),
    getBlob: (key: string) => kv.getBlob(k(key)),
    setBlob: (key: string, value: Buffer, options?: SetOptions) => kv.setBlob(k(key), value, options),
    setBlobIfAbsent: (key: string, value: Buffer, options?: SetOptions) => kv.setBlobIfAbsent(k(key), value, options),
  };
}
