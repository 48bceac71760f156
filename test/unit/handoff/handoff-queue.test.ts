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

    it('is a callback named by its topic in words when the engine gives no mode or subject', async () => {
      const clock = createFakeClock();
      const queue = createHandoffQueue({ kv: await makeKv(clock), clock, ids: createSequentialIds(), describeTopic: (t) => (t === 'mes.activate' ? 'Activer Mon espace santé' : 'Demande générale') });
      expect(await queue.create(request())).toMatchObject({ mode: 'callback', subject: 'Activer Mon espace santé' });
      expect(await queue.create(request({ mode: 'live', subject: 'Code provisoire perdu' }))).toMatchObject({ mode: 'live', subject: 'Code provisoire perdu' });
    });

    it('keeps the conversation id exactly as given, so that the live exchange finds the conversation', async () => {
      const { queue } = await make();
      for (const conversationId of ['Xk3pQ9rT2vW8yZ1aB4cD6e', 'a:1Xyz9876543210abcdefgh;messageid=1234567']) {
        expect((await queue.create(request({ conversationId }))).conversationId).toBe(conversationId);
      }
    });

    it('keeps a checked callback contact as given, and refuses a contact that is not one', async () => {
      const { queue } = await make();
      const contact = { kind: 'phone' as const, value: '06 12 34 56 78', when: 'demain matin', consentAt: '2026-01-15T09:00:00.000Z' };
      const created = await queue.create(request({ contact }));
      expect(created.contact).toEqual(contact);
      expect((await queue.get(created.id))?.contact).toEqual(contact);
      const email = await queue.create(request({ contact: { kind: 'email', value: ' ines.martin@orange.fr ', consentAt: '2026-01-15T09:00:00Z' } }));
      expect(email.contact).toEqual({ kind: 'email', value: 'ines.martin@orange.fr', consentAt: '2026-01-15T09:00:00.000Z' });
      for (const bad of [
        { kind: 'phone', value: '12 34', consentAt: '2026-01-15T09:00:00Z' },
        { kind: 'email', value: 'pas une adresse', consentAt: '2026-01-15T09:00:00Z' },
        { kind: 'fax', value: '0612345678', consentAt: '2026-01-15T09:00:00Z' },
        { kind: 'phone', value: '0612345678', consentAt: 'hier' },
      ]) {
        await expect(queue.create(request({ contact: bad as never })), JSON.stringify(bad)).rejects.toMatchObject({ status: 400 });
      }
    });

    it('masks birth dates too, in the transcript and in live lines', async () => {
      const { queue } = await make();
      const created = await queue.create(request({ transcript: [{ from: 'user', text: 'je suis né le 22/03/1979', at: '' }] }));
      expect(created.transcript[0]?.text).toBe('je suis né le **/**/****');
      await queue.addLine(created.id, { from: 'user', text: 'né le 1er mars 1980, mail j.doe@example.fr' });
      const { lines } = await queue.lines(created.id);
      expect(lines[0]?.text).toBe('né le *** **** ****, mail j***@e***.fr');
    });

    it('opens a live exchange when a live request is taken, and hands it back when it is closed', async () => {
      const { queue, clock } = await make();
      const live = await queue.create(request({ mode: 'live' }));
      expect(await queue.liveFor('conv-1')).toBeUndefined();
      const taken = await queue.take(live.id, 'Nadia', 'Nadia, conseillère');
      expect(taken).toMatchObject({ status: 'taken', takenBy: 'Nadia', agentName: 'Nadia, conseillère' });
      expect((await queue.liveFor('conv-1'))?.id).toBe(live.id);
      expect(await queue.liveFor('conv-2')).toBeUndefined();
      clock.advanceMinutes(4);
      const closed = await queue.close(live.id);
      expect(closed).toMatchObject({ status: 'closed', closedAt: '2026-01-15T09:04:00.000Z' });
      expect(await queue.liveFor('conv-1')).toBeUndefined();
      expect(await queue.close(live.id)).toBeUndefined();
      expect(await queue.close('h_unknown')).toBeUndefined();
    });

    it('never opens a live exchange for a callback request', async () => {
      const { queue } = await make();
      const callback = await queue.create(request());
      await queue.take(callback.id, 'Marc');
      expect(await queue.liveFor('conv-1')).toBeUndefined();
    });

    it('reads the live lines from an index, and says where to read next', async () => {
      const { queue } = await make();
      const live = await queue.create(request({ mode: 'live' }));
      await queue.addLine(live.id, { from: 'user', text: 'bonjour' });
      await queue.addLine(live.id, { from: 'agent', text: 'Bonjour, je regarde votre dossier.' });
      expect(await queue.lines(live.id)).toMatchObject({ lines: [{ from: 'user', text: 'bonjour' }, { from: 'agent', text: 'Bonjour, je regarde votre dossier.' }], next: 2 });
      expect(await queue.lines(live.id, 1)).toMatchObject({ lines: [{ from: 'agent' }], next: 2 });
      expect(await queue.lines(live.id, 2)).toEqual({ lines: [], next: 2 });
      expect(await queue.addLine('h_unknown', { from: 'user', text: 'x' })).toBeUndefined();
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

describe('live exchange expiry', () => {
  it('hands the conversation back when neither side wrote for the idle time', async () => {
    const clock = createFakeClock('2026-01-15T09:00:00.000Z');
    const queue = createHandoffQueue({ kv: createMemoryKeyValueStore({ clock }), clock, ids: createSequentialIds(), liveIdleMs: 60 * 60_000 });
    const live = await queue.create(request({ mode: 'live' }));
    await queue.take(live.id, 'Nadia');
    clock.advanceMinutes(50);
    await queue.addLine(live.id, { from: 'user', text: 'toujours là ?' });
    clock.advanceMinutes(50);
    expect((await queue.liveFor('conv-1'))?.id).toBe(live.id);
    clock.advanceMinutes(11);
    expect(await queue.liveFor('conv-1')).toBeUndefined();
  });
});

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

describe('requests stored before live requests existed', () => {
  it('read as callbacks with their subject in words', async () => {
    const clock = createFakeClock();
    const kv = createMemoryKeyValueStore({ clock });
    const queue = createHandoffQueue({ kv, clock, ids: createSequentialIds(), describeTopic: () => 'Activer Mon espace santé' });
    await kv.set('handoff:req:h_old', { id: 'h_old', conversationId: 'c', channel: 'webchat', topic: 'mes-activate', reason: 'user_asked', transcript: [], createdAt: '2026-01-15T09:00:00.000Z', status: 'waiting' });
    expect(await queue.get('h_old')).toMatchObject({ mode: 'callback', subject: 'Activer Mon espace santé' });
  });
});
