import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { openStores } from '../../../src/state/open-store.js';
import { redisForTests, uniquePrefix } from '../../support/services.js';

const redisUrl = await redisForTests();

describe('openStores: the stores a process picks from its configuration', () => {
  it('is in memory without Redis, with expiry on the given clock, the simulator apart', async () => {
    const clock = createFakeClock('2026-01-15T09:00:00.000Z');
    const stores = await openStores({ logger: createSilentLogger(), clock });
    expect(stores.kind).toBe('memory');
    await stores.kv.set('k', 1, { ttlMs: 60_000 });
    expect(await stores.kv.get('k')).toBe(1);
    expect(await stores.simulatorKv.get('k')).toBeUndefined();
    clock.advanceMinutes(2);
    expect(await stores.kv.get('k')).toBeUndefined();
    expect(await stores.healthy()).toBe(true);
    await stores.close();
  });

  it.skipIf(!redisUrl)('is Redis with a URL, the assistant and the simulator under their own prefixes, healthy until closed', async () => {
    const base = uniquePrefix('open-store');
    const stores = await openStores({ redisUrl: redisUrl!, prefixes: { assistant: `${base}a:`, simulator: `${base}sim:` }, logger: createSilentLogger() });
    try {
      await stores.ready;
      expect(stores.kind).toBe('redis');
      await stores.kv.set('k', { v: 1 }, { ttlMs: 60_000 });
      await stores.simulatorKv.set('k', { v: 2 }, { ttlMs: 60_000 });
      expect(await stores.link!.command(`${base}a:k`, ['GET', `${base}a:k`])).toBe('{"v":1}');
      expect(await stores.link!.command(`${base}sim:k`, ['GET', `${base}sim:k`])).toBe('{"v":2}');
      expect(await stores.healthy()).toBe(true);
      await stores.kv.delete('k');
      await stores.simulatorKv.delete('k');
    } finally {
      await stores.close();
    }
  });
});
