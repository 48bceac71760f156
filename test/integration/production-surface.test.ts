/**
 * What production leaves public, and what it protects: the operations endpoints need a key, the
 * Bot Framework endpoint refuses unauthenticated requests unless the Emulator mode is asked for
 * (and then replies only to this machine), and untrusted forwarded headers are reported once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBotFrameworkServiceUrl, isLoopbackUrl } from '../../src/channels/botframework/index.js';
import { createLogger, createMemoryLogDestination } from '../../src/shared/logger.js';
import { call, startAssistant, TEST_SECRET, type RunningAssistant } from '../support/assistant-server.js';
import { createScriptedEngine } from '../support/scripted-engine.js';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector.js';

const OPS_KEY = 'ops-key-for-production-tests-0123';
const AGENT_KEY = 'agent-key-for-production-tests-01';
const production = { NODE_ENV: 'production', SIMULATOR: 'on', DIRECT_LINE_SECRET: TEST_SECRET, OPS_API_KEY: OPS_KEY, AGENT_API_KEY: AGENT_KEY };

const activity = (serviceUrl: string, conversationId: string) => ({
  type: 'message',
  id: `a-${conversationId}`,
  channelId: 'emulator',
  serviceUrl,
  from: { id: 'user-1' },
  recipient: { id: 'bot' },
  conversation: { id: conversationId },
  text: 'bonjour',
});

const engine = createScriptedEngine();
const logs = createMemoryLogDestination();
let server: RunningAssistant;
let connector: FakeConnector;
beforeAll(async () => {
  connector = await startFakeConnector();
  server = await startAssistant({ engine, env: { ...production, TRUST_PROXY: '10.0.0.0/8' }, logger: createLogger({ level: 'warn', destination: logs }) });
});
afterAll(async () => {
  await server.close();
  await connector.close();
});

describe('production: operations endpoints', () => {
  it('keeps /healthz public and asks a key for /metrics and /api/nlu/parse', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.status).toBe(401);
    expect(await metrics.json()).toEqual({ error: { code: 'Unauthorized', message: expect.stringContaining('OPS_API_KEY') } });
    expect((await call(`${server.url}/api/nlu/parse`, { body: { text: 'mot de passe oublié' } })).status).toBe(401);
    expect((await call(`${server.url}/api/nlu/parse`, { body: { text: 'mot de passe oublié' }, auth: 'wrong-key-0123456789abcdef' })).status).toBe(401);
  });

  it('opens them with the operations key or the agent key', async () => {
    for (const key of [OPS_KEY, AGENT_KEY]) {
      const metrics = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${key}` } });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('assistant_turns_total');
      const parsed = await call(`${server.url}/api/nlu/parse`, { body: { text: 'mot de passe oublié' }, auth: key });
      expect(parsed.status).toBe(200);
    }
  });
});

describe('production: /api/messages without MicrosoftAppId', () => {
  it('refuses unauthenticated activities with a clear 403, and runs nothing', async () => {
    const res = await call(`${server.url}/api/messages`, { body: activity(connector.url, 'prod-1') });
    expect(res).toEqual({ status: 403, body: { error: { code: 'Forbidden', message: expect.stringContaining('BOTFRAMEWORK_EMULATOR=on') } } });
    expect(engine.turns).toEqual([]);
    expect(connector.calls).toEqual([]);
  });

  it('with BOTFRAMEWORK_EMULATOR=on, replies to this machine only', async () => {
    const emulator = await startAssistant({ engine, env: { ...production, BOTFRAMEWORK_EMULATOR: 'on' } });
    try {
      for (const elsewhere of ['http://10.1.2.3:8080/', 'https://example.org/', 'file:///etc/passwd', 'not a url']) {
        const refused = await call(`${emulator.url}/api/messages`, { body: activity(elsewhere, 'prod-2') });
        expect(refused.status, elsewhere).toBe(403);
      }
      expect(engine.turns).toEqual([]);
      const local = await call(`${emulator.url}/api/messages`, { body: activity(connector.url, 'prod-3') });
      expect(local.status).toBe(200);
      expect(connector.calls.map((c) => c.body.text)).toEqual(['Vous avez dit : bonjour']);
    } finally {
      await emulator.close();
    }
  });
});

describe('serviceUrl policies', () => {
  it('with an app id in production, accepts the Bot Framework service hosts only, over https', () => {
    for (const url of ['https://smba.trafficmanager.net/emea/', 'https://smba.infra.gcc.teams.microsoft.com/teams', 'https://webchat.botframework.com/', 'https://europe.directline.botframework.com/v3/']) {
      expect(isBotFrameworkServiceUrl(url), url).toBe(true);
    }
    for (const url of ['http://smba.trafficmanager.net/emea/', 'https://smba.trafficmanager.net:8443/', 'https://botframework.com.evil.example/', 'https://localhost/', 'https://127.0.0.1:6379/', 'nope']) {
      expect(isBotFrameworkServiceUrl(url), url).toBe(false);
    }
  });
  it('for an Emulator, accepts loopback addresses only', () => {
    expect(isLoopbackUrl('http://localhost:3979/')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:1/')).toBe(true);
    expect(isLoopbackUrl('http://10.0.0.1/')).toBe(false);
  });
});

describe('forwarded headers from an untrusted proxy', () => {
  it('are reported once, with what to set', async () => {
    for (let i = 0; i < 3; i++) await fetch(`${server.url}/healthz`, { headers: { 'x-forwarded-for': `203.0.113.${i}` } });
    const warnings = logs.lines().filter((l) => l.includes('"event":"http.untrusted_proxy"'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('TRUST_PROXY');
  });
});
