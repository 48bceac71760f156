/**
 * Per-address limits on what anyone can reach: new web chat conversations, and wrong agent keys.
 * Windows move with a fake clock; X-Forwarded-For counts only from a trusted proxy (TRUST_PROXY).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/shared/clock.js';
import { startAssistant, type RunningAssistant } from '../support/assistant-server.js';

const clock = createFakeClock('2026-03-02T10:00:00.000Z');
let server: RunningAssistant;
const AGENT_KEY = 'agent-key-for-rate-limit-tests';

beforeAll(async () => {
  server = await startAssistant({
    clock,
    env: { WEBCHAT_TOKENS_PER_MINUTE: '3', AGENT_KEY_MAX_FAILURES: '4', AGENT_API_KEY: AGENT_KEY, TRUST_PROXY: 'loopback' },
  });
});
afterAll(() => server?.close());

const token = (forwardedFor?: string) =>
  fetch(`${server.url}/api/webchat/token`, { method: 'POST', headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
const agent = (key: string, forwardedFor: string) =>
  fetch(`${server.url}/api/agent/topics`, { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': forwardedFor } });

describe('rate limits', () => {
  it('gives an address WEBCHAT_TOKENS_PER_MINUTE new conversations a minute, then 429 with Retry-After', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await token('203.0.113.7')).status);
    expect(statuses).toEqual([200, 200, 200]);
    clock.advance(15_000);
    const refused = await token('203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('45');
    expect(await refused.json()).toEqual({ error: { code: 'TooManyRequests', message: expect.stringContaining('Too many') } });

    // Another client behind the same trusted proxy is not affected; the first one comes back after the minute.
    expect((await token('198.51.100.20')).status).toBe(200);
    clock.advance(45_000);
    expect((await token('203.0.113.7')).status).toBe(200);
  });

  it('refuses wrong keys from an address with 429 for 15 minutes after AGENT_KEY_MAX_FAILURES, but never the right key', async () => {
    expect((await agent(AGENT_KEY, '192.0.2.1')).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await agent(`wrong-key-${i}-0123456789`, '192.0.2.1')).status).toBe(401);
    const blocked = await agent('wrong-key-again-0123456789', '192.0.2.1');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBe(15 * 60);
    // Agents behind the same address (a load balancer) keep working with the right key.
    expect((await agent(AGENT_KEY, '192.0.2.1')).status).toBe(200);
    expect((await agent(AGENT_KEY, '192.0.2.2')).status).toBe(200);
    clock.advanceMinutes(15);
    expect((await agent('wrong-key-later-0123456789', '192.0.2.1')).status).toBe(401);
  });

  it('counts refusals in /metrics', async () => {
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/http_rate_limited_total\{limit="webchat_token"\} 1/);
    expect(metrics).toMatch(/http_rate_limited_total\{limit="agent_key"\} 1/);
  });
});

describe('rate limits behind an untrusted proxy header', () => {
  let direct: RunningAssistant;
  beforeAll(async () => {
    direct = await startAssistant({ clock: createFakeClock(), env: { WEBCHAT_TOKENS_PER_MINUTE: '2', TRUST_PROXY: '10.0.0.0/8' } });
  });
  afterAll(() => direct?.close());

  it('does not let a client pick its own address with X-Forwarded-For when the proxy is not trusted', async () => {
    const post = (ip: string) => fetch(`${direct.url}/api/webchat/token`, { method: 'POST', headers: { 'x-forwarded-for': ip } });
    expect((await post('203.0.113.1')).status).toBe(200);
    expect((await post('203.0.113.2')).status).toBe(200);
    expect((await post('203.0.113.3')).status).toBe(429);
  });
});
