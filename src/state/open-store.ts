/**
 * The key-value store of a process, picked from its configuration: Redis when a URL is given (all
 * state then survives a restart and is shared between instances), memory otherwise. The one place
 * where a process chooses its concrete store, so that the assistant and the standalone simulated
 * backend keep their keys the same way (`<prefix>` then each module's own prefix).
 */
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { KeyValueStore } from './kv.js';
import { createMemoryKeyValueStore } from './memory-kv.js';
import { connectRedis, type RedisClient } from './redis.js';
import { createRedisKeyValueStore } from './redis-kv.js';

export interface OpenStoreOptions {
  /** redis://host:port/db; without it, the store is in memory. */
  redisUrl?: string;
  /** Prefix of every key in Redis (tests use a unique one). */
  prefix: string;
  logger: Logger;
  clock?: Clock;
}

export interface OpenedStore {
  kind: 'redis' | 'memory';
  kv: KeyValueStore;
  /** The Redis client, for the stores that need more than key-value operations. */
  redis?: RedisClient;
  /** True while the store can serve requests (for /healthz). */
  healthy(): Promise<boolean>;
  /** Releases the connection, if any. */
  close(): Promise<void>;
}

export async function openKeyValueStore(options: OpenStoreOptions): Promise<OpenedStore> {
  if (!options.redisUrl) {
    return {
      kind: 'memory',
      kv: createMemoryKeyValueStore(options.clock ? { clock: options.clock } : {}),
      healthy: () => Promise.resolve(true),
      close: () => Promise.resolve(),
    };
  }
  const redis = await connectRedis(options.redisUrl, options.logger);
  return {
    kind: 'redis',
    kv: createRedisKeyValueStore(redis, { prefix: options.prefix }),
    redis,
    healthy: async () => redis.isReady && (await redis.ping()) === 'PONG',
    close: async () => {
      if (redis.isOpen) await redis.quit();
    },
  };
}
