/**
 * Issue 9, item 3, with a redis-server of our own (never the shared one): killed mid-procedure,
 * frozen, unreachable at start-up. The person always gets an answer within 5 seconds (a French
 * apology, or 503 with Retry-After that Web Chat shows as "send again"), POST /conversations never
 * hangs, /healthz says 503 while Redis is down, and everything recovers when Redis comes back.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, startAssistant, TEST_SECRET, type RunningAssistant } from '../support/assistant-server.js';
import { ownRedis, redisServerAvailable, type OwnRedis } from '../support/redis-server.js';

const available = redisServerAvailable();
const ANSWER_WITHIN_MS = 5000;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const healthz = async (server: RunningAssistant) => (await fetch(`${server.url}/healthz`)).status;

describe.skipIf(!available)('Redis faults', () => {
  let redis: OwnRedis;
  let server: RunningAssistant | undefined;
  beforeAll(async () => {
    redis = await ownRedis();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await redis.stop();
  });
  afterAll(() => redis?.stop());

  it('Redis killed mid-procedure: an answer within 5 s, /healthz 503, then a polite fresh start when it is back', async () => {
    await redis.start();
    server = await startAssistant({ env: { REDIS_URL: redis.url } });
    const dl = `${server.url}/v3/directline`;
    const { body } = await call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET });
    const { token, conversationId } = body as { token: string; conversationId: string };
    const post = (text: string, id: string) =>
      fetch(`${dl}/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: 'x' }, text, channelData: { clientActivityID: id } }),
      });
    expect((await post("j'ai oublié mon mot de passe", 'c1')).status).toBe(200);

    await redis.kill();
    const during = await timed(() => post('1 79 03 75 056 234 45', 'c2'));
    expect(during.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(during.value.status).toBe(503);
    expect(Number(during.value.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await during.value.json()).toEqual({ error: { code: 'ServiceUnavailable', message: expect.any(String) } });
    const create = await timed(() => call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET }));
    expect(create.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(create.value.status).toBe(503);
    expect(await healthz(server)).toBe(503);

    // Back, empty (no persistence): the same token gets a French fresh start, and the retry of the
    // message that failed is taken as the message it is.
    await redis.start();
    await until(async () => (await healthz(server!)) === 200);
    expect((await post('1 79 03 75 056 234 45', 'c2')).status).toBe(200);
    const page = await call(`${dl}/conversations/${conversationId}/activities?watermark=5`, { auth: token });
    const texts = (page.body.activities as Array<{ text: string }>).map((a) => a.text);
    expect(texts).toContain('1 79 03 75 056 234 45');
    expect(texts.some((t) => /^Je ne retrouve pas notre conversation précédente/.test(t))).toBe(true);
  });

  it('Redis frozen (no answer at all): commands meet their deadline, the POST answers within 5 s, and it recovers', async () => {
    await redis.start();
    server = await startAssistant({ env: { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '500' } });
    const dl = `${server.url}/v3/directline`;
    const { body } = await call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET });
    const { token, conversationId } = body as { token: string; conversationId: string };
    redis.freeze();
    const during = await timed(() => call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text: 'bonjour' } }));
    expect(during.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(during.value.status).toBe(503);
    const create = await timed(() => call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET }));
    expect(create.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(create.value.status).toBe(503);
    redis.thaw();
    await until(async () => (await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text: 'encore' } })).status === 200);
  });

  it('Redis unreachable at start-up: the server listens at once, unhealthy, and recovers when Redis starts', async () => {
    const started = await timed(() => startAssistant({ env: { REDIS_URL: redis.url } }));
    server = started.value;
    expect(started.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(await healthz(server)).toBe(503);
    const create = await timed(() => call(`${server!.url}/v3/directline/conversations`, { method: 'POST', auth: TEST_SECRET }));
    expect(create.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(create.value.status).toBe(503);
    expect((await fetch(`${server.url}/api/webchat/token`, { method: 'POST' })).status).toBe(503);
    expect((await fetch(`${server.url}/sim/personas`)).status).toBe(503);

    await redis.start();
    await until(async () => (await healthz(server!)) === 200);
    expect((await call(`${server.url}/v3/directline/conversations`, { method: 'POST', auth: TEST_SECRET })).status).toBe(201);
    expect((await fetch(`${server.url}/sim/personas`)).status).toBe(200);
  });
});
