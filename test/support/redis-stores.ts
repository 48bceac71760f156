/**
 * Redis-backed KeyValueStores for tests, each under its own unique prefix, with their connections
 * closed after the file. `url` is undefined (with a warning) when Redis is absent: skip on it.
 */
import { afterAll } from 'vitest';
import { createSilentLogger } from '../../src/shared/logger.js';
import type { KeyValueStore } from '../../src/state/kv.js';
import { connectRedis, type RedisLink } from '../../src/state/redis.js';
import { createRedisKeyValueStore } from '../../src/state/redis-kv.js';
import { redisForTests, uniquePrefix } from './services.js';

export async function redisStores(): Promise<{ url: string | undefined; make(name: string): Promise<KeyValueStore> }> {
  const url = await redisForTests();
  const clients: RedisLink[] = [];
  afterAll(async () => {
    for (const c of clients) await c.close();
  });
  return {
    url,
    async make(name) {
      if (!url) throw new Error('Redis is not available');
      const client = await connectRedis(url, createSilentLogger());
      clients.push(client);
      return createRedisKeyValueStore(client, { prefix: uniquePrefix(name) });
    },
  };
}
