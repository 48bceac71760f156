import { describe, expect, it } from 'vitest';
import { createHandoffQueue, DEFAULT_HANDOFF_TTL_MS } from '../../../src/handoff/handoff-queue.js';
import type { NewHandoffRequest } from '../../../src/handoff/types.js';
import { createFakeClock, type FakeClock } from '../../../src/shared/clock.js';
import { createSequentialIds } from '../../../src/shared/ids.js';
import type { KeyValueStore } from '../../../src/state/kv.js';
import { createMemoryKeyValueStore } from '../../../src/state/memory-kv.js';
import { redisStores } from '../../support/redis-stores.js';

const request = (overrides: Partial<NewHandoffRequest> = {}): NewHandoffRequest => ({
  conversationId: 'conv-1',
  channel: 'webchat',
  topic: 'mes.activate',
  mode: 'callback',
  subject: 'Activer Mon espace santé',
  reason: 'user_asked',
  transcript: [
    { from: 'user', text: 'je veux activer mon espace santé', at: '2026-01-15T09:00:00.000Z' },
    { from: 'bot', text: 'Quel est votre numéro de sécurité sociale ?', at: '2026-01-15T09:00:01.000Z' },
  ],
  ...overrides,
});

/** The same behaviour on every store; Redis keys expire with real time, so expiry is tested in memory. */
function contract(name: string, makeKv: (clock: FakeClock) => Promise<KeyValueStore>) {
  describe(`handoff queue on ${name}`, () => {
    const make = async () => {
      const clock = createFakeClock('2026-01-15T09:00:00.000Z');
      return { clock, queue: createHandoffQueue({ kv: await makeKv(clock), clock, ids: createSequentialIds('t') }) };
    };

    it('creates a waiting request with an id and the time, and reads it back', async () => {
      const { queue } = await make();
      const created = await queue.create(request());
      expect(created).toMatchObject({ id: 'h_t-1', status: 'waiting', topic: 'mes.activate', reason: 'user_asked', createdAt: '2026-01-15T09:00:00.000Z' });
      expect(await queue.get(created.id)).toEqual(created);
      expect(await queue.get('h_unknown')).toBeUndefined();
      expect(await queue.get('../etc/passwd')).toBeUndefined();
    });

    it('masks personal data in the transcript, whatever the caller sent', async () => {
      const { queue } = await make();
      const created = await queue.create(
        request({
          transcript: [
            { from: 'user', text: 'mon numéro est 1 85 05 78 006 084 36', at: 'x' },
            { from: 'user', text: 'ines.martin@orange.fr et 06 12 34 56 15', at: 'y' },
          ],
        }),
      );
      const text = created.transcript.map((l) => l.text).join('\n');
      expect(text).not.toContain('006 084');
      expect(text).not.toContain('ines.martin');
      expect(text).not.toContain('12 34 56');
      expect(text).toContain('1 85 ** ** *** *** 36');
      expect(text).toContain('i***@o***.fr');
    });

    it('lists requests newest first, and by status', async () => {
      const { queue, clock } = await make();
      const first = await queue.create(request({ topic: 'account.create' }));
      clock.advanceMinutes(5);
      const second = await queue.create(request({ topic: 'mes.oppose' }));
      clock.advanceMinutes(60 * 24);
      const third = await queue.create(request({ topic: 'contact.phone' }));
      expect((await queue.list()).map((r) => r.id)).toEqual([third.id, second.id, first.id]);
      await queue.take(second.id, 'Claire');
      expect((await queue.list({ status: 'waiting' })).map((r) => r.id)).toEqual([third.id, first.id]);
      expect((await queue.list({ status: 'taken' })).map((r) => r.id)).toEqual([second.id]);
    });

    it('marks a waiting request as taken, once: a second agent gets nothing', async () => {
      const { queue, clock } = await make();
      const created = await queue.create(request());
      clock.advanceMinutes(3);
      const [a, b] = await Promise.all([queue.take(created.id, 'Claire'), queue.take(created.id, 'Marc')]);
      const taken = a ?? b;
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect(taken).toMatchObject({ status: 'taken', takenAt: '2026-01-15T09:03:00.000Z' });
      expect(['Claire', 'Marc']).toContain(taken?.takenBy);
      expect(await queue.get(created.id)).toEqual(taken);
      expect(await queue.take(created.id, 'Claire')).toBeUndefined();
      expect(await queue.take('h_unknown', 'Claire')).toBeUndefined();
    });

    it('refuses a request without a topic', async () => {
      const { queue } = await make();
      await expect(queue.create(request({ topic: ' ' }))).rejects.toThrow(/topic is required/);
    });

    it('keeps only the most recent transcript lines', async () => {
      const clock = createFakeClock();
      const queue = createHandoffQueue({ kv: await makeKv(clock), clock, ids: createSequentialIds(), maxTranscriptLines: 3 });
      const lines = Array.from({ length: 10 }, (_, i) => ({ from: 'user' as const, text: `message ${i}`, at: '' }));
      const created = await queue.create(request({ transcript: lines }));
      expect(created.transcript.map((l) => l.text)).toEqual(['message 7', 'message 8', 'message 9']);
    });
  });
}

contract('memory', (clock) => Promise.resolve(createMemoryKeyValueStore({ clock })));

describe('handoff queue expiry', () => {
  it('forgets a request 7 days after it was created, taken or not', async () => {
    const clock = createFakeClock('2026-01-15T09:00:00.000Z');
    const queue = createHandoffQueue({ kv: createMemoryKeyValueStore({ clock }), clock, ids: createSequentialIds() });
    const waiting = await queue.create(request());
    const taken = await queue.create(request());
    clock.advanceMinutes(60 * 24 * 6);
    await queue.take(taken.id, 'Claire');
    expect((await queue.list()).length).toBe(2);
    clock.advance(DEFAULT_HANDOFF_TTL_MS - 6 * 24 * 60 * 60_000 - 1);
    expect((await queue.list()).length).toBe(2);
    clock.advance(1);
    expect(await queue.list()).toEqual([]);
    expect(await queue.get(waiting.id)).toBeUndefined();
    expect(await queue.get(taken.id)).toBeUndefined();
  });
});

const redis = await redisStores();

describe.skipIf(!redis.url)('redis', () => {
  contract('redis', () => redis.make('handoff'));

  it('stores a request with its expiry in Redis', async () => {
    const kv = await redis.make('handoff-ttl');
    const clock = createFakeClock();
    const queue = createHandoffQueue({ kv, clock, ids: createSequentialIds() });
    const created = await queue.create(request());
    const ttl = await kv.ttl(`handoff:req:${created.id}`);
    expect(ttl).toBeGreaterThan(DEFAULT_HANDOFF_TTL_MS - 60_000);
    await queue.take(created.id, 'Claire');
    expect(await kv.ttl(`handoff:req:${created.id}`)).toBeLessThanOrEqual(ttl!);
    expect(await kv.ttl(`handoff:req:${created.id}`)).toBeGreaterThan(DEFAULT_HANDOFF_TTL_MS - 60_000);
  });
});
