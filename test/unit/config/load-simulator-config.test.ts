import { describe, expect, it } from 'vitest';
import { loadConfig, loadSimulatorConfig } from '../../../src/config/index.js';

describe('standalone simulator configuration', () => {
  it('listens on 3979 by default, in memory, with 5 attempts and a 15-minute lock', () => {
    expect(loadSimulatorConfig({})).toEqual({ port: 3979, host: '0.0.0.0', logLevel: 'info', accessCodeMaxAttempts: 5, accessCodeLockMinutes: 15, redisCommandTimeoutMs: 1000, reseed: true });
  });

  it('reads its variables, and ignores the assistant production rules', () => {
    const c = loadSimulatorConfig({
      NODE_ENV: 'production',
      SIM_PORT: '0',
      SIM_PUBLIC_URL: 'https://sim.example.fr/',
      REDIS_URL: 'redis://127.0.0.1:6379/1',
      SIM_ACCESS_CODE_MAX_ATTEMPTS: '3',
      SIM_ACCESS_CODE_LOCK_MINUTES: '30',
    });
    expect(c).toMatchObject({ port: 0, publicUrl: 'https://sim.example.fr', redisUrl: 'redis://127.0.0.1:6379/1', accessCodeMaxAttempts: 3, accessCodeLockMinutes: 30, reseed: false });
  });

  it('reads the seeds of a Redis Cluster, and seeds an emptied store again when asked', () => {
    const c = loadSimulatorConfig({ REDIS_CLUSTER_NODES: 'redis://10.0.0.1:7000, redis://10.0.0.2:7000', NODE_ENV: 'production', SIM_RESEED: 'on' });
    expect(c).toMatchObject({ redisClusterNodes: ['redis://10.0.0.1:7000', 'redis://10.0.0.2:7000'], reseed: true });
  });

  it('stops with one line naming a wrong variable', () => {
    expect(() => loadSimulatorConfig({ SIM_PORT: 'x' })).toThrow(/^Invalid configuration: SIM_PORT must be integer \(got "x"\)\.$/);
    expect(() => loadSimulatorConfig({ SIM_PUBLIC_URL: 'ftp://x' })).toThrow(/SIM_PUBLIC_URL must match pattern/);
  });

  it('is part of the assistant configuration too', () => {
    const c = loadConfig({ SIM_PORT: '4000' }, (n) => 'r'.repeat(n * 2));
    expect(c.simulator.port).toBe(4000);
    expect(c.simulator.publicUrl).toBeUndefined();
  });
});
