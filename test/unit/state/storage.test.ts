import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { connectRedis, type RedisLink } from '../../../src/state/redis.js';
import { ETagConflictError, type Storage } from '../../../src/state/storage-contract.js';
import { createMemoryStorage } from '../../../src/state/storage.js';
import { createRedisStorage } from '../../../src/state/redis-storage.js';
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

    it('hands out a fresh copy on every read: changing one changes neither the store nor the next read', async () => {
      const storage = await make();
      await storage.write({ k: { n: 1, lines: ['a'] } });
      const first = (await storage.read(['k'])).k!;
      (first.lines as string[]).push('b');
      first.n = 2;
      expect((await storage.read(['k'])).k).toMatchObject({ n: 1, lines: ['a'] });
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
const clients: RedisLink[] = [];
afterAll(async () => {
  for (const c of clients) await c.close();
});
describe.skipIf(!redisUrl)('redis', () => {
  contract('redis', async () => {
    const client = await connectRedis(redisUrl!, createSilentLogger());
    clients.push(client);
    return createRedisStorage(client, { prefix: uniquePrefix('storage') });
  });

  it('stores a large item compressed behind its eTag, and reads back an item written by an older version', async () => {
    const client = await connectRedis(redisUrl!, createSilentLogger());
    clients.push(client);
    const prefix = uniquePrefix('storage-packed');
    const storage = createRedisStorage(client, { prefix });
    const transcript = Array.from({ length: 40 }, (_, i) => ({ from: 'bot', text: `Bonjour, voici la réponse numéro ${i} de l'assistant.` }));
    await storage.write({ big: { transcript } });
    const raw = await client.command<Buffer>(`${prefix}big`, ['GET', `${prefix}big`], { binary: true });
    expect(raw.subarray(16, 17).toString()).toBe('Z');
    expect(raw.length).toBeLessThan(JSON.stringify(transcript).length / 3);
    const read = (await storage.read(['big'])).big!;
    expect(read.transcript).toEqual(transcript);
    // The value an older version wrote: plain JSON with its eTag inside; its eTag still guards it.
    await client.command(`${prefix}old`, ['SET', `${prefix}old`, JSON.stringify({ step: 'nir', eTag: 'abcdefabcdefabcd' })]);
    const old = (await storage.read(['old'])).old!;
    expect(old).toEqual({ step: 'nir', eTag: 'abcdefabcdefabcd' });
    await expect(storage.write({ old: { step: 'x', eTag: 'ffffffffffffffff' } })).rejects.toBeInstanceOf(ETagConflictError);
    await storage.write({ old: { ...old, step: 'birth_date' } });
    expect((await storage.read(['old'])).old).toMatchObject({ step: 'birth_date' });
  });
});
