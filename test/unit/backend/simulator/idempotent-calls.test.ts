import express from 'express';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BEHAVIOUR, type Behaviour } from '../../../../src/backend/simulator/core/behaviour.js';
import { createSimulatedBackend } from '../../../../src/backend/simulator/core/backend.js';
import type { CoreContext } from '../../../../src/backend/simulator/core/context.js';
import { createApiRouter } from '../../../../src/backend/simulator/http/api-router.js';
import { createIdempotency } from '../../../../src/backend/simulator/store/idempotency.js';
import { createSilentLogger } from '../../../../src/shared/logger.js';
import { createMemoryKeyValueStore } from '../../../../src/state/memory-kv.js';

const reset = { nir: '1790375056234', birthDate: '1979-03-22' };
const sent = { ok: true as const, value: { emailMasked: 'j***@e***.fr', linkValidMinutes: 30 } };

/** A simulated backend whose password reset runs until the test lets it finish. */
function slowBackend() {
  let finish: () => void = () => undefined;
  const running = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let runs = 0;
  const behaviour: Behaviour = {
    ...BEHAVIOUR,
    requestPasswordReset: async () => {
      runs++;
      await running;
      return sent;
    },
  };
  // The reset above uses no context; only the clock is synced before each call.
  const ctx = { clock: { sync: () => Promise.resolve() } } as unknown as CoreContext;
  const backend = createSimulatedBackend(ctx, createIdempotency(createMemoryKeyValueStore(), { waitMs: 0 }), behaviour);
  return { backend, finish, runs: () => runs };
}

describe('simulated backend: a repeat of a request that is still running', () => {
  it('answers 409 in_progress with Retry-After over HTTP, runs the work once, then replays its answer', async () => {
    const { backend, finish, runs } = slowBackend();
    const app = express().use(express.json()).use(createApiRouter(backend, createSilentLogger()));
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ameli/password-resets`;
    const post = () => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k1' }, body: JSON.stringify(reset) });
    try {
      const first = post();
      while (runs() === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const repeat = await post();
      expect(repeat.status).toBe(409);
      expect(repeat.headers.get('retry-after')).toBe('1');
      expect(await repeat.json()).toMatchObject({ error: { code: 'in_progress' } });
      finish();
      expect((await first).status).toBe(200);
      const replay = await post();
      expect(await replay.json()).toEqual(sent.value);
      expect(runs()).toBe(1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('tells an in-process client that the outcome is unconfirmed', async () => {
    const { backend, finish, runs } = slowBackend();
    const first = backend.client.call('requestPasswordReset', reset, { idempotencyKey: 'k2' });
    while (runs() === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(await backend.client.call('requestPasswordReset', reset, { idempotencyKey: 'k2' })).toMatchObject({ ok: false, error: { code: 'unconfirmed' } });
    finish();
    expect(await first).toEqual(sent);
  });
});
