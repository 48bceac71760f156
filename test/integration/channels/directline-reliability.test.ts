/**
 * Issue 9, items 4, 6 and 8 on Direct Line: a conversation whose history was lost starts again in
 * French without its watermark going back; a redelivered activity is processed once; one
 * conversation may post only so fast and hold only so much.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectLine } from '../../../src/channels/directline/index.js';
import { createTurnRunner } from '../../../src/channels/shared/index.js';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { createLocalLocks } from '../../../src/state/conversation-lock.js';
import { createMemoryKeyValueStore } from '../../../src/state/memory-kv.js';
import { call, startAssistant, TEST_SECRET, type RunningAssistant } from '../../support/assistant-server.js';
import { createTurnGates, reportingLocks, serveRouter } from '../../support/ordering.js';
import { createScriptedEngine, SCRIPTED_APOLOGY } from '../../support/scripted-engine.js';

const clock = createFakeClock('2026-03-02T08:00:00Z');
const engine = createScriptedEngine({ answer: (input) => [{ text: `Vous avez dit : ${input.text}` }] });
let server: RunningAssistant;
let dl: string;
beforeAll(async () => {
  server = await startAssistant({ engine, clock, env: { DIRECT_LINE_MESSAGES_PER_MINUTE: '12', DIRECT_LINE_MAX_ACTIVITIES: '50' } });
  dl = `${server.url}/v3/directline`;
});
afterAll(() => server.close());

async function open(): Promise<{ token: string; conversationId: string; post: (body: unknown) => ReturnType<typeof call>; texts: (watermark?: string) => Promise<{ texts: string[]; watermark: string }> }> {
  const { body } = await call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET });
  const { token, conversationId } = body as { token: string; conversationId: string };
  return {
    token,
    conversationId,
    post: (activity) => call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: activity }),
    texts: async (watermark) => {
      const page = await call(`${dl}/conversations/${conversationId}/activities${watermark ? `?watermark=${watermark}` : ''}`, { auth: token });
      return { texts: (page.body.activities as Array<{ text: string }>).map((a) => a.text), watermark: String(page.body.watermark) };
    },
  };
}

/** What FLUSHALL, an eviction or an expiry leaves: no Direct Line key at all. */
async function emptyTheStore(): Promise<void> {
  for (const key of await server.assistant.services.stores.kv.keys('dl:')) await server.assistant.services.stores.kv.delete(key);
}

describe('an activity delivered again', () => {
  const msg = (text: string, clientActivityID: string) => ({ type: 'message', from: { id: 'x' }, text, channelData: { clientActivityID } });

  it('is stored and answered once; the retry gets the same id', async () => {
    const c = await open();
    const first = await c.post(msg('par e-mail', 'web-1'));
    const again = await c.post(msg('par e-mail', 'web-1'));
    expect(first.status).toBe(200);
    expect(again).toEqual(first);
    expect((await c.texts()).texts).toEqual(['Bienvenue', 'par e-mail', 'Vous avez dit : par e-mail']);
    expect(engine.turns.filter((t) => t.conversationId === c.conversationId)).toHaveLength(1);
  });

  it('is recognised by its activity id as well', async () => {
    const c = await open();
    const a = await c.post({ type: 'message', id: 'client-7', from: { id: 'x' }, text: 'oui' });
    expect(await c.post({ type: 'message', id: 'client-7', from: { id: 'x' }, text: 'oui' })).toEqual(a);
    expect((await c.texts()).texts).toEqual(['Bienvenue', 'oui', 'Vous avez dit : oui']);
  });

  it('is processed once when the retry arrives while the first is still running', async () => {
    await retriedWhileRunning(1);
  });

  it('is processed once across two instances sharing the store and its locks', async () => {
    await retriedWhileRunning(2);
  });

  /**
   * The first delivery's turn is held until the retry has reached the conversation (on the same
   * instance, or on another sharing the store and its locks: with Redis, the lease in Redis).
   */
  async function retriedWhileRunning(instanceCount: 1 | 2): Promise<void> {
    const kv = createMemoryKeyValueStore({ clock });
    const locks = reportingLocks(createLocalLocks());
    const gates = createTurnGates();
    const slow = createScriptedEngine({ answer: async (input) => (await gates.wait(input.text), [{ text: 'ok' }]) });
    const runner = createTurnRunner({ apology: SCRIPTED_APOLOGY, engine: slow, logger: createSilentLogger() });
    const instances = await Promise.all(Array.from({ length: instanceCount }, () => serveRouter(createDirectLine({ store: kv, locks, clock, logger: createSilentLogger(), runner, secret: TEST_SECRET }).router)));
    const at = (n: number) => instances[n % instanceCount]!.url;
    try {
      const started = await call(`${at(0)}/conversations`, { method: 'POST', auth: TEST_SECRET });
      const { token, conversationId } = started.body as { token: string; conversationId: string };
      const post = (n: number) => call(`${at(n)}/conversations/${conversationId}/activities`, { auth: token, body: msg('lent', 'web-3') });
      const turn = gates.hold('lent');
      const first = post(0);
      await turn.started;
      const arrived = locks.nextArrival();
      const retry = post(1);
      await arrived;
      turn.release();
      const [a, b] = await Promise.all([first, retry]);
      expect(a.status).toBe(200);
      expect(b).toEqual(a);
      expect(slow.turns.map((t) => t.text)).toEqual(['lent']);
    } finally {
      for (const i of instances) i.close();
    }
  }
});

