import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { connectRedis, type RedisClient } from '../../../src/state/redis.js';
import { createMemoryStorage, createRedisStorage, ETagConflictError, type Storage } from '../../../src/state/storage.js';
import { redisForTests, uniquePrefix } from '../../support/services.js';

function contract(name: string, make: () => Promise<Storage>) {
  describe(`${name} storage (botbuilder Storage shape)`, () => {
    it('writes, reads with a fresh eTag, and deletes', async () => {
      const storage = await make();
      await storage.write({ 'conv/1': { step: 'nir' } });
      const { 'conv/1': item } = await storage.read(['conv/1', 'missing']);
      expect(item).toMatchObject({ step: 'nir' });
      expect(typeof item?.eTag).toBe('string');
      await storage.delete(['conv/1']);
      expect(await storage.read(['conv/1'])).toEqual({});
    });

    it('refuses a write whose eTag is stale (another turn wrote first)', async () => {
      const storage = await make();
      await storage.write({ k: { n: 1 } });
      const first = (await storage.read(['k'])).k!;
      await storage.write({ k: { ...first, n: 2 } });
      await expect(storage.write({ k: { ...first, n: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
      const now = (await storage.read(['k'])).k!;
      expect(now.n).toBe(2);
      await storage.write({ k: { ...now, eTag: '*', n: 4 } });
      expect((await storage.read(['k'])).k!.n).toBe(4);
    });
  });
}

contract('memory', () => Promise.resolve(createMemoryStorage()));

describe('memory storage expiry', () => {
  it('drops an item not written for longer than its TTL', async () => {
    const clock = createFakeClock();
    const storage = createMemoryStorage({ clock, ttlMs: 60_000 });
    await storage.write({ a: { x: 1 } });
    clock.advance(59_999);
    expect((await storage.read(['a'])).a).toBeDefined();
    clock.advance(1);
    expect((await storage.read(['a'])).a).toBeUndefined();
  });
});

const redisUrl = await redisForTests();
const clients: RedisClient[] = [];
afterAll(async () => {
  for (const c of clients) await c.quit();
});
describe.skipIf(!redisUrl)('redis', () => {
  contract('redis', async () => {
    const client = await connectRedis(redisUrl!, createSilentLogger());
    clients.push(client);
    return createRedisStorage(client, { prefix: uniquePrefix('storage') });
  });
});
