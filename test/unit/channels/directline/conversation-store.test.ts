import { afterAll, describe, expect, it } from 'vitest';
import { createConversationStore, type ConversationStore } from '../../../../src/channels/directline/index.js';
import { createFakeClock } from '../../../../src/shared/clock.js';
import { createSilentLogger } from '../../../../src/shared/logger.js';
import { createMemoryKeyValueStore } from '../../../../src/state/memory-kv.js';
import { createRedisKeyValueStore } from '../../../../src/state/redis-kv.js';
import { connectRedis, type RedisClient } from '../../../../src/state/redis.js';
import type { KeyValueStore } from '../../../../src/state/kv.js';
import { redisForTests, uniquePrefix } from '../../../support/services.js';

const HOUR = 3_600_000;
const record = (id: string) => ({ id, userId: 'dl_u', createdAt: '2026-01-15T09:00:00.000Z' });

/** The same behaviour on memory and on Redis. */
function contract(name: string, make: () => Promise<{ store: ConversationStore; kv: KeyValueStore }>) {
  describe(`Direct Line conversation store on ${name}`, () => {
    it('creates a conversation once', async () => {
      const { store } = await make();
      expect(await store.create(record('c1'))).toBe(true);
      expect(await store.create({ ...record('c1'), userId: 'dl_other' })).toBe(false);
      expect(await store.get('c1')).toEqual(record('c1'));
      expect(await store.get('missing')).toBeUndefined();
    });

    it('gives activities ids from their position and pages them from a watermark', async () => {
      const { store } = await make();
      await store.create(record('c2'));
      const ids = [];
      for (const text of ['a', 'b', 'c']) ids.push(await store.append('c2', { type: 'message', text }));
      expect(ids).toEqual(['c2|0000000', 'c2|0000001', 'c2|0000002']);
      expect(await store.page('c2', 1, 100)).toEqual({
        activities: [
          { type: 'message', text: 'b', id: 'c2|0000001' },
          { type: 'message', text: 'c', id: 'c2|0000002' },
        ],
        watermark: '3',
      });
      expect(await store.page('c2', 0, 2)).toMatchObject({ watermark: '2' });
      expect(await store.page('c2', 3, 100)).toEqual({ activities: [], watermark: '3' });
    });

    it('sets an expiry on the conversation and its activities', async () => {
      const { store, kv } = await make();
      await store.create(record('c3'));
      await store.append('c3', { type: 'message' });
      for (const key of ['dl:conversation:c3', 'dl:activities:c3']) {
        const ttl = await kv.ttl(key);
        expect(ttl).toBeGreaterThan(HOUR - 5000);
        expect(ttl).toBeLessThanOrEqual(HOUR);
      }
    });
  });
}

contract('memory', () => {
  const kv = createMemoryKeyValueStore();
  return Promise.resolve({ kv, store: createConversationStore(kv, { ttlMs: HOUR }) });
});

describe('Direct Line conversation store expiry', () => {
  it('keeps a conversation an hour after its last activity, then forgets it', async () => {
    const clock = createFakeClock();
    const kv = createMemoryKeyValueStore({ clock });
    const store = createConversationStore(kv, { ttlMs: HOUR });
    await store.create(record('c'));
    clock.advanceMinutes(50);
    await store.touch(record('c'));
    await store.append('c', { type: 'message' });
    clock.advanceMinutes(50);
    expect(await store.get('c')).toBeDefined();
    expect((await store.page('c', 0, 10)).activities).toHaveLength(1);
    clock.advanceMinutes(11);
    expect(await store.get('c')).toBeUndefined();
    expect((await store.page('c', 0, 10)).activities).toEqual([]);
  });
});

const redisUrl = await redisForTests();
const clients: RedisClient[] = [];
afterAll(async () => {
  for (const c of clients) await c.quit();
});

describe.skipIf(!redisUrl)('Redis', () => {
  contract('Redis', async () => {
    const client = await connectRedis(redisUrl!, createSilentLogger());
    clients.push(client);
    const kv = createRedisKeyValueStore(client, { prefix: uniquePrefix('directline') });
    return { kv, store: createConversationStore(kv, { ttlMs: HOUR }) };
  });
});

describe('Direct Line conversation started again after its history was lost', () => {
  it('counts watermarks from its base: a client with an older watermark reads it all, and never gets a smaller one', async () => {
    const store = createConversationStore(createMemoryKeyValueStore(), { ttlMs: HOUR });
    const restarted = { ...record('r'), base: 1_767_225_600_000 };
    await store.create(restarted);
    expect(await store.append(restarted, { type: 'message', text: 'notice' })).toBe('r|1767225600000');
    await store.append(restarted, { type: 'message', text: 'welcome' });
    expect(await store.page(restarted, 7, 100)).toMatchObject({ activities: [{ text: 'notice', id: 'r|1767225600000' }, { text: 'welcome' }], watermark: '1767225600002' });
    expect(await store.page(restarted, 1_767_225_600_001, 100)).toMatchObject({ activities: [{ text: 'welcome' }], watermark: '1767225600002' });
    expect(await store.page(restarted, 1_767_225_600_009, 100)).toEqual({ activities: [], watermark: '1767225600009' });
    expect(await store.replace(restarted, 'r|1767225600001', { type: 'message', text: 'masked' })).toBe(true);
    expect(await store.size(restarted)).toBe(2);
  });
});
