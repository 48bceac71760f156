/**
 * The real simulator in-process, listening on a loopback port, reached by the real HTTP client.
 * Its clock follows the engine's fake clock (clock> moves both), so expiries are real: a reset
 * link dies after 30 minutes, an access code after 15, a lockout lifts when its time has passed.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createHttpBackendClient } from '../../src/backend/client/index.js';
import { createSimulator } from '../../src/backend/simulator/index.js';
import { createFakeClock, createOffsetClock } from '../../src/shared/clock.js';
import { HARNESS_START } from './harness-nock.js';
import type { BackendHarness, OutboxMessage } from './runner.js';
import { createMemoryKeyValueStore } from '../../src/state/memory-kv.js';

export async function createSimulatorHarness(): Promise<BackendHarness> {
  const clock = createFakeClock(HARNESS_START);
  let base = '';
  const simulator = await createSimulator({ kv: createMemoryKeyValueStore(), clock: createOffsetClock(clock), publicUrl: () => base });
  const app = express();
  app.use('/sim', simulator.app);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sim`;
  return {
    mode: 'sim',
    client: createHttpBackendClient({ baseUrl: base, retries: 0, timeoutMs: 5000 }),
    clock,
    persona: async (id) => {
      const p = (await simulator.personas()).find((x) => x.id === id);
      if (!p) throw new Error(`unknown persona "${id}"`);
      return p as unknown as Record<string, unknown>;
    },
    outbox: async (persona) => {
      const messages: OutboxMessage[] = [];
      for (const to of [persona.email, persona.phone]) if (typeof to === 'string') messages.push(...((await simulator.outbox(to)) as OutboxMessage[]));
      return messages.sort((a, b) => a.sentAt.localeCompare(b.sentAt));
    },
    prepareTurn: () => undefined,
    checkTurn: () => undefined,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
