/**
 * A small key-value store with expiries and lists: the one storage abstraction of the project.
 * Memory and Redis implement it; Direct Line conversations, the simulator's records, handoff
 * requests and feedback counters are built on it, so that REDIS_URL moves all of them at once.
 * Values are JSON-serialisable; blobs are bytes.
 *
 * Within a conversation's lock (conversation-lock.ts), writes to that conversation's keys (those
 * carrying its hash tag) are held back and committed together when the turn ends: get, set,
 * setIfAbsent, delete, expire and the blob methods see them; list and counter operations are not
 * meant for such keys.
 */
export interface SetOptions {
  /** Time to live; the key disappears after it. */
  ttlMs?: number;
}

export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, options?: SetOptions): Promise<void>;
  /** Sets only when the key does not exist; true when it was set (idempotency keys, locks). */
  setIfAbsent<T>(key: string, value: T, options?: SetOptions): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Adds `by` (default 1) and returns the new value; the TTL is set when the key is created. */
  incr(key: string, options?: SetOptions & { by?: number }): Promise<number>;
  /** Appends to a list and returns its new length; the TTL (if given) is refreshed. */
  append<T>(key: string, value: T, options?: SetOptions): Promise<number>;
  /** Replaces the item at `index` of an existing list (as Redis LSET); false when there is none. */
  setAt<T>(key: string, index: number, value: T): Promise<boolean>;
  /** Items start…end inclusive (end -1: the last), as Redis LRANGE. */
  range<T>(key: string, start?: number, end?: number): Promise<T[]>;
  length(key: string): Promise<number>;
  /** Keys starting with `prefix` (SCAN on Redis, never KEYS). */
  keys(prefix: string): Promise<string[]>;
  /** Remaining time to live in ms; undefined when the key has none or does not exist. */
  ttl(key: string): Promise<number | undefined>;
  /** Sets a new time to live on an existing key; false when there is no such key. */
  expire(key: string, ttlMs: number): Promise<boolean>;
  /** Bytes as they are (compressed documents); undefined when absent. */
  getBlob(key: string): Promise<Buffer | undefined>;
  setBlob(key: string, value: Buffer, options?: SetOptions): Promise<void>;
  /** Sets bytes only when the key does not exist; true when it was set. */
  setBlobIfAbsent(key: string, value: Buffer, options?: SetOptions): Promise<boolean>;
}
