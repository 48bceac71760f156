import { describe, expect, it } from 'vitest';
import { createOpeningHours, parseOpeningHours } from '../../../src/handoff/opening-hours.js';
import { createAdvisorPresence } from '../../../src/handoff/presence.js';
import { createFakeClock } from '../../../src/shared/clock.js';
import type { KeyValueStore } from '../../../src/state/kv.js';
import { createMemoryKeyValueStore } from '../../../src/state/memory-kv.js';

const hours = createOpeningHours(parseOpeningHours('mon-fri 08:30-17:30', 'Europe/Paris'));
// Thursday 15 January 2026, 10:00 in Paris.
const OPEN = '2026-01-15T09:00:00.000Z';

function setup(kv?: KeyValueStore) {
  const clock = createFakeClock(OPEN);
  const presence = createAdvisorPresence({ kv: kv ?? createMemoryKeyValueStore({ clock }), hours, ttlMs: 90_000, timeoutMs: 50 });
  return { clock, presence };
}

describe('advisor presence', () => {
  it('is live while a console beats within the opening hours', async () => {
    const { clock, presence } = setup();
    expect(await presence.liveAvailable(clock.now())).toBe(false);
    await presence.heartbeat('console-session-1', 'Nadia');
    expect(await presence.liveAvailable(clock.now())).toBe(true);
    expect(await presence.status(clock.now())).toEqual({ online: 1, open: true, live: true });
  });

  it('drops an advisor whose console stopped beating, after the expiry', async () => {
    const { clock, presence } = setup();
    await presence.heartbeat('console-session-1', 'Nadia');
    clock.advance(60_000);
    await presence.heartbeat('console-session-1', 'Nadia');
    clock.advance(89_999);
    expect(await presence.liveAvailable(clock.now())).toBe(true);
    clock.advance(1);
    expect(await presence.liveAvailable(clock.now())).toBe(false);
  });

  it('drops an advisor at once on logout, and keeps the others', async () => {
    const { clock, presence } = setup();
    await presence.heartbeat('console-session-1', 'Nadia');
    await presence.heartbeat('console-session-2', 'Marc');
    await presence.leave('console-session-1');
    expect(await presence.status(clock.now())).toMatchObject({ online: 1, live: true });
    await presence.leave('console-session-2');
    expect(await presence.liveAvailable(clock.now())).toBe(false);
  });

  it('is never live outside the opening hours, even with advisors online', async () => {
    const { clock, presence } = setup();
    clock.set('2026-01-15T18:00:00.000Z');
    await presence.heartbeat('console-session-1', 'Nadia');
    expect(await presence.status(clock.now())).toEqual({ online: 1, open: false, live: false });
    expect(await presence.liveAvailable(clock.now())).toBe(false);
  });

  it('refuses a malformed session id with a 400', async () => {
    const { presence } = setup();
    await expect(presence.heartbeat('x', 'Nadia')).rejects.toMatchObject({ status: 400 });
    await expect(presence.heartbeat('../../etc', 'Nadia')).rejects.toMatchObject({ status: 400 });
  });

  it('is not live when the store does not answer in time (the request becomes a callback)', async () => {
    const memory = createMemoryKeyValueStore();
    const stuck: KeyValueStore = { ...memory, keys: () => new Promise<string[]>(() => undefined) };
    const { clock, presence } = setup(stuck);
    await presence.heartbeat('console-session-1', 'Nadia');
    expect(await presence.liveAvailable(clock.now())).toBe(false);
  });
});
