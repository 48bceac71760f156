import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digest } from '../../../src/backend/simulator/store/secrets.js';
import { loadConfig } from '../../../src/config/index.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { assemble } from '../../../src/server/assemble.js';
import type { KeyValueStore } from '../../../src/state/kv.js';
import { connectRedis, type RedisLink } from '../../../src/state/redis.js';
import { createRedisKeyValueStore } from '../../../src/state/redis-kv.js';
import { redisForTests, uniquePrefix } from '../../support/services.js';
import { startTestSimulator, unwrap, wrongCode, type TestSimulator } from '../../support/simulator.js';

const url = await redisForTests();
let client: RedisLink;
const prefixes: string[] = [];

function store(): KeyValueStore {
  const prefix = uniquePrefix('simulator');
  prefixes.push(prefix);
  return createRedisKeyValueStore(client, { prefix });
}

beforeAll(async () => {
  if (url) client = await connectRedis(url, createSilentLogger());
});
afterAll(async () => {
  if (!client) return;
  // Only our own keys, found with SCAN: never FLUSHDB on a shared Redis.
  for (const prefix of prefixes) {
    const kv = createRedisKeyValueStore(client, { prefix });
    for (const key of await kv.keys('')) await kv.delete(key);
  }
  await client.close();
});

describe.runIf(url)('simulated backend on Redis', () => {
  async function twoInstances(): Promise<[TestSimulator, TestSimulator, KeyValueStore]> {
    const kv = store();
    return [await startTestSimulator({ kv }), await startTestSimulator({ kv }), kv];
  }

  it('keeps every change across instances and restarts (seeded once)', async () => {
    const [a, b, kv] = await twoInstances();
    try {
      unwrap(await a.client.call('requestPasswordReset', { nir: '1790375056234', birthDate: '1979-03-22' }));
      const token = (await b.lastMessage('julien.moreau@example.fr')).link!.split('/').at(-1)!;
      unwrap(await b.client.call('setNewPassword', { token, newPassword: 'Redis-2026' }));
      expect((await a.persona('julien-moreau')).ameliPassword).toBe('Redis-2026');
      await a.close();
      const restarted = await startTestSimulator({ kv });
      try {
        expect((await restarted.persona('julien-moreau')).ameliPassword).toBe('Redis-2026');
        expect(await restarted.outbox('julien.moreau@example.fr')).toHaveLength(1);
      } finally {
        await restarted.close();
      }
    } finally {
      await Promise.allSettled([a.close(), b.close()]);
    }
  });

  it('shares the lockout of a person between two instances (two conversations, two servers)', async () => {
    const [a, b] = await twoInstances();
    try {
      const p = await a.persona('camille-durand');
      const req = { provisionalCode: p.mes.provisionalCode, nir: p.nir, birthDate: '1988-07-14', cardType: 'photo' as const, vitaleSerial: p.mes.vitaleSerial! };
      const onA = unwrap(await a.client.call('mesIdentify', req, { requestId: 'conv-a' }));
      const onB = unwrap(await b.client.call('mesIdentify', req, { requestId: 'conv-b' }));
      unwrap(await a.client.call('mesSendAccessCode', { enrolmentId: onA.enrolmentId, channel: 'email' }));
      const codeA = (await a.lastMessage(p.email!)).code!;
      unwrap(await b.client.call('mesSendAccessCode', { enrolmentId: onB.enrolmentId, channel: 'email' }));
      const codeB = (await b.lastMessage(p.email!)).code!;
      // Concurrent wrong attempts on both instances are all counted (atomic increments).
      await Promise.all([0, 1].map(() => a.client.call('mesVerifyAccessCode', { enrolmentId: onA.enrolmentId, code: wrongCode(codeA) })));
      await Promise.all([0, 1].map(() => b.client.call('mesVerifyAccessCode', { enrolmentId: onB.enrolmentId, code: wrongCode(codeB) })));
      expect(await b.client.call('mesVerifyAccessCode', { enrolmentId: onB.enrolmentId, code: wrongCode(codeB) })).toMatchObject({ ok: false, error: { code: 'locked' } });
      expect(await a.client.call('mesVerifyAccessCode', { enrolmentId: onA.enrolmentId, code: codeA })).toMatchObject({ ok: false, error: { code: 'locked' } });
    } finally {
      await Promise.allSettled([a.close(), b.close()]);
    }
  });

  it('moves the time of every instance with POST /sim/clock', async () => {
    const [a, b] = await twoInstances();
    try {
      unwrap(await a.client.call('requestPasswordReset', { nir: '1790375056234', birthDate: '1979-03-22' }));
      const token = (await a.lastMessage('julien.moreau@example.fr')).link!.split('/').at(-1)!;
      await a.advanceMinutes(30);
      expect(unwrap(await b.client.call('resetLinkStatus', { token })).status).toBe('expired');
    } finally {
      await Promise.allSettled([a.close(), b.close()]);
    }
  });

  it('gives a double submit on two instances one effect', async () => {
    const [a, b] = await twoInstances();
    try {
      const opts = { idempotencyKey: 'redis-double-submit' };
      const req = { nir: '1790375056234', birthDate: '1979-03-22' };
      const [r1, r2] = await Promise.all([a.client.call('requestPasswordReset', req, opts), b.client.call('requestPasswordReset', req, opts)]);
      expect(r1).toEqual(r2);
      expect(await a.outbox('julien.moreau@example.fr')).toHaveLength(1);
    } finally {
      await Promise.allSettled([a.close(), b.close()]);
    }
  });

  it('sets TTLs that follow the expiries (reset link 30 minutes, access code session, lockout 15 minutes) plus a day of retention', async () => {
    const kv = store();
    const sim = await startTestSimulator({ kv });
    try {
      unwrap(await sim.client.call('requestPasswordReset', { nir: '1790375056234', birthDate: '1979-03-22' }));
      const token = (await sim.lastMessage('julien.moreau@example.fr')).link!.split('/').at(-1)!;
      const day = 24 * 60 * 60_000;
      const resetTtl = (await kv.ttl(`sim:reset:${digest(token)}`))!;
      expect(resetTtl).toBeGreaterThan(30 * 60_000 + day - 5000);
      expect(resetTtl).toBeLessThanOrEqual(30 * 60_000 + day);

      const p = await sim.persona('camille-durand');
      const session = unwrap(
        await sim.client.call('mesIdentify', { provisionalCode: p.mes.provisionalCode, nir: p.nir, birthDate: '1988-07-14', cardType: 'photo', vitaleSerial: p.mes.vitaleSerial! }),
      );
      const enrolmentTtl = (await kv.ttl(`sim:enrolment:${session.enrolmentId}`))!;
      expect(enrolmentTtl).toBeGreaterThan(60 * 60_000 + day - 5000);
      unwrap(await sim.client.call('mesSendAccessCode', { enrolmentId: session.enrolmentId, channel: 'email' }));
      const code = (await sim.lastMessage(p.email!)).code!;
      for (let i = 0; i < 5; i++) await sim.client.call('mesVerifyAccessCode', { enrolmentId: session.enrolmentId, code: wrongCode(code) });
      const lockTtl = (await kv.ttl('sim:lockout:camille-durand:until'))!;
      expect(lockTtl).toBeGreaterThan(15 * 60_000 + day - 5000);
      expect(lockTtl).toBeLessThanOrEqual(15 * 60_000 + day);
      // The register of people has no TTL.
      expect(await kv.ttl('sim:person:camille-durand')).toBeUndefined();
    } finally {
      await sim.close();
    }
  });

  it('seeds its personas again when it finds its store emptied, on every instance, once (development)', async () => {
    const kv = store();
    const [a, b] = [await startTestSimulator({ kv }), await startTestSimulator({ kv })];
    try {
      unwrap(await a.client.call('requestPasswordReset', { nir: '1790375056234', birthDate: '1979-03-22' }));
      // FLUSHALL of the simulator's keys (never of the shared server).
      for (const key of await kv.keys('')) await kv.delete(key);
      const [onA, onB] = await Promise.all([a.personas(), b.personas()]);
      expect(onA.map((p) => p.id)).toContain('julien-moreau');
      expect(onB).toEqual(onA);
      expect(unwrap(await b.client.call('requestPasswordReset', { nir: '1790375056234', birthDate: '1979-03-22' }))).toBeDefined();
      expect((await kv.keys('sim:person:')).length).toBe(onA.length + onA.reduce((n, p) => n + p.dependants.length, 0));
    } finally {
      await Promise.allSettled([a.close(), b.close()]);
    }
  });

  it('stays empty when seeding again is off (production)', async () => {
    const kv = store();
    const sim = await startTestSimulator({ kv, reseed: false });
    try {
      for (const key of await kv.keys('')) await kv.delete(key);
      expect(await sim.personas()).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('lives in the assistant Redis under its own prefix when REDIS_URL is set', async () => {
    const prefix = uniquePrefix('assistant');
    prefixes.push(prefix);
    const assistant = await assemble(loadConfig({ LOG_LEVEL: 'silent', PORT: '0', REDIS_URL: url! }), { logger: createSilentLogger(), redisPrefix: prefix });
    const server: Server = assistant.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      assistant.onListening((server.address() as AddressInfo).port);
      unwrap(await assistant.services.backend.call('requestPasswordReset', { nir: '1790375056234', birthDate: '1979-03-22' }));
      // The simulator's keys apart from the assistant's: `<prefix>sim:` in tests, `ameli-sim:` beside `ameli:` by default.
      const raw = createRedisKeyValueStore(client, { prefix: `${prefix}sim:` });
      expect((await raw.keys('person:')).length).toBeGreaterThanOrEqual(10);
      expect(await raw.range('outbox:to:julien.moreau@example.fr')).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await assistant.close();
    }
  });
});
