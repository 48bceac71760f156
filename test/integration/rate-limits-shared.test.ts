/**
 * Issue 14: with Redis, every limit is counted there, so that two instances behind a balancer allow
 * what one would: new web chat conversations per address, wrong agent keys per address, messages
 * per Direct Line conversation. Windows move with a fake clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/shared/clock.js';
import { call, startAssistant, TEST_SECRET, type RunningAssistant } from '../support/assistant-server.js';
import { dropPrefixes } from '../support/redis-cleanup.js';
import { redisForTests, uniquePrefix } from '../support/services.js';

const redisUrl = await redisForTests();
const AGENT_KEY = 'agent-key-for-shared-limit-tests';

describe.skipIf(!redisUrl)('limits shared by two instances on one Redis', () => {
  const clock = createFakeClock('2026-03-02T10:00:00.000Z');
  let a: RunningAssistant;
  let b: RunningAssistant;
  const redisPrefix = uniquePrefix('shared-limits');
  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl!, WEBCHAT_TOKENS_PER_MINUTE: '3', AGENT_KEY_MAX_FAILURES: '4', AGENT_API_KEY: AGENT_KEY, DIRECT_LINE_MESSAGES_PER_MINUTE: '4', TRUST_PROXY: 'loopback' };
    [a, b] = await Promise.all([startAssistant({ env, clock, redisPrefix }), startAssistant({ env, clock, redisPrefix })]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dropPrefixes(redisUrl!, [redisPrefix]);
  });
  const token = (server: RunningAssistant, address: string) => fetch(`${server.url}/api/webchat/token`, { method: 'POST', headers: { 'x-forwarded-for': address } });
  const agent = (server: RunningAssistant, key: string, address: string) => fetch(`${server.url}/api/agent/topics`, { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': address } });

  it('counts the new web chat conversations of an address on both instances against one limit', async () => {
    const statuses = [(await token(a, '203.0.113.7')).status, (await token(b, '203.0.113.7')).status, (await token(a, '203.0.113.7')).status];
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await token(b, '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect((await token(a, '198.51.100.20')).status).toBe(200);
  });

  it('counts the wrong agent keys of an address on both instances, and never refuses the right key', async () => {
    for (const [server, i] of [[a, 0], [b, 1], [a, 2], [b, 3]] as const) expect((await agent(server, `wrong-key-${i}-0123456789`, '192.0.2.1')).status).toBe(401);
    expect((await agent(a, 'wrong-key-again-0123456789', '192.0.2.1')).status).toBe(429);
    expect((await agent(b, AGENT_KEY, '192.0.2.1')).status).toBe(200);
  });

  it('counts the messages of one Direct Line conversation on both instances', async () => {
    const { body } = await call(`${a.url}/v3/directline/conversations`, { method: 'POST', auth: TEST_SECRET });
    const { token: dlToken, conversationId } = body as { token: string; conversationId: string };
    const send = (server: RunningAssistant, text: string) => call(`${server.url}/v3/directline/conversations/${conversationId}/activities`, { auth: dlToken, body: { type: 'message', from: { id: 'x' }, text } });
    const statuses = [];
    for (const [i, server] of [a, b, a, b, a].entries()) statuses.push((await send(server, `bonjour ${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });
});
