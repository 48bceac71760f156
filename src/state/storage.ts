/**
 * Conversation and user state storage, shaped exactly like botbuilder's `Storage` interface
 * (read / write / delete with eTag optimistic concurrency) so that botbuilder's own storages fit
 * it too, without the engine importing botbuilder.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import type { RedisClient } from './redis.js';
import { storeCall } from './unavailable.js';

export interface StoreItem {
  /** "*" (or absent) writes unconditionally; any other value must match the stored one. */
  eTag?: string;
  [key: string]: unknown;
}

export type StoreItems = Record<string, StoreItem | undefined>;

export interface Storage {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

export class ETagConflictError extends Error {
  constructor(key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

const newETag = () => randomBytes(8).toString('hex');

export interface StorageOptions {
  /** Items disappear after this long without a write (default 24 h). */
  ttlMs?: number;
  clock?: Clock;
}

export function createMemoryStorage(options: StorageOptions = {}): Storage {
  const clock = options.clock ?? systemClock;
  const ttlMs = options.ttlMs ?? 24 * 3_600_000;
  const items = new Map<string, { json: string; expiresAt: number }>();
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
        if (slot) out[key] = JSON.parse(slot.json) as StoreItem;
      }
      return Promise.resolve(out);
    },
    write(changes) {
      for (const [key, item] of Object.entries(changes)) {
        if (!item) continue;
        const old = alive(key);
        if (old && item.eTag && item.eTag !== '*') {
          const oldItem = JSON.parse(old.json) as StoreItem;
          if (oldItem.eTag !== item.eTag) return Promise.reject(new ETagConflictError(key));
        }
      }
      for (const [key, item] of Object.entries(changes)) {
        if (!item) continue;
        items.set(key, { json: JSON.stringify({ ...item, eTag: newETag() }), expiresAt: clock.now().getTime() + ttlMs });
      }
      return Promise.resolve();
    },
    delete(keys) {
      for (const key of keys) items.delete(key);
      return Promise.resolve();
    },
  };
}

// Compare-and-set in one round trip: the eTag check and the write cannot interleave with another
// instance's write.
const WRITE_IF_ETAG = `
local cur = redis.call('GET', KEYS[1])
if cur and ARGV[1] ~= '' and ARGV[1] ~= '*' then
  local ok, old = pcall(cjson.decode, cur)
  if not ok or old['eTag'] ~= ARGV[1] then return redis.error_reply('ETAG_CONFLICT') end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`;

export function createRedisStorage(client: RedisClient, options: { prefix?: string; ttlMs?: number; commandTimeoutMs?: number } = {}): Storage {
  const prefix = options.prefix ?? 'ameli:state:';
  const deadline = options.commandTimeoutMs;
  const ttlMs = options.ttlMs ?? 24 * 3_600_000;
  return {
    async read(keys) {
      const out: StoreItems = {};
      if (keys.length === 0) return out;
      const values = await storeCall(() => client.mGet(keys.map((k) => prefix + k)), deadline);
      keys.forEach((key, i) => {
        const raw = values[i];
        if (typeof raw === 'string') out[key] = JSON.parse(raw) as StoreItem;
      });
      return out;
    },
    async write(changes) {
      for (const [key, item] of Object.entries(changes)) {
        if (!item) continue;
        const json = JSON.stringify({ ...item, eTag: newETag() });
        try {
          await storeCall(() => client.eval(WRITE_IF_ETAG, { keys: [prefix + key], arguments: [item.eTag ?? '', json, String(ttlMs)] }), deadline);
        } catch (error) {
          // A reply from the script (a conflict) comes through as it is; an outage as a 503 error.
          if (error instanceof Error && error.message.includes('ETAG_CONFLICT')) throw new ETagConflictError(key);
          throw error;
        }
      }
    },
    async delete(keys) {
      if (keys.length > 0) await storeCall(() => client.del(keys.map((k) => prefix + k)), deadline);
    },
  };
}
