import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/shared/errors.js';

const fixed = (bytes: number) => 'r'.repeat(bytes * 2);

describe('configuration', () => {
  it('has embedded defaults: port 3978, simulator on, in-memory state, generated secrets', () => {
    const c = loadConfig({}, fixed);
    expect(c.port).toBe(3978);
    expect(c.simulator.enabled).toBe(true);
    expect(c.redisUrl).toBeUndefined();
    expect(c.backend.url).toBeUndefined();
    expect(c.directLine).toMatchObject({ secretGenerated: true, tokenTtlSeconds: 1800 });
    expect(c.directLine.secret.length).toBeGreaterThanOrEqual(32);
    expect(c.publicUrl).toBe('http://localhost:3978');
    expect(c.agent.apiKeyGenerated).toBe(true);
    expect(c).toMatchObject({ trustProxy: 'loopback', webChat: { tokensPerMinute: 20, allowedOrigins: [] }, agent: { maxKeyFailures: 20 } });
    expect(c.advisors.hours).toEqual({ timeZone: 'Europe/Paris', slots: [{ days: [1, 2, 3, 4, 5], fromMinutes: 510, toMinutes: 1050 }] });
  });

  it('reads the origins allowed to embed the chat and the advisors\' hours', () => {
    const c = loadConfig({ WEBCHAT_ALLOWED_ORIGINS: 'https://www.example.fr, http://localhost:8080/, https://www.example.fr', ADVISOR_HOURS: 'always', ADVISOR_TIMEZONE: 'UTC' }, fixed);
    expect(c.webChat.allowedOrigins).toEqual(['https://www.example.fr', 'http://localhost:8080']);
    expect(c.advisors.hours).toEqual({ timeZone: 'UTC', slots: [{ days: [1, 2, 3, 4, 5, 6, 7], fromMinutes: 0, toMinutes: 1440 }] });
  });

  it('reads and types every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      REDIS_URL: 'redis://127.0.0.1:6379/2',
      BACKEND_URL: 'http://backend:4000/',
      DIRECT_LINE_SECRET: 's'.repeat(40),
      CONVERSATION_IDLE_MINUTES: '45',
      SIM_ACCESS_CODE_MAX_ATTEMPTS: '3',
      TRUST_PROXY: '1',
      WEBCHAT_TOKENS_PER_MINUTE: '0',
      AGENT_KEY_MAX_FAILURES: '5',
    });
    expect(c.trustProxy).toBe(1);
    expect(c.webChat.tokensPerMinute).toBe(0);
    expect(c.agent.maxKeyFailures).toBe(5);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }, fixed).trustProxy).toBe('10.0.0.0/8, loopback');
    expect(c.port).toBe(8080);
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379/2');
    expect(c.backend.url).toBe('http://backend:4000');
    expect(c.simulator.enabled).toBe(false);
    expect(c.conversation.idleMinutes).toBe(45);
    expect(c.simulator.accessCodeMaxAttempts).toBe(3);
  });

  it('reads the seeds of a Redis Cluster, the conversation lease and the replay window', () => {
    const c = loadConfig({ REDIS_CLUSTER_NODES: ' redis://10.0.0.1:7000,redis://10.0.0.2:7000 , rediss://10.0.0.3:7000', CONVERSATION_LOCK_MS: '2000', DIRECT_LINE_REPLAY_WINDOW: '50' }, fixed);
    expect(c.redisClusterNodes).toEqual(['redis://10.0.0.1:7000', 'redis://10.0.0.2:7000', 'rediss://10.0.0.3:7000']);
    expect(c.conversationLockMs).toBe(2000);
    expect(c.directLine.replayWindow).toBe(50);
    const defaults = loadConfig({}, fixed);
    expect(defaults.redisClusterNodes).toBeUndefined();
    expect(defaults.conversationLockMs).toBe(5000);
    expect(defaults.directLine.replayWindow).toBe(100);
    expect(defaults.simulator.reseed).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT must be integer \(got "abc"\)\.$/],
    [{ PORT: '70000' }, /PORT must be <= 65535/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be equal to one of the allowed values \(fatal, error/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL must match pattern/],
    [{ REDIS_CLUSTER_NODES: 'redis://a:7000;redis://b:7000' }, /REDIS_CLUSTER_NODES must match pattern/],
    [{ CONVERSATION_LOCK_MS: '100' }, /CONVERSATION_LOCK_MS must be >= 500/],
    [{ WEBCHAT_TOKENS_PER_MINUTE: '-1' }, /WEBCHAT_TOKENS_PER_MINUTE must be >= 0/],
    [{ TRUST_PROXY: 'loopback; rm' }, /TRUST_PROXY must match pattern/],
    [{ NODE_ENV: 'production', DIRECT_LINE_SECRET: 's'.repeat(40) }, /NODE_ENV=production needs BACKEND_URL, or SIMULATOR=on/],
    [{ NODE_ENV: 'production', BACKEND_URL: 'http://b' }, /DIRECT_LINE_SECRET is required/],
    [{ MicrosoftAppId: 'abc' }, /MicrosoftAppPassword is required/],
    [{ WEBCHAT_ALLOWED_ORIGINS: 'https://www.example.fr/chat' }, /^Invalid configuration: WEBCHAT_ALLOWED_ORIGINS must list origins .*"https:\/\/www\.example\.fr\/chat"/],
    [{ WEBCHAT_ALLOWED_ORIGINS: '*' }, /WEBCHAT_ALLOWED_ORIGINS must list origins/],
    [{ ADVISOR_HOURS: '9h-17h' }, /^Invalid configuration: ADVISOR_HOURS "9h-17h" should read like "mon-fri 08:30-17:30"/],
    [{ ADVISOR_TIMEZONE: 'Paris' }, /^Invalid configuration: ADVISOR_TIMEZONE "Paris" is not a time zone/],
    [{ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' }, /MicrosoftAppTenantId is required/],
  ])('stops with one clear line naming the variable: %j', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env, fixed);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('never echoes a secret value in its error', () => {
    expect(() => loadConfig({ DIRECT_LINE_SECRET: 'tooshort-secret' }, fixed)).toThrow(/DIRECT_LINE_SECRET must NOT have fewer than 32 characters\.$/);
  });

  it('runs the simulator in production only when asked', () => {
    const c = loadConfig({ NODE_ENV: 'production', SIMULATOR: 'on', DIRECT_LINE_SECRET: 's'.repeat(40) }, fixed);
    expect(c.simulator.enabled).toBe(true);
    expect(c.agent.apiKey).toBeUndefined();
  });
});
