/**
 * Limits counted in the shared store: two instances (two limiters on one store) count the same
 * requests, so that N instances do not allow N times the limit. On memory and on Redis.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import type { KeyValueStore } from '../../../src/state/kv.js';
import { createMemoryKeyValueStore } from '../../../src/state/memory-kv.js';
import { connectRedis, type RedisLink } from '../../../src/state/redis.js';
import { createRedisKeyValueStore } from '../../../src/state/redis-kv.js';
import { createStoreRateLimiter } from '../../../src/state/store-rate-limiter.js';
import { dropPrefixes } from '../../support/redis-cleanup.js';
import { redisForTests, uniquePrefix } from '../../support/services.js';

function contract(name: string, make: (clock: FakeClock) => Promise<KeyValueStore>) {
  describe(`rate limit counted in the ${name} store`, () => {
    it('counts the requests of every instance against one limit, then opens again with the next window', async () => {
      const clock = createFakeClock('2026-01-15T09:00:10.000Z');
      const kv = await make(clock);
      const [a, b] = [0, 1].map(() => createStoreRateLimiter({ kv, name: 'webchat_token', limit: 3, windowMs: 60_000, clock }));
      expect((await a!.take('203.0.113.7')).allowed).toBe(true);
      expect((await b!.take('203.0.113.7')).allowed).toBe(true);
      expect(await a!.take('203.0.113.7')).toMatchObject({ allowed: true, remaining: 0 });
      expect(await b!.take('203.0.113.7')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 50 });
      expect((await a!.take('198.51.100.1')).allowed).toBe(true);
      clock.advance(50_000);
      expect((await b!.take('203.0.113.7')).allowed).toBe(true);
    });

    it('peeks without counting, and keeps no address in its keys', async () => {
      const clock = createFakeClock('2026-01-15T09:00:00.000Z');
      const kv = await make(clock);
      const limiter = createStoreRateLimiter({ kv, name: 'agent_key', limit: 2, windowMs: 15 * 60_000, clock });
      expect(await limiter.peek('203.0.113.7')).toMatchObject({ allowed: true, remaining: 2 });
      await limiter.take('203.0.113.7');
      await limiter.take('203.0.113.7');
      expect(await limiter.peek('203.0.113.7')).toMatchObject({ allowed: false, retryAfterSeconds: 900 });
      const keys = await kv.keys('rl:agent_key:');
      expect(keys).toHaveLength(1);
      expect(keys[0]).not.toContain('203.0.113.7');
      expect(await kv.ttl(keys[0]!)).toBeGreaterThan(0);
    });

    it('allows everything with limit 0 and writes nothing', async () => {
      const clock = createFakeClock();
      const kv = await make(clock);
      const limiter = createStoreRateLimiter({ kv, name: 'off', limit: 0, windowMs: 60_000, clock });
      expect((await limiter.take('x')).allowed).toBe(true);
      expect(await kv.keys('rl:off:')).toEqual([]);
    });
  });
}

contract('memory', (clock) => Promise.resolve(createMemoryKeyValueStore({ clock })));

const redisUrl = await redisForTests();
const links: RedisLink[] = [];
const prefixes: string[] = [];
afterAll(async () => {
  for (const link of links) await link.close();
  if (redisUrl) await dropPrefixes(redisUrl, prefixes);
});
describe.skipIf(!redisUrl)('Redis', () => {
  contract('Redis', async () => {
    const link = await connectRedis(redisUrl!, createSilentLogger());
    links.push(link);
    const prefix = uniquePrefix('limits');
    prefixes.push(prefix);
    return createRedisKeyValueStore(link, { prefix });
  });
});
