import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createFeedbackStore } from '../../../src/feedback/feedback-store.js';
import type { KeyValueStore } from '../../../src/state/kv.js';
import { createMemoryKeyValueStore } from '../../../src/state/memory-kv.js';
import { redisStores } from '../../support/redis-stores.js';

const known = new Set(['password-reset', 'contacts']);

function contract(name: string, makeKv: () => Promise<KeyValueStore>) {
  describe(`feedback store on ${name}`, () => {
    it('counts yes and no answers per entry', async () => {
      const store = createFeedbackStore({ kv: await makeKv(), isKnownEntry: (id) => known.has(id) });
      await store.record('password-reset', true);
      await store.record('password-reset', true);
      await store.record('password-reset', false);
      await store.record('contacts', false);
      expect(await store.counts()).toEqual({ 'password-reset': { yes: 2, no: 1 }, contacts: { yes: 0, no: 1 } });
    });

    it('refuses an unknown entry id', async () => {
      const store = createFeedbackStore({ kv: await makeKv(), isKnownEntry: (id) => known.has(id) });
      await expect(store.record('nope', true)).rejects.toThrow(/unknown knowledge entry/);
      await expect(store.record('../../etc', true)).rejects.toThrow(/unknown knowledge entry/);
      expect(await store.counts()).toEqual({});
    });
  });
}

contract('memory', () => Promise.resolve(createMemoryKeyValueStore()));

describe('feedback metric', () => {
  it('counts answers in assistant_feedback_total, one counter per registry', async () => {
    const registry = new Registry();
    const kv = createMemoryKeyValueStore();
    const a = createFeedbackStore({ kv, registry });
    const b = createFeedbackStore({ kv, registry });
    await a.record('contacts', true);
    await b.record('contacts', false);
    await b.record('contacts', false);
    const text = await registry.metrics();
    expect(text).toContain('assistant_feedback_total{entry="contacts",helpful="yes"} 1');
    expect(text).toContain('assistant_feedback_total{entry="contacts",helpful="no"} 2');
  });
});

const redis = await redisStores();

describe.skipIf(!redis.url)('redis', () => {
  contract('redis', () => redis.make('feedback'));
});
