/**
 * REDIS_CLUSTER_NODES on a real 3-master Redis Cluster started by this file (ports 6420–6449):
 * the stores spread their keys over the masters, one conversation's keys share a slot so that a
 * turn's writes commit in one script, and the whole assistant runs a conversation on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { conversationTag } from '../../../src/state/keys.js';
import { openStores, type Stores } from '../../../src/state/open-store.js';
import { call, startAssistant, TEST_SECRET } from '../../support/assistant.js';
import { redisClusterAvailable, startCluster, type OwnCluster } from '../../support/redis-cluster.js';

const available = redisClusterAvailable();

describe.skipIf(!available)('state on a Redis Cluster', () => {
  let cluster: OwnCluster;
  const opened: Stores[] = [];
  beforeAll(async () => {
    cluster = await startCluster();
  }, 60_000);
  afterAll(async () => {
    for (const s of opened) await s.close();
    await cluster?.stop();
  });
  const stores = async (clock = createFakeClock()) => {
    const s = await openStores({ clusterNodes: cluster.nodes, prefixes: { assistant: 'ameli:', simulator: 'ameli-sim:' }, logger: createSilentLogger(), clock, lockMs: 5000 });
    opened.push(s);
    await s.ready;
    return s;
  };

  it('spreads keys over the three masters, and reads, counts, appends and finds them all', async () => {
    const { kv, kind, healthy } = await stores();
    expect(kind).toBe('cluster');
    expect(await healthy()).toBe(true);
    for (let i = 0; i < 30; i++) await kv.set(`spread:${i}`, { i }, { ttlMs: 60_000 });
    const slots = new Set(Array.from({ length: 30 }, (_, i) => Number(cluster.cli('CLUSTER', 'KEYSLOT', `ameli:spread:${i}`))));
    expect(slots.size).toBeGreaterThan(3);
    expect((await kv.keys('spread:')).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `spread:${i}`).sort());
    expect(await kv.get('spread:7')).toEqual({ i: 7 });
    expect(await kv.incr('counter', { ttlMs: 60_000 })).toBe(1);
    await kv.append('list', 'a');
    await kv.append('list', 'b');
    expect(await kv.range('list')).toEqual(['a', 'b']);
  });

  it("keeps one conversation's document, engine state and lock in one slot", () => {
    const tag = conversationTag('directline', 'Q3p1I0vsnNNiOfk1pl2L7A');
    const keys = [`ameli:dl:${tag}`, `ameli:state:engine/conversation/${tag}`, `ameli:lock:${tag}`];
    const slots = keys.map((k) => cluster.cli('CLUSTER', 'KEYSLOT', k));
    expect(new Set(slots).size).toBe(1);
  });

  it("commits a turn's writes to its conversation together, and two instances take turns", async () => {
    const clock = createFakeClock();
    const [a, b] = [await stores(clock), await stores(clock)];
    const tag = conversationTag('directline', 'cluster-turns');
    const storage = a.storage({ ttlMs: 60_000 });
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const onA = a.locks.run(tag, async () => {
      await a.kv.set(`dl:${tag}`, 'doc from a', { ttlMs: 60_000 });
      await storage.write({ [`engine/conversation/${tag}`]: { turn: 1 } });
      holding();
      await gate;
      order.push('a');
    });
    await held;
    const onB = b.locks.run(tag, async () => {
      order.push(`b saw ${String(await b.kv.get(`dl:${tag}`))}`);
    });
    release();
    await Promise.all([onA, onB]);
    expect(order).toEqual(['a', 'b saw doc from a']);
    expect((await a.storage({ ttlMs: 60_000 }).read([`engine/conversation/${tag}`]))[`engine/conversation/${tag}`]).toMatchObject({ turn: 1 });
  });

  it('runs a whole Direct Line conversation of the assistant on the cluster', async () => {
    const assistant = await startAssistant({ env: { REDIS_CLUSTER_NODES: cluster.nodes.join(',') }, redisPrefix: 'cluster-assistant:' });
    try {
      expect((await fetch(`${assistant.url}/healthz`)).status).toBe(200);
      const dl = `${assistant.url}/v3/directline`;
      const { body } = await call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET });
      const { token, conversationId } = body as { token: string; conversationId: string };
      for (const [i, text] of ["j'ai oublié mon mot de passe", '1 79 03 75 056 234 45', '22/03/1979'].entries()) {
        const posted = await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text, channelData: { clientActivityID: `c${i}` } } });
        expect(posted.status).toBe(200);
      }
      const page = await call(`${dl}/conversations/${conversationId}/activities`, { auth: token });
      const texts = (page.body.activities as Array<{ text: string }>).map((a) => a.text);
      expect(texts.some((t) => /un e-mail vient de partir/.test(t))).toBe(true);
      const outbox = (await (await fetch(`${assistant.url}/sim/outbox?to=julien.moreau@example.fr`)).json()) as unknown[];
      expect(outbox.length).toBeGreaterThan(0);
    } finally {
      await assistant.close();
    }
  });
});