describe('a conversation whose history was lost (store emptied, expired)', () => {
  it('starts again in French for a valid token, and a client that kept its watermark sees the new activities', async () => {
    const c = await open();
    await c.post({ type: 'message', from: { id: 'x' }, text: 'bonjour' });
    const kept = (await c.texts()).watermark;
    expect(kept).toBe('3');
    await emptyTheStore();

    const page = await c.texts(kept);
    expect(page.texts[0]).toMatch(/^Je ne retrouve pas notre conversation précédente/);
    expect(page.texts[1]).toBe('Bienvenue');
    expect(Number(page.watermark)).toBeGreaterThan(Number(kept));
    // From then on it goes on as any conversation, its watermark only growing.
    await c.post({ type: 'message', from: { id: 'x' }, text: 'ensuite' });
    const next = await c.texts(page.watermark);
    expect(next.texts).toEqual(['ensuite', 'Vous avez dit : ensuite']);
    expect(Number(next.watermark)).toBe(Number(page.watermark) + 2);
  });

  it('answers a message posted to it with the notice and a welcome, not with a reading out of context', async () => {
    const c = await open();
    await emptyTheStore();
    const turnsBefore = engine.turns.length;
    const posted = await c.post({ type: 'message', from: { id: 'x' }, text: '1 79 03 75 056 234 45' });
    expect(posted.status).toBe(200);
    const { texts } = await c.texts('3');
    expect(texts).toEqual(['1 79 03 75 056 234 45', expect.stringMatching(/^Je ne retrouve pas/), 'Bienvenue']);
    expect(engine.turns.length).toBe(turnsBefore);
  });

  it('starts again on a reconnection (GET /conversations/{id}) and on POST /conversations with its token', async () => {
    const c = await open();
    await emptyTheStore();
    const reconnect = await call(`${dl}/conversations/${c.conversationId}?watermark=3`, { auth: c.token });
    expect(reconnect.status).toBe(200);
    expect((await c.texts('3')).texts[0]).toMatch(/^Je ne retrouve pas/);

    const generated = await call(`${dl}/tokens/generate`, { method: 'POST', auth: TEST_SECRET });
    const { token } = generated.body as { token: string };
    expect((await call(`${dl}/conversations`, { method: 'POST', auth: token })).status).toBe(201);
    await emptyTheStore();
    const again = await call(`${dl}/conversations`, { method: 'POST', auth: token });
    expect(again.status).toBe(201);
    const texts = ((await call(`${dl}/conversations/${String(again.body.conversationId)}/activities`, { auth: token })).body.activities as Array<{ text: string }>).map((a) => a.text);
    expect(texts).toEqual([expect.stringMatching(/^Je ne retrouve pas/), 'Bienvenue']);
  });

  it('still answers 404 to the secret (no token: nobody to start it again for)', async () => {
    const c = await open();
    await emptyTheStore();
    expect((await call(`${dl}/conversations/${c.conversationId}/activities`, { auth: TEST_SECRET })).status).toBe(404);
  });
});

describe('limits of one conversation', () => {
  it('answers 429 with Retry-After past DIRECT_LINE_MESSAGES_PER_MINUTE, and stores nothing of the refused', async () => {
    const c = await open();
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 15; i++) {
      const res = await fetch(`${dl}/conversations/${c.conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: 'x' }, text: `m${i}` }),
      });
      statuses.push(res.status);
      if (res.status === 429) refused = { status: 429, body: { retryAfter: res.headers.get('retry-after'), ...((await res.json()) as object) } };
    }
    expect(statuses).toEqual([...Array<number>(12).fill(200), 429, 429, 429]);
    expect(refused?.body).toMatchObject({ retryAfter: '60', error: { code: 'TooManyRequests' } });
    expect((await c.texts()).texts).toHaveLength(1 + 12 * 2);
    // Another conversation is not affected; this one may go on after the minute.
    expect((await (await open()).post({ type: 'message', from: { id: 'x' }, text: 'a' })).status).toBe(200);
    clock.advance(60_000);
    expect((await c.post({ type: 'message', from: { id: 'x' }, text: 'après' })).status).toBe(200);
  });

  it('holds at most DIRECT_LINE_MAX_ACTIVITIES, then says in French to start a new one (409)', async () => {
    const c = await open();
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) {
      if (i % 10 === 9) clock.advance(60_000);
      statuses.push((await c.post({ type: 'message', from: { id: 'x' }, text: `n${i}` })).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([409, 409, 409, 409]);
    const { texts } = await c.texts();
    expect(texts.length).toBeLessThanOrEqual(50);
    expect(texts.filter((t) => /trop longue/.test(t))).toHaveLength(1);
  });

  it('keeps at most 5,000 characters of a message, and answers a longer one in French', async () => {
    const c = await open();
    expect((await c.post({ type: 'message', from: { id: 'x' }, text: `${'a'.repeat(60_000)}@` })).status).toBe(200);
    const { texts } = await c.texts('1');
    expect(texts[0]).toHaveLength(5001);
    expect(texts[1]).toMatch(/trop long pour moi : 5 000 caractères au plus/);
  });
});
