import { afterAll, describe, expect, it } from 'vitest';
import { createConversationStore, type ConversationStore } from '../../../../src/channels/directline/index.js';
import type { StoredEntry } from '../../../../src/channels/directline/stored-activity.js';
import { createFakeClock } from '../../../../src/shared/clock.js';
import { createSilentLogger } from '../../../../src/shared/logger.js';
import { createMemoryKeyValueStore } from '../../../../src/state/memory-kv.js';
import { createRedisKeyValueStore } from '../../../../src/state/redis-kv.js';
import { connectRedis, type RedisLink } from '../../../../src/state/redis.js';
import type { KeyValueStore } from '../../../../src/state/kv.js';
import { redisForTests, uniquePrefix } from '../../../support/services.js';

const HOUR = 3_600_000;
const record = (id: string) => ({ id, userId: 'dl_u', createdAt: '2026-01-15T09:00:00.000Z' });
const said = (t: string, c?: string): StoredEntry => ({ k: 'u', ms: 0, t, ...(c ? { c } : {}) });
const texts = (page: { entries: Array<{ entry: StoredEntry }> } | undefined) => page?.entries.map(({ entry }) => entry.t);

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
      expect(await store.append('c2', [said('a'), said('b')])).toEqual(['c2|0000000', 'c2|0000001']);
      expect(await store.append('c2', (first) => [{ k: 'b', ms: 5, t: 'c', r: first - 1 }])).toEqual(['c2|0000002']);
      const page = await store.page('c2', 1, 100);
      expect(page?.entries).toEqual([
        { id: 'c2|0000001', position: 1, entry: said('b') },
        { id: 'c2|0000002', position: 2, entry: { k: 'b', ms: 5, t: 'c', r: 1 } },
      ]);
      expect(page?.watermark).toBe('3');
      expect((await store.page('c2', 0, 2))?.watermark).toBe('2');
      expect(await store.page('c2', 3, 100)).toMatchObject({ entries: [], watermark: '3' });
      expect(await store.page('missing', 0, 100)).toBeUndefined();
    });

    it("finds an activity a client sends again by the client's id", async () => {
      const { store } = await make();
      await store.create(record('c4'));
      await store.append('c4', [said('bonjour', 'u|web-1'), { k: 'b', ms: 1, t: 'Bonjour !' }]);
      expect(await store.findSent('c4', 'u|web-1')).toBe('c4|0000000');
      expect(await store.findSent('c4', 'u|web-2')).toBeUndefined();
    });

    it('reads what another instance appended since it last read (documents are remembered by their bytes)', async () => {
      const { store, kv } = await make();
      const other = createConversationStore(kv, { ttlMs: HOUR });
      await store.create(record('c5'));
      await store.append('c5', [said('un')]);
      expect(texts(await other.page('c5', 0, 10))).toEqual(['un']);
      await other.append('c5', [said('deux')]);
      expect(await store.append('c5', [said('trois')])).toEqual(['c5|0000002']);
      expect(texts(await other.page('c5', 0, 10))).toEqual(['un', 'deux', 'trois']);
      expect(await store.size('c5')).toBe(3);
    });

    it('keeps one compressed document per conversation, expiring an hour after its last change', async () => {
      const { store, kv } = await make();
      await store.create(record('c3'));
      const long = 'Pour créer votre compte ameli, préparez une adresse e-mail personnelle, votre RIB et votre carte Vitale. ';
      for (let i = 0; i < 20; i++) await store.append('c3', [said(`message ${i}`), { k: 'b', ms: i, t: long }]);
      const keys = await kv.keys('dl:');
      expect(keys).toEqual(['dl:{directline/c3}']);
      const bytes = (await kv.getBlob(keys[0]!))!;
      // Compressed in blocks of 16 activities (a turn compresses only its last block): each of the
      // three blocks holds its own first copy of the repeated reply, so under a third, not a fifth.
      expect(bytes.length).toBeLessThan((long.length * 20) / 3);
      const ttl = await kv.ttl(keys[0]!);
      expect(ttl).toBeGreaterThan(HOUR - 5000);
      expect(ttl).toBeLessThanOrEqual(HOUR);
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
    await store.touch('c');
    await store.append('c', [said('encore là')]);
    clock.advanceMinutes(50);
    expect(await store.get('c')).toBeDefined();
    expect(texts(await store.page('c', 0, 10))).toEqual(['encore là']);
    clock.advanceMinutes(11);
    expect(await store.get('c')).toBeUndefined();
    expect(await store.page('c', 0, 10)).toBeUndefined();
  });
});

describe('Direct Line replay window', () => {
  it('keeps the most recent activities only; a watermark from before them reads from the oldest kept, and ids keep counting', async () => {
    const store = createConversationStore(createMemoryKeyValueStore(), { ttlMs: HOUR, window: 3 });
    await store.create(record('w'));
    for (const t of ['1', '2', '3', '4', '5']) await store.append('w', [said(t)]);
    expect(await store.size('w')).toBe(5);
    const page = await store.page('w', 0, 100);
    expect(texts(page)).toEqual(['3', '4', '5']);
    expect(page?.entries[0]?.id).toBe('w|0000002');
    expect(page?.watermark).toBe('5');
    expect(texts(await store.page('w', 4, 100))).toEqual(['5']);
  });

  it('keeps the window when one append brings more activities than it holds', async () => {
    const store = createConversationStore(createMemoryKeyValueStore(), { ttlMs: HOUR, window: 2 });
    await store.create(record('w2'));
    expect(await store.append('w2', [said('1'), said('2'), said('3')])).toEqual(['w2|0000000', 'w2|0000001', 'w2|0000002']);
    expect(texts(await store.page('w2', 0, 100))).toEqual(['2', '3']);
    expect(await store.size('w2')).toBe(3);
  });
});

const redisUrl = await redisForTests();
const clients: RedisLink[] = [];
afterAll(async () => {
  for (const c of clients) await c.close();
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
    expect(await store.append('r', [said('notice')])).toEqual(['r|1767225600000']);
    await store.append('r', [said('welcome')]);
    expect(await store.page('r', 7, 100)).toMatchObject({ entries: [{ entry: { t: 'notice' }, id: 'r|1767225600000' }, { entry: { t: 'welcome' } }], watermark: '1767225600002' });
    expect(await store.page('r', 1_767_225_600_001, 100)).toMatchObject({ entries: [{ entry: { t: 'welcome' } }], watermark: '1767225600002' });
    expect(await store.page('r', 1_767_225_600_009, 100)).toEqual({ record: restarted, entries: [], watermark: '1767225600009' });
    expect(await store.size('r')).toBe(2);
  });
});
