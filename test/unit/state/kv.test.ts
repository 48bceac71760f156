import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createMemoryKeyValueStore } from '../../../src/state/memory-kv.js';
import { createRedisKeyValueStore } from '../../../src/state/redis-kv.js';
import type { KeyValueStore } from '../../../src/state/kv.js';
import { connectRedis, type RedisLink } from '../../../src/state/redis.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { redisForTests, uniquePrefix } from '../../support/services.js';

/** The same behaviour, whichever store is behind the interface. */
function contract(name: string, make: () => Promise<KeyValueStore>) {
  describe(`${name} key-value store`, () => {
    it('stores and reads back JSON values, and deletes them', async () => {
      const kv = await make();
      await kv.set('a', { n: 1, list: ['x'] });
      expect(await kv.get('a')).toEqual({ n: 1, list: ['x'] });
      await kv.delete('a');
      expect(await kv.get('a')).toBeUndefined();
    });

    it('sets a key only once with setIfAbsent', async () => {
      const kv = await make();
      expect(await kv.setIfAbsent('once', 1)).toBe(true);
      expect(await kv.setIfAbsent('once', 2)).toBe(false);
      expect(await kv.get('once')).toBe(1);
    });

    it('counts with incr', async () => {
      const kv = await make();
      expect(await kv.incr('c')).toBe(1);
      expect(await kv.incr('c', { by: 4 })).toBe(5);
    });

    it('appends to lists and reads ranges in order', async () => {
      const kv = await make();
      for (const v of ['a', 'b', 'c', 'd']) await kv.append('l', v);
      expect(await kv.length('l')).toBe(4);
      expect(await kv.range('l')).toEqual(['a', 'b', 'c', 'd']);
      expect(await kv.range('l', 2)).toEqual(['c', 'd']);
      expect(await kv.range('l', 1, 2)).toEqual(['b', 'c']);
      expect(await kv.range('missing')).toEqual([]);
    });

    it('replaces an item of a list in place, and only an existing one', async () => {
      const kv = await make();
      for (const v of ['a', 'b', 'c']) await kv.append('r', v);
      expect(await kv.setAt('r', 1, 'B')).toBe(true);
      expect(await kv.range('r')).toEqual(['a', 'B', 'c']);
      expect(await kv.setAt('r', 3, 'x')).toBe(false);
      expect(await kv.setAt('absent', 0, 'x')).toBe(false);
    });

    it('lists keys by prefix', async () => {
      const kv = await make();
      await kv.set('p:1', 1);
      await kv.set('p:2', 2);
      await kv.set('q:1', 3);
      expect((await kv.keys('p:')).sort()).toEqual(['p:1', 'p:2']);
    });

    it('reports a remaining time to live', async () => {
      const kv = await make();
      await kv.set('t', 1, { ttlMs: 60_000 });
      const ttl = await kv.ttl('t');
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      await kv.set('forever', 1);
      expect(await kv.ttl('forever')).toBeUndefined();
    });

    it('sets a new expiry on an existing key only', async () => {
      const kv = await make();
      await kv.set('e', 1);
      expect(await kv.expire('e', 60_000)).toBe(true);
      expect(await kv.ttl('e')).toBeGreaterThan(50_000);
      expect(await kv.expire('absent', 60_000)).toBe(false);
    });

    it('stores bytes as they are', async () => {
      const kv = await make();
      const bytes = Buffer.from([0x5a, 0x00, 0xff, 0x7b, 0x0a]);
      await kv.setBlob('b', bytes, { ttlMs: 60_000 });
      expect(await kv.getBlob('b')).toEqual(bytes);
      expect(await kv.getBlob('absent')).toBeUndefined();
    });
  });
}

contract('memory', () => Promise.resolve(createMemoryKeyValueStore()));

describe('memory key-value store expiry', () => {
  it('forgets a key once its time to live has passed on the injected clock', async () => {
    const clock = createFakeClock();
    const kv = createMemoryKeyValueStore({ clock });
    await kv.set('k', 'v', { ttlMs: 30 * 60_000 });
    clock.advanceMinutes(29);
    expect(await kv.get('k')).toBe('v');
    clock.advanceMinutes(1);
    expect(await kv.get('k')).toBeUndefined();
  });

  it('keeps the first TTL of a counter', async () => {
    const clock = createFakeClock();
    const kv = createMemoryKeyValueStore({ clock });
    await kv.incr('n', { ttlMs: 15 * 60_000 });
    clock.advanceMinutes(10);
    await kv.incr('n', { ttlMs: 15 * 60_000 });
    clock.advanceMinutes(5);
    expect(await kv.get('n')).toBeUndefined();
  });
});

const redisUrl = await redisForTests();
const clients: RedisLink[] = [];
afterAll(async () => {
  for (const c of clients) await c.close();
});

describe.skipIf(!redisUrl)('redis', () => {
  contract('redis', async () => {
    const client = await connectRedis(redisUrl!, createSilentLogger());
    clients.push(client);
    return createRedisKeyValueStore(client, { prefix: uniquePrefix('kv') });
  });
});
