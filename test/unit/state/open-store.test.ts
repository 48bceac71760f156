import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { openKeyValueStore } from '../../../src/state/open-store.js';
import { redisForTests, uniquePrefix } from '../../support/services.js';

const redisUrl = await redisForTests();

describe('openKeyValueStore: the store a process picks from its configuration', () => {
  it('is in memory without a Redis URL, with expiry on the given clock', async () => {
    const clock = createFakeClock('2026-01-15T09:00:00.000Z');
    const store = await openKeyValueStore({ prefix: 'ameli:', logger: createSilentLogger(), clock });
    expect(store.kind).toBe('memory');
    await store.kv.set('k', 1, { ttlMs: 60_000 });
    expect(await store.kv.get('k')).toBe(1);
    clock.advanceMinutes(2);
    expect(await store.kv.get('k')).toBeUndefined();
    expect(await store.healthy()).toBe(true);
    await store.close();
  });

  it.skipIf(!redisUrl)('is Redis with a URL, under the given prefix, healthy until closed', async () => {
    const prefix = uniquePrefix('open-store');
    const store = await openKeyValueStore({ redisUrl: redisUrl!, prefix, logger: createSilentLogger() });
    try {
      expect(store.kind).toBe('redis');
      await store.kv.set('k', { v: 1 }, { ttlMs: 60_000 });
      expect(await store.redis!.exists(`${prefix}k`)).toBe(1);
      expect(await store.healthy()).toBe(true);
      await store.kv.delete('k');
    } finally {
      await store.close();
    }
  });
});
