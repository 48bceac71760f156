/**
 * The memory implementation of Storage (storage-contract.ts), picked by the store factory
 * (open-store.ts); the Redis one is redis-storage.ts, loaded only when Redis is configured.
 */
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import { ETagConflictError, type Storage, type StoreItem, type StoreItems } from './storage-contract.js';

export interface StorageOptions {
  /** Items disappear after this long without a write (default 24 h). */
  ttlMs?: number;
  clock?: Clock;
}

export function createMemoryStorage(options: StorageOptions = {}): Storage {
  const clock = options.clock ?? systemClock;
  const ttlMs = options.ttlMs ?? 24 * 3_600_000;
  // The eTag is kept beside the item's JSON (without it), so that a write checks it without parsing
  // the item; one process owns this storage, so a counter makes every eTag unique.
  const items = new Map<string, { json: string; eTag: string; expiresAt: number }>();
  let written = 0;
  const alive = (key: string) => {
    const slot = items.get(key);
    if (slot && slot.expiresAt <= clock.now().getTime()) {
      items.delete(key);
      return undefined;
    }
    return slot;
  };
  return {
    read(keys) {
      const out: StoreItems = {};
      for (const key of keys) {
        const slot = alive(key);
        if (slot) out[key] = { ...(JSON.parse(slot.json) as StoreItem), eTag: slot.eTag };
      }
      return Promise.resolve(out);
    },
    write(changes) {
      for (const [key, item] of Object.entries(changes)) {
        if (!item) continue;
        const old = alive(key);
        if (old && item.eTag && item.eTag !== '*' && old.eTag !== item.eTag) return Promise.reject(new ETagConflictError(key));
      }
      for (const [key, item] of Object.entries(changes)) {
        if (!item) continue;
        const { eTag: _old, ...rest } = item;
        written += 1;
        items.set(key, { json: JSON.stringify(rest), eTag: `m${written.toString(36)}`, expiresAt: clock.now().getTime() + ttlMs });
      }
      return Promise.resolve();
    },
    delete(keys) {
      for (const key of keys) items.delete(key);
      return Promise.resolve();
    },
  };
}
